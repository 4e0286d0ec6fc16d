// Lua bindings of rate networks and Lyapunov analysis: net:rate{}, rate couplings, net:run{} for rate
// networks, and chaoslab.lyapunov.divergence / renormalization / spectrum, with seed presets.
#include "rate.hpp"

#include "array.hpp"
#include "module.hpp"
#include "network.hpp"
#include "random.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "analysis/lyapunov_divergence.hpp"
#include "analysis/lyapunov_spectrum.hpp"
#include "sim/gemm_rate.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace chaoslab::lua {

namespace {

const OptionSpec kRateOptions[] = {
    {"n", "", "required", "number of units", Check::positive_integer},
    {"tau", "ms", "1", "time constant (number, distribution or array; > 0); lambda comes out in 1/ms"},
    {"phi", "", "'tanh'",
     "transfer function: tanh, tanh_stretched (= tanh with gain/shift), tanh_pos, relu, sigmoid, linear"},
    {"gain", "", "1", "per-unit gain G in phi(G (x - shift)) (number, distribution or array)"},
    {"shift", "", "0", "per-unit shift s in phi(G (x - s)) (number, distribution or array)"},
    {"input", "", "0",
     "external input I: a number, distribution or array of n (constant), or a 2-D array n x samples (a time "
     "series held input_step ms each)"},
    {"input_step", "ms", "1", "time between samples of an input time series", Check::positive},
    {"x_init", "", "uniform(-1, 1)", "initial state, drawn per trial (distribution, number or array)"},
    {"form", "", "'current'",
     "'current': tau dx/dt = -x + J phi(x) + I; 'rate': tau dr/dt = -r + phi(J r + I) (seed 001's code)"},
    {"dale", "", "none", "'excitatory' or 'inhibitory': the sign of every outgoing coupling (Dale's law)"},
    {"name", "", "'rate population k'", "name used in messages and summaries"},
    {"preset", "", "none", "'seed001': form = 'rate', tau = 20 ms (RNN_chaos); other options override it"},
};

const OptionSpec kRateConnectOptions[] = {
    {"p", "", "1", "density of the random mask (Bernoulli per ordered pair); 1 = dense", Check::probability},
    {"g", "", "1", "coupling gain: weights g z / sqrt(n_pre p) with z ~ weight ('textbook' scaling)", Check::finite},
    {"scaling", "", "'textbook'",
     "'textbook' (variance g^2/(n_pre p) for z ~ N(0, 1)), 'seed001' (standard deviation g/(n_pre p), seed 001's "
     "code) or 'none' (weights g z); 'none' when only `weight` is given"},
    {"weight", "", "normal(0, 1)", "distribution of z (random masks), or an array with explicit pre/post lists"},
    {"autapses", "", "false", "allow J_ii (zero diagonal by default)"},
    {"zero_mean", "", "false", "subtract the sample mean of the drawn weights (seed 001)"},
    {"pre", "", "-", "explicit couplings: presynaptic indices (1-based, within pre), with post and weight"},
    {"post", "", "-", "explicit couplings: postsynaptic indices (1-based, within post); duplicates add up"},
    {"preset", "", "none", "'seed001': p = 0.1, scaling = 'seed001', zero_mean = true"},
};

const OptionSpec kRateRunOptions[] = {
    {"duration", "ms", "required", "integrated time", Check::positive},
    {"dt", "ms", "0.1", "time step", Check::positive},
    {"method", "", "'euler'", "'euler' or 'rk4'"},
    {"trials", "", "1", "number of trials (initial states of trials seed.trial, ...) or a list of trial numbers"},
    {"record", "", "all units, every step", "{units = ids or 'all', every = ms, what = 'x' | 'phi'}"},
};

const OptionSpec kRecordOptions[] = {
    {"units", "", "'all'", "ids (1-based) of the recorded units, or 'all'"},
    {"every", "ms", "dt", "sampling interval", Check::positive},
    {"what", "", "'x'", "'x' (the state) or 'phi' (phi(x), the rates of the current form)"},
};

const OptionSpec kDivergenceOptions[] = {
    {"network", "", "required", "the chaoslab.Network of rate populations"},
    {"duration", "ms", "1000", "integrated time (seed001: 7000)", Check::positive},
    {"dt", "ms", "0.1", "time step (seed001: 1)", Check::positive},
    {"method", "", "'euler'", "'euler' or 'rk4'"},
    {"trials", "", "20", "number of trials (initial states) or a list of trial numbers"},
    {"epsilon", "", "1e-6",
     "initial separation: the norm for 'random', the per-coordinate size for 'ones' (seed001: 1e-4)", Check::positive},
    {"direction", "", "'random'",
     "'random' (a random unit direction per trial) or 'ones' (every coordinate, seed 001)"},
    {"sample_every", "ms", "dt", "spacing of the ln||delta(t)|| curve", Check::positive},
    {"average", "", "'mean_log'",
     "'mean_log' (mean of ln delta_k) or 'log_of_mean' (ln of the mean delta_k, seed 001)"},
    {"min_final", "", "0", "leave out trials whose final distance is below this (seed001: 1)", Check::non_negative},
    {"saturation", "", "0.8", "end of the fit: the curve has risen by this fraction of its total rise",
     Check::positive},
    {"cut", "", "'rise'", "'rise' (fraction of the rise from the fit start) or 'seed001' (L >= saturation * max L)"},
    {"fit_start", "ms", "0", "start of the fit window (skip the alignment transient)", Check::non_negative},
    {"preset", "", "none",
     "'seed001': duration 7000, dt 1, epsilon 1e-4 along 'ones', log_of_mean, min_final 1, cut 'seed001'; adds "
     "lambda_per_s"},
};

const OptionSpec kRenormOptions[] = {
    {"network", "", "required", "the chaoslab.Network of rate populations"},
    {"duration", "ms", "1000", "time over which the logs are summed", Check::positive},
    {"transient", "ms", "100", "time before the sum starts", Check::non_negative},
    {"dt", "ms", "0.1", "time step", Check::positive},
    {"method", "", "'euler'", "'euler' or 'rk4'"},
    {"trials", "", "1", "number of trials or a list of trial numbers"},
    {"epsilon", "", "1e-8", "separation restored after every interval", Check::positive},
    {"interval", "ms", "1", "time between renormalisations", Check::positive},
};

const OptionSpec kSpectrumOptions[] = {
    {"network", "", "required", "the chaoslab.Network of rate populations"},
    {"k", "", "all units", "number of leading exponents (1..n)", Check::positive_integer},
    {"duration", "ms", "1000", "time over which the logs are summed (seed004: tSim)", Check::positive},
    {"transient", "ms", "100", "time the state runs alone first", Check::non_negative},
    {"basis_transient", "ms", "10", "time the tangent vectors align before the sum starts", Check::non_negative},
    {"dt", "ms", "0.1", "time step", Check::positive},
    {"t_ons", "ms", "1", "time between QR reorthonormalisations (>= dt; seed004: 0.2)", Check::positive},
    {"method", "", "'euler'", "'euler' or 'rk4' (the tangent vectors use the same integrator)"},
    {"trial", "", "network seed's trial", "trial number of the initial state and basis", Check::non_negative_integer},
    {"x0", "", "x_init", "explicit initial state (array or table of n)"},
    {"jacobian", "", "'exact'", "'exact' or 'seed004' (G/cosh^2(x) for every phi, seed 004's bug)"},
    {"blocks", "", "10", "blocks of time for the statistical error", Check::positive_integer},
    {"max_records", "", "1000", "rows of the running estimate", Check::positive_integer},
    {"storage", "", "'auto'", "J as 'dense', 'sparse' (CSR) or 'auto' (sparse at <= 20 % nonzeros)"},
    {"preset", "", "none",
     "'seed004': dt 0.1, t_ons 0.2, seed 004's schedule (1 % transients, time normalised by the total), tangent map at "
     "the updated state, jacobian 'seed004'"},
};

// The named preset of an option table, or "" (checked against `allowed`).
std::string preset_of(const Options& o, const char* allowed) {
    if (!o.has("preset")) return "";
    const std::string p = o.string("preset", "");
    if (p != allowed) o.fail("preset", std::string("must be '") + allowed + "', got '" + p + "'");
    return p;
}

std::shared_ptr<Network> network_option(lua_State* L, const Options& o) {
    if (!o.has("network")) o.fail("network", "is required");
    o.push("network");
    if (!luaL_testudata(L, -1, kNetworkMT)) {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail("network", "must be a chaoslab.Network, got " + got);
    }
    std::shared_ptr<Network> net = check_network(L, lua_gettop(L));
    lua_pop(L, 1);
    if (net->rate().size() == 0) o.fail("network", "has no rate population (add one with net:rate{})");
    return net;
}

std::vector<Seed> trial_seeds(lua_State* L, const Options& o, const Network& net) {
    std::vector<Seed> seeds;
    for (std::uint64_t t : trials_option(L, o, net)) seeds.push_back(Seed{net.seed().session, net.seed().block, t});
    return seeds;
}

RateMethod method_of(const Options& o, const char* fn) { return parse_rate_method(o.string("method", "euler"), fn); }

void set_number(lua_State* L, const char* key, double v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, key);
}
void set_array(lua_State* L, const char* key, std::vector<double> v, Shape shape = {}) {
    push_array(L, Array::from_vector(std::move(v), std::move(shape)));
    lua_setfield(L, -2, key);
}

} // namespace

