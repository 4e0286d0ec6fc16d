// Lua bindings of the rate model family: net:rate{}, net:connect() between rate populations and
// net:run{} of a rate network (batched trials, recorded states or rates).
#include "convert.hpp"
#include "module.hpp"
#include "network.hpp"

#include "network/rate_network.hpp"
#include "sim/rate_run.hpp"

#include <string>

namespace chaoslab::lua {

namespace {

struct RateCall : RateSpec {
    std::string name;
    WeightSign dale = WeightSign::any;
    std::optional<Array> input_array; // 1-D (per unit) or 2-D (time series): RateSpec::set_input
    double input_step = 1.0;
};

const OptionTable<RateCall> kRateOptions{
    "rate",
    {
        integer("n", &RateSpec::n, "number of units", Check::positive_integer, INT32_MAX).needed(),
        distribution("tau", &RateSpec::tau, "ms",
                     "time constant (number, distribution or array; > 0); lambda comes out in 1/ms"),
        choice("phi", &RateSpec::phi, kTransferNames,
               "transfer function: tanh, tanh_stretched (= tanh with gain/shift), tanh_pos, relu, sigmoid, linear",
               false),
        distribution("gain", &RateSpec::gain, "",
                     "per-unit gain G in phi(G (x - shift)) (number, distribution or array)"),
        distribution("shift", &RateSpec::shift, "",
                     "per-unit shift s in phi(G (x - s)) (number, distribution or array)"),
        custom<RateCall>("input", "", "0",
                         "external input I: a number, distribution or array of n (constant), or a 2-D array n x "
                         "samples (a time series held input_step ms each)",
                         [](const OptionContext& c, RateCall& s) {
                             if (Array* a = test_array(c.L, c.idx)) {
                                 s.input_array = *a;
                             } else {
                                 s.input = detail::read_distribution(c);
                             }
                         }),
        number("input_step", &RateCall::input_step, "ms", "time between samples of an input time series",
               Check::positive),
        distribution("x_init", &RateSpec::x_init, "", "initial state, drawn per trial (distribution, number or array)"),
        choice("form", &RateSpec::form, kRateFormNames,
               "'current': tau dx/dt = -x + J phi(x) + I; 'rate': tau dr/dt = -r + phi(J r + I) (seed 001's code)"),
        choice("dale", &RateCall::dale, kDaleNames,
               "'excitatory' or 'inhibitory': the sign of every outgoing coupling (Dale's law)"),
        text("name", &RateCall::name, "name used in messages and summaries").shows("'rate population k'"),
    },
    {{"seed001",
      [](RateCall& s) {
          s.form = RateForm::rate;
          s.tau = Distribution::constant(20.0);
      }}},
    "'seed001': form = 'rate', tau = 20 ms (RNN_chaos); other options override it"};

const OptionTable<RateConnectRequest> kConnectOptions{
    "connect",
    {
        number("p", &RateConnectRequest::p, "", "density of the random mask (Bernoulli per ordered pair); 1 = dense",
               Check::probability),
        number("g", &RateConnectRequest::g, "",
               "coupling gain: weights g z / sqrt(n_pre p) with z ~ weight ('textbook' scaling)", Check::finite)
            .shows("1"),
        choice("scaling", &RateConnectRequest::scaling, kCouplingScalingNames,
               "'textbook' (variance g^2/(n_pre p) for z ~ N(0, 1)), 'seed001' (standard deviation g/(n_pre p), "
               "seed 001's code) or 'none' (weights g z); 'none' when only `weight` is given")
            .shows("'textbook'"),
        distribution("weight", &RateConnectRequest::weight, "",
                     "distribution of z (random masks), or an array with explicit pre/post lists")
            .shows("normal(0, 1)"),
        flag("autapses", &RateConnectRequest::autapses, "allow J_ii (zero diagonal by default)"),
        flag("zero_mean", &RateConnectRequest::zero_mean, "subtract the sample mean of the drawn weights (seed 001)"),
        ids("pre", &RateConnectRequest::pre,
            "explicit couplings: presynaptic indices (1-based, within pre), with post and weight")
            .shows("-"),
        ids("post", &RateConnectRequest::post,
            "explicit couplings: postsynaptic indices (1-based, within post); duplicates add up")
            .shows("-"),
    },
    {{"seed001",
      [](RateConnectRequest& s) {
          s.p = 0.1;
          s.default_scaling = CouplingScaling::seed001;
          s.zero_mean = true;
      }}},
    "'seed001': p = 0.1, scaling = 'seed001', zero_mean = true"};

struct RecordCall {
    std::optional<std::vector<std::int64_t>> units; // none: every unit
    double every = 0.0;
    bool phi = false;
};

const OptionTable<RecordCall> kRecordOptions{
    "run",
    {
        custom<RecordCall>("units", "", "'all'", "ids (1-based) of the recorded units, or 'all'",
                           [](const OptionContext& c, RecordCall& s) {
                               if (lua_type(c.L, c.idx) == LUA_TSTRING) {
                                   if (std::string(lua_tostring(c.L, c.idx)) != "all")
                                       c.fail("must be a list of unit ids or 'all'");
                                   return;
                               }
                               s.units = read_ids(c.L, c.idx, c.list(), true);
                           }),
        number("every", &RecordCall::every, "ms", "sampling interval", Check::positive).shows("dt"),
        choice("what", &RecordCall::phi, {{"x", false}, {"phi", true}},
               "'x' (the state) or 'phi' (phi(x), the rates of the current form)"),
    }};

struct RunCall : RateRunOptions {
    TrialSelection trial_selection;
    RecordCall recording;
};

const OptionTable<RunCall> kRunOptions{
    "run",
    {
        number("duration", &RateRunOptions::duration_ms, "ms", "integrated time", Check::positive).needed(),
        number("dt", &RateRunOptions::dt_ms, "ms", "time step", Check::positive),
        choice("method", &RateRunOptions::method, kFlowMethodNames, "'euler' or 'rk4'"),
        trials_option(&RunCall::trial_selection, "1",
                      "number of trials (initial states of trials seed.trial, ...) or a list of trial numbers"),
        custom<RunCall>("record", "", "all units, every step", "{units = ids or 'all', every = ms, what = 'x' | 'phi'}",
                        [](const OptionContext& c, RunCall& s) {
                            s.recording = kRecordOptions.read(c.L, c.idx, RecordCall{}, c.name + ".");
                        }),
    }};

// net:rate{n =, tau =, phi =, ...} -> chaoslab.Population
int rate_population(lua_State* L) {
    auto& net = check_network(L, 1);
    RateCall call = kRateOptions.read(L, 2);
    if (call.input_array) call.set_input(*call.input_array, call.input_step);
    RateNetwork& rate = family_network<RateNetwork>(*net, "rate");
    const std::uint32_t index = rate.add_population(call, call.name, call.dale);
    push_population(L, net, index);
    return 1;
}

// net:connect(pre, post, {...}) between rate populations -> number of couplings
int rate_connect(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pre = population_of(L, 2, net);
    const std::uint32_t post = population_of(L, 3, net);
    const RateConnectRequest request = kConnectOptions.read(L, 4);
    RateNetwork& rate = family_network<RateNetwork>(*net, "connect");
    const std::uint32_t index = rate.connect(pre, post, request);
    lua_pushinteger(L, static_cast<lua_Integer>(rate.projections()[index].weights->size()));
    return 1;
}

// net:run{duration =, dt =, method =, trials =, record = {...}} of a rate network
int rate_run(lua_State* L) {
    auto& net = check_network(L, 1);
    RunCall call = kRunOptions.read(L, 2);
    const RateNetwork& rate = family_network<RateNetwork>(*net, "run");
    const RateSystem system(rate);
    call.trials = trial_seeds(net->seed, call.trial_selection, "run");
    if (call.recording.units)
        call.record.units = checked_ids(*call.recording.units, rate.size(), "run", "record.units");
    call.record.every_ms = call.recording.every;
    call.record.phi = call.recording.phi;
    RateRun run = run_rate_trials(system, call);

    const std::size_t samples = run.times.size();
    lua_createtable(L, 0, 3);
    push_array(L, std::move(run.times));
    lua_setfield(L, -2, "times");
    lua_createtable(L, static_cast<int>(run.traces.size()), 0);
    for (std::size_t k = 0; k < run.traces.size(); ++k) {
        push_array(L, std::move(run.traces[k]), {run.units, samples});
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
    lua_setfield(L, -2, call.record.phi ? "phi" : "x");
    lua_createtable(L, static_cast<int>(run.finals.size()), 0);
    for (std::size_t k = 0; k < run.finals.size(); ++k) {
        push_array(L, std::move(run.finals[k]));
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
    lua_setfield(L, -2, "final");
    return 1;
}

} // namespace

void register_rate(lua_State* L) {
    add_family(L, {"rate", "rate", wrap<rate_connect>, wrap<rate_run>},
               {"chaoslab.Network:connect (rate)", "net:connect(pre, post, {p =, g =, ...}) -> couplings",
                "Couplings J[post][pre] between rate populations: a Gaussian random block (variance g^2/(n_pre p) on "
                "a Bernoulli(p) mask; dense for p = 1), or explicit pre/post/weight lists (e.g. from "
                "chaoslab.connectome.read). The presynaptic population's dale sign applies.",
                kConnectOptions.specs()},
               {"chaoslab.Network:run (rate)", "net:run{duration =, dt =, method =, trials =, record =} -> table",
                "Integrates a rate network (Euler or RK4) from each trial's initial state. Returns {times = Array "
                "(ms), x = {Array units x samples per trial} (or phi), final = {Array n per trial}}.",
                kRunOptions.specs()});
    add_network_method(L, "rate", wrap<rate_population>,
                       {"chaoslab.Network:rate", "net:rate{n =, tau =, phi =, ...} -> chaoslab.Population",
                        "Adds a population of rate units: tau dx/dt = -x + J phi(x) + I(t) (form 'current') or tau "
                        "dr/dt = -r + phi(J r + I(t)) (form 'rate'). Couple with net:connect, integrate with "
                        "net:run, analyse with chaoslab.lyapunov.",
                        kRateOptions.specs()});
}

} // namespace chaoslab::lua
