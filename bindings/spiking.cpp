// Lua bindings of the spiking model family: net:lif{}, net:connect() between LIF populations,
// net:poisson(), net:channels{}, net:current() and net:run{} of a spiking network.
#include "convert.hpp"
#include "module.hpp"
#include "network.hpp"

#include "network/spiking_network.hpp"
#include "sim/run.hpp"

#include <string>

namespace chaoslab::lua {

namespace {

// ---- option tables ------------------------------------------------------------------------------

struct LifCall : LifSpec {
    std::string name;
    WeightSign dale = WeightSign::any;
};

const OptionTable<LifCall> kLifOptions{
    "lif",
    {
        integer("n", &LifSpec::n, "number of neurons", Check::positive_integer, INT32_MAX).needed(),
        distribution("tau_m", &LifSpec::tau_m, "ms", "membrane time constant (number, distribution or array; > 0)"),
        distribution("v_rest", &LifSpec::v_rest, "mV", "resting potential"),
        distribution("v_reset", &LifSpec::v_reset, "mV", "reset potential after a spike (< v_th)"),
        distribution("v_th", &LifSpec::v_th, "mV", "spike threshold; a distribution gives threshold heterogeneity"),
        distribution("t_ref", &LifSpec::t_ref, "ms",
                     "refractory period (rounded to whole steps; V is clamped at v_reset)"),
        distribution("i_e", &LifSpec::i_e, "mV", "constant drive R*I: V relaxes to v_rest + i_e"),
        distribution("v_init", &LifSpec::v_init, "mV",
                     "initial potential, drawn per trial (e.g. chaoslab.uniform(-65, -55))")
            .shows("v_rest"),
        text("name", &LifCall::name, "name used in messages and summaries").shows("'population k'"),
        choice("dale", &LifCall::dale, kDaleNames,
               "'excitatory' or 'inhibitory': the sign of every outgoing weight (Dale's law)"),
    }};

template <class S> Option<S> synapse_kind_of(const char* doc) {
    return choice(
        "synapse", +[](S& s) -> SynapseKind& { return s.synapse.kind; }, kSynapseKindNames, doc);
}
template <class S> Option<S> tau_syn_of() {
    return number(
        "tau_syn", +[](S& s) -> double& { return s.synapse.tau_syn_ms; }, "ms", "decay time of exponential synapses",
        Check::positive);
}

const OptionTable<SpikingConnect> kConnectOptions{
    "connect",
    {
        number("p", &SpikingConnect::p, "", "connection probability of every ordered pair (Bernoulli)",
               Check::probability)
            .shows("-"),
        integer("indegree", &SpikingConnect::indegree, "fixed number of presynaptic partners per postsynaptic neuron",
                Check::non_negative_integer)
            .shows("-"),
        ids("pre", &SpikingConnect::pre,
            "explicit connections: presynaptic indices (1-based, within pre), with post and weight")
            .shows("-"),
        ids("post", &SpikingConnect::post, "explicit connections: postsynaptic indices (1-based, within post)")
            .shows("-"),
        distribution("weight", &SpikingConnect::weight, "mV",
                     "synaptic weight: total depolarisation of one spike without leak (number, distribution or "
                     "array)")
            .needed(),
        synapse_kind_of<SpikingConnect>("'exponential' (current w/tau_syn e^(-t/tau_syn)) or 'delta' (V jumps by w)"),
        tau_syn_of<SpikingConnect>(),
        distribution("delay", &SpikingConnect::delay, "ms",
                     "transmission delay (number, distribution or array); rounded to whole steps, >= 1 step"),
        flag("autapses", &SpikingConnect::autapses, "allow i -> i when pre and post are the same population"),
    }};

struct PoissonCall {
    double rate = 0.0;
    Distribution weight = Distribution::constant(0.0);
    SynapseModel synapse;
};

const OptionTable<PoissonCall> kPoissonOptions{
    "poisson",
    {
        number("rate", &PoissonCall::rate, "Hz", "rate of each neuron's independent Poisson train", Check::non_negative)
            .needed(),
        distribution("weight", &PoissonCall::weight, "mV",
                     "weight of each input spike (number, distribution or array over the neurons)")
            .needed(),
        synapse_kind_of<PoissonCall>("'exponential' or 'delta'"),
        tau_syn_of<PoissonCall>(),
    }};

struct ChannelsCall {
    std::int64_t n = 0;
    double p = 0.0;
    Array rate;
    double rate_step = 1.0;
    Distribution weight = Distribution::constant(0.0);
    std::shared_ptr<PopulationHandle> target;
    SynapseModel synapse;
};

const OptionTable<ChannelsCall> kChannelOptions{
    "channels",
    {
        integer("n", &ChannelsCall::n, "number of channels (each one Poisson train)", Check::positive_integer,
                UINT32_MAX)
            .needed(),
        number("p", &ChannelsCall::p, "", "probability that a channel projects to a neuron", Check::probability)
            .needed(),
        custom<ChannelsCall>("rate", "Hz", "required",
                             "channel rates: a number, a 1-D array (one per channel) or a 2-D array n x samples "
                             "(a time series, held rate_step ms each)",
                             [](const OptionContext& c, ChannelsCall& s) {
                                 if (lua_type(c.L, c.idx) == LUA_TNUMBER) {
                                     s.rate = Array(Shape{}, lua_tonumber(c.L, c.idx));
                                 } else if (Array* a = test_array(c.L, c.idx)) {
                                     s.rate = *a;
                                 } else {
                                     c.fail("must be a number or an array, got " + c.got());
                                 }
                             })
            .needed(),
        number("rate_step", &ChannelsCall::rate_step, "ms", "time between samples of a rate time series",
               Check::positive),
        distribution("weight", &ChannelsCall::weight, "mV",
                     "weight of a channel spike at each of its synapses (distribution allowed)")
            .needed(),
        custom<ChannelsCall>("target", "", "first population", "the chaoslab.Population the channels project to",
                             [](const OptionContext& c, ChannelsCall& s) {
                                 if (!luaL_testudata(c.L, c.idx, kPopulationMT))
                                     c.fail("must be a chaoslab.Population, got " + c.got());
                                 s.target = check_population(c.L, c.idx);
                             }),
        synapse_kind_of<ChannelsCall>("'exponential' or 'delta'"),
        tau_syn_of<ChannelsCall>(),
    }};

struct CurrentCall {
    Distribution amplitude = Distribution::constant(0.0);
    double start = 0.0, stop = 0.0;
};

const OptionTable<CurrentCall> kCurrentOptions{
    "current",
    {
        distribution("amplitude", &CurrentCall::amplitude, "mV",
                     "drive R*I added during [start, stop) (number, distribution or array)")
            .needed(),
        number("start", &CurrentCall::start, "ms", "onset (rounded to a step)", Check::non_negative),
        number("stop", &CurrentCall::stop, "ms", "offset (rounded to a step)", Check::finite).needed(),
    }};

struct RecordCall {
    std::optional<std::vector<std::int64_t>> v;
    double every = 0.0;
    double rate = 0.0;
};

const OptionTable<RecordCall> kRecordOptions{
    "run",
    {
        ids("v", &RecordCall::v, "ids (1-based) of the neurons whose membrane potential is recorded", true),
        number("every", &RecordCall::every, "ms", "sampling interval of v", Check::positive).shows("dt"),
        number("rate", &RecordCall::rate, "ms", "bin width of the population rate (Hz, all neurons)", Check::positive)
            .shows("none"),
    }};

struct RunCall : RunOptions {
    TrialSelection trial_selection;
    RecordCall recording;
    std::vector<KickPlan> perturb;
};

// A chaoslab.Kick or a list of them, for net:run{perturb = ...}.
void read_perturb(const OptionContext& c, RunCall& s) {
    if (luaL_testudata(c.L, c.idx, kKickMT)) {
        s.perturb.push_back(check_kick(c.L, c.idx).plan);
        return;
    }
    if (!lua_istable(c.L, c.idx)) c.fail("must be a chaoslab.Kick or a list of them, got " + c.got());
    const lua_Integer n = luaL_len(c.L, c.idx);
    for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(c.L, c.idx, i); // [.., kick]
        if (!luaL_testudata(c.L, -1, kKickMT)) {
            const std::string got = describe_value(c.L, -1);
            c.fail("must list chaoslab.Kick values, got " + got + " at position " + std::to_string(i));
        }
        s.perturb.push_back(check_kick(c.L, -1).plan);
        lua_pop(c.L, 1);
    }
}

const OptionTable<RunCall> kRunOptions{
    "run",
    {
        number("duration", &RunOptions::duration_ms, "ms", "simulated time", Check::positive).needed(),
        number("dt", &RunOptions::dt_ms, "ms", "time step", Check::positive),
        trials_option(&RunCall::trial_selection, "1",
                      "number of trials (trial numbers seed.trial, seed.trial + 1, ...) or a list of trial numbers; "
                      "trials share the network and differ in input noise and initial state"),
        choice("method", &RunOptions::method, kIntegrationNames,
               "'exact' (exponential propagators) or 'euler' (forward Euler, as the seed code)"),
        choice("precision", &RunOptions::precision, kPrecisionNames, kPrecisionHelp),
        custom<RunCall>("record", "", "spikes only",
                        "{v = neuron ids, every = ms, rate = bin ms}: membrane potentials of chosen neurons every "
                        "`every` ms (default dt) and the population rate in bins",
                        [](const OptionContext& c, RunCall& s) {
                            s.recording = kRecordOptions.read(c.L, c.idx, RecordCall{}, c.name + ".");
                        }),
        custom<RunCall>("perturb", "", "none",
                        "a list of kicks with `at` times (chaoslab.extra_spike{neurons = {5}, at = 100}, ...)",
                        read_perturb),
    }};

// ---- functions ------------------------------------------------------------------------------------

// net:lif{n = , tau_m = , ...} -> chaoslab.Population
int spiking_lif(lua_State* L) {
    auto& net = check_network(L, 1);
    const LifCall call = kLifOptions.read(L, 2);
    SpikingNetwork& spiking = family_network<SpikingNetwork>(*net, "lif");
    const std::uint32_t index = spiking.add_lif(call, call.name, call.dale);
    push_population(L, net, index);
    return 1;
}

// net:connect(pre, post, {p = | indegree = | pre =, post =, weight =, ...}) -> synapse count
int spiking_connect(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pre = population_of(L, 2, net);
    const std::uint32_t post = population_of(L, 3, net);
    const SpikingConnect how = kConnectOptions.read(L, 4);
    SpikingNetwork& spiking = family_network<SpikingNetwork>(*net, "connect");
    const std::uint32_t index = spiking.connect(pre, post, how);
    lua_pushinteger(L, static_cast<lua_Integer>(spiking.projections()[index].synapses->size()));
    return 1;
}

// net:poisson(pop, {rate = Hz, weight = mV, ...})
int spiking_poisson(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pop = population_of(L, 2, net);
    const PoissonCall call = kPoissonOptions.read(L, 3);
    family_network<SpikingNetwork>(*net, "poisson").add_poisson(pop, call.rate, call.weight, call.synapse);
    return 0;
}

// net:channels{n =, p =, rate =, weight =, target = pop, ...}
int spiking_channels(lua_State* L) {
    auto& net = check_network(L, 1);
    const ChannelsCall call = kChannelOptions.read(L, 2);
    SpikingNetwork& spiking = family_network<SpikingNetwork>(*net, "channels");
    std::uint32_t target = 0;
    if (call.target) {
        if (call.target->network != net) throw ConfigError("channels: option 'target' belongs to another network");
        target = call.target->index;
    } else if (spiking.populations().empty()) {
        throw ConfigError("channels: the network has no population yet (create one with net:lif{} first)");
    }
    spiking.add_channels(target, static_cast<std::uint32_t>(call.n), call.p, call.weight, call.rate, call.rate_step,
                         call.synapse);
    return 0;
}

// net:current(pop, {amplitude = mV, start = ms, stop = ms})
int spiking_current(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pop = population_of(L, 2, net);
    const CurrentCall call = kCurrentOptions.read(L, 3);
    family_network<SpikingNetwork>(*net, "current").add_current(pop, call.amplitude, call.start, call.stop);
    return 0;
}

// net:run{duration = ms, dt =, trials =, method =, record = {...}, perturb = {...}} -> result table
int spiking_run(lua_State* L) {
    auto& net = check_network(L, 1);
    RunCall call = kRunOptions.read(L, 2);
    const SpikingNetwork& spiking = family_network<SpikingNetwork>(*net, "run");
    call.trials = trial_numbers(call.trial_selection, net->seed.trial, "run");
    if (call.recording.v) call.record.v_neurons = checked_ids(*call.recording.v, spiking.size(), "run", "record.v");
    call.v_every_ms = call.recording.every;
    call.rate_bin_ms = call.recording.rate;
    call.kicks = timed_kicks(spiking, call.perturb, call.dt_ms);
    const SpikingRun run = run_network(spiking, call);

    lua_createtable(L, 0, 8); // [.., result]
    lua_pushinteger(L, static_cast<lua_Integer>(run.trials.size()));
    lua_setfield(L, -2, "trials");
    lua_pushnumber(L, call.dt_ms);
    lua_setfield(L, -2, "dt");
    lua_pushnumber(L, run.duration_ms);
    lua_setfield(L, -2, "duration");
    lua_pushinteger(L, spiking.size());
    lua_setfield(L, -2, "n");
    lua_createtable(L, static_cast<int>(run.trials.size()), 0); // [.., result, spikes]
    for (std::size_t t = 0; t < run.trials.size(); ++t) {
        push_spikes(L, run.trials[t]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
    }
    lua_setfield(L, -2, "spikes");
    if (!run.v.empty()) {
        const std::size_t m = call.record.v_neurons.size();
        lua_createtable(L, static_cast<int>(run.v.size()), 0); // [.., result, v]
        for (std::size_t t = 0; t < run.v.size(); ++t) {
            push_array(L, run.v[t], {m, run.v_times.size()});
            lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
        }
        lua_setfield(L, -2, "v");
        push_array(L, run.v_times);
        lua_setfield(L, -2, "v_time");
    }
    if (!run.rate.empty()) {
        lua_createtable(L, static_cast<int>(run.rate.size()), 0); // [.., result, rate]
        for (std::size_t t = 0; t < run.rate.size(); ++t) {
            push_array(L, run.rate[t]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
        }
        lua_setfield(L, -2, "rate");
        push_array(L, run.rate_times);
        lua_setfield(L, -2, "rate_time");
    }
    return 1;
}

} // namespace

void register_spiking(lua_State* L) {
    add_family(L, {"spiking", "LIF", wrap<spiking_connect>, wrap<spiking_run>},
               {"chaoslab.Network:connect",
                "net:connect(pre, post, {p = | indegree = | pre =, post =, weight =, ...}) -> integer",
                "Adds synapses from population pre to post: Bernoulli with probability p, a fixed in-degree, or "
                "explicit lists. Weights (mV) take the presynaptic population's Dale sign. Returns the number of "
                "synapses made. (Between rate populations: see help of chaoslab.Network:connect (rate).)",
                kConnectOptions.specs()},
               {"chaoslab.Network:run", "net:run{duration = ms, dt =, trials =, record =} -> table",
                "Simulates trials in parallel (threads over trials; bitwise the same for any thread count). "
                "Returns {spikes = {{times =, ids =}, ...} (ms, 1-based ids), v = {Array n_rec x samples, ...}, "
                "v_time, rate = {Array (Hz), ...}, rate_time, trials, dt, duration, n}. (A rate network's run: see "
                "chaoslab.Network:run (rate).)",
                kRunOptions.specs()});
    add_network_method(L, "lif", wrap<spiking_lif>,
                       {"chaoslab.Network:lif", "net:lif{n =, tau_m =, v_th =, ...} -> chaoslab.Population",
                        "Adds n LIF neurons: tau_m dV/dt = -(V - v_rest) + i_e + synaptic input; V >= v_th spikes and "
                        "resets to v_reset for t_ref. Every parameter is a number, a distribution or an array.",
                        kLifOptions.specs()});
    add_network_method(L, "poisson", wrap<spiking_poisson>,
                       {"chaoslab.Network:poisson", "net:poisson(pop, {rate = Hz, weight = mV})",
                        "An independent Poisson spike train into every neuron of pop (drawn event by event; frozen "
                        "between a control and its perturbed twins).",
                        kPoissonOptions.specs()});
    add_network_method(L, "channels", wrap<spiking_channels>,
                       {"chaoslab.Network:channels", "net:channels{n =, p =, rate =, weight =, target = pop}",
                        "n dynamic Poisson channels, each one train with a constant or time-varying rate, each "
                        "projecting to a neuron with probability p (shared input).",
                        kChannelOptions.specs()});
    add_network_method(L, "current", wrap<spiking_current>,
                       {"chaoslab.Network:current", "net:current(pop, {amplitude = mV, start = ms, stop = ms})",
                        "A step current (as the drive R*I in mV) during [start, stop).", kCurrentOptions.specs()});
}

} // namespace chaoslab::lua