// net:rate{n =, tau =, phi =, ...} -> chaoslab.Population
int network_rate(lua_State* L) {
    auto& net = check_network(L, 1);
    const Options o(L, 2, "rate", kRateOptions);
    require(o, "n");
    const bool seed001 = preset_of(o, "seed001") == "seed001";
    const std::int64_t n = o.integer("n", 0);
    if (n > INT32_MAX) o.fail("n", "must be < 2^31, got " + format_number(static_cast<double>(n)));
    RateSpec spec;
    spec.n = static_cast<std::uint32_t>(n);
    spec.tau = option_distribution(L, o, "tau", Distribution::constant(seed001 ? 20.0 : 1.0));
    spec.phi = parse_transfer(o.string("phi", "tanh"), "rate");
    spec.gain = option_distribution(L, o, "gain", spec.gain);
    spec.shift = option_distribution(L, o, "shift", spec.shift);
    spec.x_init = option_distribution(L, o, "x_init", spec.x_init);
    const std::string form = choice_option(o, "form", seed001 ? "rate" : "current", {"current", "rate"});
    spec.form = form == "rate" ? RateForm::rate : RateForm::current;
    o.push("input"); // [.., input]
    Array* series = test_array(L, -1);
    if (series && series->ndim() == 2) {
        if (series->shape()[0] != spec.n) {
            lua_pop(L, 1);
            o.fail("input", "must have " + std::to_string(spec.n) + " rows (one per unit), got " +
                                std::to_string(series->shape()[0]));
        }
        spec.series = series->to_vector();
        spec.series_samples = series->shape()[1];
        spec.series_step_ms = o.number("input_step", 1.0);
        lua_pop(L, 1);
    } else {
        lua_pop(L, 1);
        spec.input = option_distribution(L, o, "input", spec.input);
    }
    WeightSign dale = WeightSign::any;
    if (o.has("dale")) {
        const std::string d = choice_option(o, "dale", "", {"excitatory", "inhibitory"});
        dale = d == "excitatory" ? WeightSign::excitatory : WeightSign::inhibitory;
    }
    if (net->size() > 0) throw ConfigError("rate: the network already holds LIF populations (use another network)");
    const std::uint32_t index = net->rate().add_population(std::move(spec), o.string("name", ""), dale);
    push_population(L, net, index, true);
    return 1;
}

// net:connect(pre, post, {...}) between rate populations -> number of couplings
int rate_connect(lua_State* L) {
    auto& net = check_network(L, 1);
    PopulationHandle& a = check_population_handle(L, 2);
    PopulationHandle& b = check_population_handle(L, 3);
    for (const auto* h : {&a, &b}) {
        if (h->network != net) throw ArgError(h == &a ? 2 : 3, "the population belongs to another network");
        if (!h->rate) throw ArgError(h == &a ? 2 : 3, "a rate population can only connect to rate populations");
    }
    const Options o(L, 4, "connect", kRateConnectOptions);
    const bool seed001 = preset_of(o, "seed001") == "seed001";
    std::uint32_t index = 0;
    if (o.has("pre") || o.has("post")) {
        require(o, "pre");
        require(o, "post");
        require(o, "weight");
        std::vector<std::int64_t> pre = integer_list(L, o, "pre"), post = integer_list(L, o, "post");
        for (auto& x : pre) --x;
        for (auto& x : post) --x;
        const Distribution w = option_distribution(L, o, "weight", Distribution::constant(0.0));
        std::vector<double> weights;
        if (w.kind() == Distribution::Kind::array)
            weights = *w.values();
        else if (w.kind() == Distribution::Kind::constant)
            weights.assign(pre.size(), w.value());
        else
            o.fail("weight", "must be a number or an array with explicit pre/post lists, got " + w.describe());
        index = net->rate().connect_lists(a.index, b.index, pre, post, weights);
    } else {
        RateConnect how;
        how.p = o.number("p", seed001 ? 0.1 : 1.0);
        how.g = o.number("g", 1.0);
        std::string scaling = seed001 ? "seed001" : "textbook";
        if (o.has("weight") && !o.has("g")) scaling = "none";
        scaling = choice_option(o, "scaling", scaling, {"textbook", "seed001", "none"});
        how.scaling = scaling == "textbook"  ? CouplingScaling::textbook
                      : scaling == "seed001" ? CouplingScaling::seed001
                                             : CouplingScaling::none;
        how.weight = option_distribution(L, o, "weight", how.weight);
        how.autapses = o.boolean("autapses", false);
        how.zero_mean = o.boolean("zero_mean", seed001);
        index = net->rate().connect_random(a.index, b.index, how);
    }
    lua_pushinteger(L, static_cast<lua_Integer>(net->rate().projections()[index].weights->size()));
    return 1;
}

// net:run{duration =, dt =, method =, trials =, record = {...}} of a rate network
int rate_run(lua_State* L) {
    auto& net = check_network(L, 1);
    const Options o(L, 2, "run", kRateRunOptions);
    require(o, "duration");
    const double duration = o.number("duration", 0.0), dt = o.number("dt", 0.1);
    const RateMethod method = method_of(o, "run");
    const std::vector<Seed> trials = trial_seeds(L, o, *net);
    const RateSystem system(net->rate());
    const std::size_t n = system.size();
    std::vector<std::uint32_t> units;
    double every = dt;
    bool record_phi = false;
    if (o.push("record") != LUA_TNIL) { // [.., record]
        const int rec = lua_gettop(L);
        if (!lua_istable(L, rec)) o.fail("record", "must be a table, got " + describe_value(L, rec));
        const Options r(L, rec, "run", kRecordOptions);
        const int type = r.push("units");
        if (type == LUA_TSTRING && std::string(lua_tostring(L, -1)) != "all") {
            lua_pop(L, 1);
            r.fail("units", "must be a list of unit ids or 'all'");
        }
        if (type != LUA_TNIL && type != LUA_TSTRING) units = check_neuron_list(L, -1, n, "run", "record.units");
        lua_pop(L, 1);
        every = r.number("every", dt);
        record_phi = choice_option(r, "what", "x", {"x", "phi"}) == "phi";
    }
    lua_pop(L, 1);
    if (units.empty())
        for (std::uint32_t i = 0; i < n; ++i) units.push_back(i);
    const std::int64_t steps = std::llround(duration / dt);
    if (steps < 1)
        o.fail("duration",
               "must be at least one step (dt = " + format_number(dt) + " ms), got " + format_number(duration));
    const std::int64_t stride = std::max<std::int64_t>(1, std::llround(every / dt));
    const std::size_t samples = static_cast<std::size_t>(steps / stride) + 1;

    Matrix X(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(trials.size()));
    for (std::size_t k = 0; k < trials.size(); ++k) {
        const std::vector<double> x0 = system.initial_state(net->rate(), trials[k]);
        for (std::size_t i = 0; i < n; ++i) X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = x0[i];
    }
    // traces[k][u * samples + s]
    std::vector<std::vector<double>> traces(trials.size(), std::vector<double>(units.size() * samples));
    const auto& pops = net->rate().populations();
    constexpr Eigen::Index kWidth = 4;
    integrate_chunks(system, method, X, 0.0, steps, dt, kWidth, [&](std::int64_t chunk, std::int64_t step, Matrix& Xc) {
        if (step % stride != 0) return;
        const auto s = static_cast<std::size_t>(step / stride);
        std::vector<double> phi(record_phi ? n : 0);
        for (Eigen::Index c = 0; c < Xc.cols(); ++c) {
            const auto k = static_cast<std::size_t>(chunk * kWidth + c);
            const double* x = Xc.col(c).data();
            if (record_phi) {
                for (const RatePopulation& p : pops) {
                    apply_transfer(p.spec.phi, {x + p.offset, p.size()}, p.gain, p.shift,
                                   {phi.data() + p.offset, p.size()});
                }
                x = phi.data();
            }
            for (std::size_t u = 0; u < units.size(); ++u) traces[k][u * samples + s] = x[units[u]];
        }
    });

    lua_createtable(L, 0, 3);
    std::vector<double> times(samples);
    for (std::size_t s = 0; s < samples; ++s) times[s] = static_cast<double>(s) * static_cast<double>(stride) * dt;
    set_array(L, "times", std::move(times));
    lua_createtable(L, static_cast<int>(trials.size()), 0);
    for (std::size_t k = 0; k < trials.size(); ++k) {
        push_array(L, Array::from_vector(std::move(traces[k]), {units.size(), samples}));
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
    lua_setfield(L, -2, record_phi ? "phi" : "x");
    lua_createtable(L, static_cast<int>(trials.size()), 0);
    for (std::size_t k = 0; k < trials.size(); ++k) {
        const auto col = X.col(static_cast<Eigen::Index>(k));
        push_array(L, Array::from_vector(std::vector<double>(col.data(), col.data() + n)));
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
    lua_setfield(L, -2, "final");
    return 1;
}

namespace {

// chaoslab.lyapunov.divergence{network =, ...} -> result table
int lyapunov_divergence_lua(lua_State* L) {
    const Options o(L, 1, "lyapunov.divergence", kDivergenceOptions);
    const auto net = network_option(L, o);
    const bool seed001 = preset_of(o, "seed001") == "seed001";
    DivergenceOptions d;
    d.duration = o.number("duration", seed001 ? 7000.0 : 1000.0);
    d.dt = o.number("dt", seed001 ? 1.0 : 0.1);
    d.method = method_of(o, "lyapunov.divergence");
    if (!o.has("trials")) {
        for (std::uint64_t t = 0; t < 20; ++t)
            d.trials.push_back(Seed{net->seed().session, net->seed().block, net->seed().trial + t});
    } else {
        d.trials = trial_seeds(L, o, *net);
    }
    d.epsilon = o.number("epsilon", seed001 ? 1e-4 : 1e-6);
    d.direction = choice_option(o, "direction", seed001 ? "ones" : "random", {"random", "ones"}) == "ones"
                      ? PerturbDirection::ones
                      : PerturbDirection::random;
    d.sample_every = o.number("sample_every", 0.0);
    d.log_of_mean =
        choice_option(o, "average", seed001 ? "log_of_mean" : "mean_log", {"mean_log", "log_of_mean"}) == "log_of_mean";
    d.min_final = o.number("min_final", seed001 ? 1.0 : 0.0);
    d.saturation = o.number("saturation", 0.8);
    if (d.saturation > 1.0) o.fail("saturation", "must be <= 1, got " + format_number(d.saturation));
    d.seed001_cut = choice_option(o, "cut", seed001 ? "seed001" : "rise", {"rise", "seed001"}) == "seed001";
    d.fit_start = o.number("fit_start", 0.0);
    const RateSystem system(net->rate());
    const DivergenceResult r = lyapunov_divergence(net->rate(), system, d);

    lua_createtable(L, 0, 20);
    set_number(L, "lambda", r.lambda);
    if (seed001) set_number(L, "lambda_per_s", r.lambda * 1000.0);
    set_number(L, "stderr", r.lambda_trials_stderr);
    set_number(L, "slope_stderr", r.slope_stderr);
    set_number(L, "intercept", r.intercept);
    set_number(L, "r2", r.r2);
    set_number(L, "fit_start", r.fit_start);
    set_number(L, "fit_end", r.fit_end);
    lua_pushinteger(L, static_cast<lua_Integer>(r.fit_points));
    lua_setfield(L, -2, "fit_points");
    lua_pushinteger(L, static_cast<lua_Integer>(r.trials_used));
    lua_setfield(L, -2, "trials_used");
    const std::size_t samples = r.times.size();
    set_array(L, "times", r.times);
    set_array(L, "log_delta", r.log_delta);
    set_array(L, "log_delta_trials", r.log_delta_trials, {d.trials.size(), samples});
    set_array(L, "lambda_trials", r.lambda_trials);
    set_array(L, "used", std::vector<double>(r.used.begin(), r.used.end()));
    if (!r.note.empty()) {
        lua_pushstring(L, r.note.c_str());
        lua_setfield(L, -2, "note");
    }
    return 1;
}

// chaoslab.lyapunov.renormalization{network =, ...} -> {lambda, stderr, lambda_trials, times, running}
int lyapunov_renormalization_lua(lua_State* L) {
    const Options o(L, 1, "lyapunov.renormalization", kRenormOptions);
    const auto net = network_option(L, o);
    RenormalizationOptions b;
    b.duration = o.number("duration", 1000.0);
    b.transient = o.number("transient", 100.0);
    b.dt = o.number("dt", 0.1);
    b.method = method_of(o, "lyapunov.renormalization");
    b.trials = trial_seeds(L, o, *net);
    b.epsilon = o.number("epsilon", 1e-8);
    b.interval = o.number("interval", 1.0);
    const RateSystem system(net->rate());
    const RenormalizationResult r = lyapunov_renormalization(net->rate(), system, b);
    lua_createtable(L, 0, 5);
    set_number(L, "lambda", r.lambda);
    set_number(L, "stderr", r.stderr);
    set_array(L, "lambda_trials", r.lambda_trials);
    set_array(L, "times", r.times);
    set_array(L, "running", r.running);
    return 1;
}

// chaoslab.lyapunov.spectrum{network =, k =, ...} -> result table
int lyapunov_spectrum_lua(lua_State* L) {
    const Options o(L, 1, "lyapunov.spectrum", kSpectrumOptions);
    const auto net = network_option(L, o);
    const bool seed004 = preset_of(o, "seed004") == "seed004";
    const std::size_t n = net->rate().size();
    SpectrumOptions s;
    s.k = static_cast<std::size_t>(o.integer("k", static_cast<std::int64_t>(n)));
    if (s.k > n) o.fail("k", "must be <= " + std::to_string(n) + " (the number of units), got " + std::to_string(s.k));
    s.duration = o.number("duration", 1000.0);
    s.transient = o.number("transient", 100.0);
    s.basis_transient = o.number("basis_transient", 10.0);
    s.dt = o.number("dt", 0.1);
    s.t_ons = o.number("t_ons", seed004 ? 0.2 : 1.0);
    s.method = method_of(o, "lyapunov.spectrum");
    s.seed004_schedule = seed004;
    s.tangent_after_step = seed004;
    s.trial = net->seed();
    s.trial.trial = static_cast<std::uint64_t>(o.integer("trial", static_cast<std::int64_t>(net->seed().trial)));
    s.blocks = static_cast<std::size_t>(o.integer("blocks", 10));
    s.max_records = static_cast<std::size_t>(o.integer("max_records", 1000));
    if (o.push("x0") != LUA_TNIL) {
        const Distribution x0 = option_distribution(L, o, "x0", Distribution::constant(0.0));
        if (x0.kind() == Distribution::Kind::array) {
            s.x0 = *x0.values();
        } else if (x0.kind() == Distribution::Kind::constant) {
            s.x0.assign(n, x0.value());
        } else {
            lua_pop(L, 1);
            o.fail("x0", "must be a number or an array of " + std::to_string(n) + ", got " + x0.describe());
        }
    }
    lua_pop(L, 1);
    const bool jacobian_seed004 =
        choice_option(o, "jacobian", seed004 ? "seed004" : "exact", {"exact", "seed004"}) == "seed004";
    const std::string storage = choice_option(o, "storage", "auto", {"auto", "dense", "sparse"});
    const RateSystem system(net->rate(),
                            storage == "dense"    ? RateSystem::Storage::dense
                            : storage == "sparse" ? RateSystem::Storage::sparse
                                                  : RateSystem::Storage::automatic,
                            jacobian_seed004);
    const SpectrumResult r = lyapunov_spectrum(net->rate(), system, s);
    lua_createtable(L, 0, 16);
    set_array(L, "exponents", r.exponents);
    set_array(L, "stderr", r.stderr);
    set_array(L, "times", r.times);
    set_array(L, "running", r.running, {r.times.size(), s.k});
    set_number(L, "lambda_max", r.exponents.front());
    set_number(L, "sum", r.sum);
    set_number(L, "kaplan_yorke", r.kaplan_yorke);
    set_number(L, "entropy_rate", r.entropy_rate);
    set_number(L, "mean_trace", r.mean_trace);
    set_number(L, "accumulated", r.accumulated);
    lua_pushinteger(L, static_cast<lua_Integer>(r.orthonormalizations));
    lua_setfield(L, -2, "orthonormalizations");
    lua_createtable(L, 0, 3);
    set_number(L, "tangent", r.seconds_tangent);
    set_number(L, "qr", r.seconds_qr);
    set_number(L, "total", r.seconds_total);
    lua_setfield(L, -2, "seconds");
    return 1;
}

// chaoslab.lyapunov.gemm_rate(n, threads) -> GFLOP/s of Eigen's own n x n product (benchmarks)
int gemm_rate_lua(lua_State* L) {
    const auto n = static_cast<int>(check_int_in(L, 1, 1, 20000));
    const auto threads = static_cast<int>(check_int_in(L, 2, 1, 1024));
    lua_pushnumber(L, eigen_gemm_gflops(n, threads));
    return 1;
}

} // namespace

void register_rate(lua_State* L) {
    // net:rate, net:connect and net:run are documented here; the Network methods table lives in
    // bindings/network.cpp.
    lua_pushcfunction(L, wrap<network_rate>);
    document(L, {"chaoslab.Network:rate", "net:rate{n =, tau =, phi =, ...} -> chaoslab.Population",
                 "Adds a population of rate units: tau dx/dt = -x + J phi(x) + I(t) (form 'current') or tau dr/dt = "
                 "-r + phi(J r + I(t)) (form 'rate'). Couple with net:connect, integrate with net:run, analyse with "
                 "chaoslab.lyapunov.",
                 kRateOptions});
    lua_pop(L, 1);
    lua_pushcfunction(L, wrap<rate_connect>);
    document(L, {"chaoslab.Network:connect (rate)", "net:connect(pre, post, {p =, g =, ...}) -> couplings",
                 "Couplings J[post][pre] between rate populations: a Gaussian random block (variance g^2/(n_pre p) on "
                 "a Bernoulli(p) mask; dense for p = 1), or explicit pre/post/weight lists (e.g. from "
                 "chaoslab.connectome.read). The presynaptic population's dale sign applies.",
                 kRateConnectOptions});
    lua_pop(L, 1);
    lua_pushcfunction(L, wrap<rate_run>);
    document(L, {"chaoslab.Network:run (rate)", "net:run{duration =, dt =, method =, trials =, record =} -> table",
                 "Integrates a rate network (Euler or RK4) from each trial's initial state. Returns {times = Array "
                 "(ms), x = {Array units x samples per trial} (or phi), final = {Array n per trial}}.",
                 kRateRunOptions});
    lua_pop(L, 1);

    lua_newtable(L); // chaoslab.lyapunov
    set_function(L, "divergence", wrap<lyapunov_divergence_lua>,
                 {"chaoslab.lyapunov.divergence", "lyapunov.divergence{network =, ...} -> table",
                  "lambda_max (1/ms) from twin trajectories: the slope of ln||delta(t)|| up to saturation. Returns "
                  "{lambda, stderr (over trials), slope_stderr, r2, fit_start, fit_end (ms), fit_points, times, "
                  "log_delta, log_delta_trials, lambda_trials, used, trials_used, note}; seed001 adds lambda_per_s.",
                  kDivergenceOptions});
    set_function(L, "renormalization", wrap<lyapunov_renormalization_lua>,
                 {"chaoslab.lyapunov.renormalization", "lyapunov.renormalization{network =, ...} -> table",
                  "lambda_max (1/ms) by Benettin's renormalised twins (separation reset to epsilon every interval): "
                  "{lambda, stderr, lambda_trials, times, running}. Does not saturate.",
                  kRenormOptions});
    set_function(L, "spectrum", wrap<lyapunov_spectrum_lua>,
                 {"chaoslab.lyapunov.spectrum", "lyapunov.spectrum{network =, k =, ...} -> table",
                  "The k leading Lyapunov exponents (1/ms) by the QR method. Returns {exponents (sorted), stderr, "
                  "lambda_max, sum, kaplan_yorke, entropy_rate, mean_trace (time average of trace Df), times, running "
                  "(Array records x k), accumulated (ms), orthonormalizations, seconds = {tangent, qr, total}}.",
                  kSpectrumOptions});
    set_function(L, "gemm_rate", wrap<gemm_rate_lua>,
                 {"chaoslab.lyapunov.gemm_rate", "lyapunov.gemm_rate(n, threads) -> GFLOP/s",
                  "Eigen's own dense n x n matrix product rate with `threads` threads, best of 5 (the yardstick of "
                  "the spectrum benchmark; chaoslab itself runs Eigen single-threaded on fixed panels)."});
    lua_setfield(L, -2, "lyapunov");
}

} // namespace chaoslab::lua
