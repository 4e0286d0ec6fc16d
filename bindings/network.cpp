// Lua bindings of network/ and sim/: chaoslab.network{}, net:lif{}, net:connect(), net:poisson(),
// net:channels{}, net:current(), net:run{} and the Population type.
#include "network.hpp"

#include "array.hpp"
#include "module.hpp"
#include "perturbation.hpp"
#include "rate.hpp"
#include "random.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "sim/run.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace chaoslab::lua {

namespace {

const OptionSpec kNetworkOptions[] = {
    {"seed", "", "seed(0)",
     "chaoslab.Seed or an integer session: structure (connectivity, parameters drawn from distributions) "
     "depends on (session, block), trial noise on (session, block, trial)"},
};

const OptionSpec kLifOptions[] = {
    {"n", "", "required", "number of neurons", Check::positive_integer},
    {"tau_m", "ms", "20", "membrane time constant (number, distribution or array; > 0)"},
    {"v_rest", "mV", "-65", "resting potential"},
    {"v_reset", "mV", "-65", "reset potential after a spike (< v_th)"},
    {"v_th", "mV", "-55", "spike threshold; a distribution gives threshold heterogeneity"},
    {"t_ref", "ms", "2", "refractory period (rounded to whole steps; V is clamped at v_reset)"},
    {"i_e", "mV", "0", "constant drive R*I: V relaxes to v_rest + i_e"},
    {"v_init", "mV", "v_rest", "initial potential, drawn per trial (e.g. chaoslab.uniform(-65, -55))"},
    {"name", "", "'population k'", "name used in messages and summaries"},
    {"dale", "", "none", "'excitatory' or 'inhibitory': the sign of every outgoing weight (Dale's law)"},
};

const OptionSpec kConnectOptions[] = {
    {"p", "", "-", "connection probability of every ordered pair (Bernoulli)", Check::probability},
    {"indegree", "", "-", "fixed number of presynaptic partners per postsynaptic neuron", Check::non_negative_integer},
    {"pre", "", "-", "explicit connections: presynaptic indices (1-based, within pre), with post and weight"},
    {"post", "", "-", "explicit connections: postsynaptic indices (1-based, within post)"},
    {"weight", "mV", "required",
     "synaptic weight: total depolarisation of one spike without leak (number, distribution or array)"},
    {"synapse", "", "'exponential'", "'exponential' (current w/tau_syn e^(-t/tau_syn)) or 'delta' (V jumps by w)"},
    {"tau_syn", "ms", "5", "decay time of exponential synapses", Check::positive},
    {"delay", "ms", "0.1", "transmission delay (number, distribution or array); rounded to whole steps, >= 1 step"},
    {"autapses", "", "false", "allow i -> i when pre and post are the same population"},
};

const OptionSpec kPoissonOptions[] = {
    {"rate", "Hz", "required", "rate of each neuron's independent Poisson train", Check::non_negative},
    {"weight", "mV", "required", "weight of each input spike (number, distribution or array over the neurons)"},
    {"synapse", "", "'exponential'", "'exponential' or 'delta'"},
    {"tau_syn", "ms", "5", "decay time of exponential synapses", Check::positive},
};

const OptionSpec kChannelOptions[] = {
    {"n", "", "required", "number of channels (each one Poisson train)", Check::positive_integer},
    {"p", "", "required", "probability that a channel projects to a neuron", Check::probability},
    {"rate", "Hz", "required",
     "channel rates: a number, a 1-D array (one per channel) or a 2-D array n x samples (a time series, "
     "held rate_step ms each)"},
    {"rate_step", "ms", "1", "time between samples of a rate time series", Check::positive},
    {"weight", "mV", "required", "weight of a channel spike at each of its synapses (distribution allowed)"},
    {"target", "", "first population", "the chaoslab.Population the channels project to"},
    {"synapse", "", "'exponential'", "'exponential' or 'delta'"},
    {"tau_syn", "ms", "5", "decay time of exponential synapses", Check::positive},
};

const OptionSpec kCurrentOptions[] = {
    {"amplitude", "mV", "required", "drive R*I added during [start, stop) (number, distribution or array)"},
    {"start", "ms", "0", "onset (rounded to a step)", Check::non_negative},
    {"stop", "ms", "required", "offset (rounded to a step)", Check::finite},
};

const OptionSpec kRunOptions[] = {
    {"duration", "ms", "required", "simulated time", Check::positive},
    {"dt", "ms", "0.1", "time step", Check::positive},
    {"trials", "", "1",
     "number of trials (trial numbers seed.trial, seed.trial + 1, ...) or a list of trial numbers; trials share "
     "the network and differ in input noise and initial state"},
    {"method", "", "'exact'", "'exact' (exponential propagators) or 'euler' (forward Euler, as the seed code)"},
    {"precision", "", "'double'", kPrecisionHelp},
    {"record", "", "spikes only",
     "{v = neuron ids, every = ms, rate = bin ms}: membrane potentials of chosen neurons every `every` ms "
     "(default dt) and the population rate in bins"},
    {"perturb", "", "none", "a list of kicks with `at` times (chaoslab.extra_spike{neurons = {5}, at = 100}, ...)"},
};

const OptionSpec kRecordOptions[] = {
    {"v", "", "none", "ids (1-based) of the neurons whose membrane potential is recorded"},
    {"every", "ms", "dt", "sampling interval of v", Check::positive},
    {"rate", "ms", "none", "bin width of the population rate (Hz, all neurons)", Check::positive},
};

std::shared_ptr<PopulationHandle>& check_population(lua_State* L, int idx) {
    auto& ref = check_ref_slot<PopulationHandle>(L, idx, kPopulationMT);
    if (!ref) throw ArgError(idx, std::string(kPopulationMT) + " was released");
    return ref;
}

SynapseModel synapse_option(const Options& o, const char* fn) {
    SynapseModel m;
    const std::string kind = o.string("synapse", "exponential");
    if (kind == "exponential")
        m.kind = SynapseKind::exponential;
    else if (kind == "delta")
        m.kind = SynapseKind::delta;
    else
        o.fail("synapse", "must be one of 'exponential', 'delta', got '" + kind + "'");
    m.tau_syn_ms = o.number("tau_syn", 5.0);
    check_synapse_model(m, fn);
    return m;
}

} // namespace

void require(const Options& o, const char* name) {
    if (!o.has(name)) o.fail(name, "is required");
}

namespace {

// A population argument that must belong to `net`.
std::uint32_t population_of(lua_State* L, int idx, const std::shared_ptr<Network>& net) {
    const auto& pop = check_population(L, idx);
    if (pop->network != net) throw ArgError(idx, "the population belongs to another network");
    if (pop->rate) throw ArgError(idx, "a rate population cannot take LIF inputs or synapses");
    return pop->index;
}

} // namespace

std::vector<std::int64_t> integer_list(lua_State* L, const Options& o, const char* name) {
    std::vector<std::int64_t> out;
    const int type = o.push(name); // [.., list]
    if (Array* a = test_array(L, -1)) {
        out.reserve(a->size());
        for (double x : a->to_vector()) {
            if (std::floor(x) != x || !std::isfinite(x)) {
                lua_pop(L, 1);
                o.fail(name, "must hold integers, got " + format_number(x));
            }
            out.push_back(static_cast<std::int64_t>(x));
        }
    } else if (type == LUA_TTABLE) {
        const lua_Integer n = luaL_len(L, -1);
        for (lua_Integer k = 1; k <= n; ++k) {
            lua_geti(L, -1, k); // [.., list, x]
            int is_int = 0;
            const lua_Integer x = lua_tointegerx(L, -1, &is_int);
            if (!is_int) {
                const std::string got = describe_value(L, -1);
                lua_pop(L, 2);
                o.fail(name, "must hold integers, got " + got + " at position " + std::to_string(k));
            }
            out.push_back(x);
            lua_pop(L, 1);
        }
    } else {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail(name, "must be a table or array of integers, got " + got);
    }
    lua_pop(L, 1);
    return out;
}

Seed seed_option(lua_State* L, const Options& o) {
    const int type = o.push("seed"); // [.., seed]
    Seed s{0, 0, 0};
    if (type == LUA_TNUMBER) {
        int is_int = 0;
        const lua_Integer session = lua_tointegerx(L, -1, &is_int);
        if (!is_int || session < 0) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("seed", "must be a chaoslab.Seed or a non-negative integer, got " + got);
        }
        s.session = static_cast<std::uint64_t>(session);
    } else if (type != LUA_TNIL) {
        if (!luaL_testudata(L, -1, kSeedMT)) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("seed", "must be a chaoslab.Seed or a non-negative integer, got " + got);
        }
        s = check_seed(L, -1);
    }
    lua_pop(L, 1);
    return s;
}

namespace {

// chaoslab.network{seed = } -> chaoslab.Network
int network_new(lua_State* L) {
    const Options o(L, 1, "network", kNetworkOptions);
    const Seed seed = seed_option(L, o);
    push_ref(L, std::make_shared<Network>(seed), kNetworkMT);
    return 1;
}

} // namespace

void push_population(lua_State* L, const std::shared_ptr<Network>& net, std::uint32_t index, bool rate) {
    auto h = std::make_shared<PopulationHandle>();
    h->network = net;
    h->index = index;
    h->rate = rate;
    push_ref(L, std::move(h), kPopulationMT);
}

PopulationHandle& check_population_handle(lua_State* L, int idx) { return *check_population(L, idx); }

namespace {

// net:lif{n = , tau_m = , ...} -> chaoslab.Population
int network_lif(lua_State* L) {
    auto& net = check_network(L, 1);
    const Options o(L, 2, "lif", kLifOptions);
    require(o, "n");
    if (net->rate().size() > 0)
        throw ConfigError("lif: the network already holds rate populations (use another network)");
    const std::int64_t n = o.integer("n", 0);
    if (n > INT32_MAX) o.fail("n", "must be < 2^31, got " + format_number(static_cast<double>(n)));
    LifSpec spec;
    spec.n = static_cast<std::uint32_t>(n);
    spec.tau_m = option_distribution(L, o, "tau_m", spec.tau_m);
    spec.v_rest = option_distribution(L, o, "v_rest", spec.v_rest);
    spec.v_reset = option_distribution(L, o, "v_reset", spec.v_reset);
    spec.v_th = option_distribution(L, o, "v_th", spec.v_th);
    spec.t_ref = option_distribution(L, o, "t_ref", spec.t_ref);
    spec.i_e = option_distribution(L, o, "i_e", spec.i_e);
    spec.has_v_init = o.has("v_init");
    spec.v_init = option_distribution(L, o, "v_init", spec.v_init);
    WeightSign dale = WeightSign::any;
    if (o.has("dale")) {
        const std::string d = o.string("dale", "");
        if (d == "excitatory")
            dale = WeightSign::excitatory;
        else if (d == "inhibitory")
            dale = WeightSign::inhibitory;
        else
            o.fail("dale", "must be one of 'excitatory', 'inhibitory', got '" + d + "'");
    }
    const std::string name = o.string("name", "");
    const std::uint32_t index = net->add_lif(std::move(spec), name, dale);
    push_population(L, net, index);
    return 1;
}

// net:connect(pre, post, {p = | indegree = | pre =, post =, weight =, ...}) -> synapse count
int network_connect(lua_State* L) {
    auto& net = check_network(L, 1);
    if (check_population(L, 2)->rate || check_population(L, 3)->rate) return rate_connect(L);
    const std::uint32_t pre = population_of(L, 2, net);
    const std::uint32_t post = population_of(L, 3, net);
    const Options o(L, 4, "connect", kConnectOptions);
    const int rules = int{o.has("p")} + int{o.has("indegree")} + int{o.has("pre") || o.has("post")};
    if (rules != 1) {
        throw ConfigError(
            "connect: give exactly one of the options 'p', 'indegree' or the lists 'pre'/'post'/'weight'");
    }
    require(o, "weight");
    const SynapseModel synapse = synapse_option(o, "connect");
    const Distribution delay = option_distribution(L, o, "delay", Distribution::constant(0.1));
    const bool one_delay = delay.kind() == Distribution::Kind::constant;
    const double delay_ms = one_delay ? delay.value() : 0.1;
    std::uint32_t index = 0;
    if (o.has("pre") || o.has("post")) {
        require(o, "pre");
        require(o, "post");
        const std::vector<std::int64_t> pre_ids = integer_list(L, o, "pre");
        const std::vector<std::int64_t> post_ids = integer_list(L, o, "post");
        std::vector<std::int64_t> pre0(pre_ids.size()), post0(post_ids.size());
        std::transform(pre_ids.begin(), pre_ids.end(), pre0.begin(), [](std::int64_t x) { return x - 1; });
        std::transform(post_ids.begin(), post_ids.end(), post0.begin(), [](std::int64_t x) { return x - 1; });
        const Distribution w = option_distribution(L, o, "weight", Distribution::constant(0.0));
        std::vector<double> weights;
        if (w.kind() == Distribution::Kind::array)
            weights = *w.values();
        else if (w.kind() == Distribution::Kind::constant)
            weights.assign(pre0.size(), w.value());
        else
            o.fail("weight", "must be a number or an array with explicit pre/post lists, got " + w.describe());
        std::vector<double> delays;
        if (!one_delay) {
            if (delay.kind() != Distribution::Kind::array) {
                o.fail("delay", "must be a number or an array with explicit pre/post lists, got " + delay.describe());
            }
            delays = *delay.values();
        }
        index = net->connect_lists(pre, post, pre0, post0, weights, synapse, delay_ms, delays);
    } else {
        Network::RandomConnect how;
        how.p = o.has("p") ? o.number("p", 0.0) : -1.0;
        how.indegree = o.has("indegree") ? o.integer("indegree", 0) : -1;
        how.autapses = o.boolean("autapses", false);
        how.weight = option_distribution(L, o, "weight", how.weight);
        index = net->connect_random(pre, post, how, synapse, delay_ms, one_delay ? nullptr : &delay);
    }
    lua_pushinteger(L, static_cast<lua_Integer>(net->projections()[index].synapses->size()));
    return 1;
}

// net:poisson(pop, {rate = Hz, weight = mV, ...})
int network_poisson(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pop = population_of(L, 2, net);
    const Options o(L, 3, "poisson", kPoissonOptions);
    require(o, "rate");
    require(o, "weight");
    const SynapseModel synapse = synapse_option(o, "poisson");
    net->add_poisson(pop, o.number("rate", 0.0), option_distribution(L, o, "weight", Distribution::constant(0.0)),
                     synapse);
    return 0;
}

// net:channels{n =, p =, rate =, weight =, target = pop, ...}
int network_channels(lua_State* L) {
    auto& net = check_network(L, 1);
    const Options o(L, 2, "channels", kChannelOptions);
    for (const char* key : {"n", "p", "rate", "weight"}) require(o, key);
    const auto n = static_cast<std::uint32_t>(std::min<std::int64_t>(o.integer("n", 1), UINT32_MAX));
    std::uint32_t target = 0;
    if (o.has("target")) {
        o.push("target"); // [.., target]
        if (!luaL_testudata(L, -1, kPopulationMT)) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("target", "must be a chaoslab.Population, got " + got);
        }
        target = population_of(L, lua_gettop(L), net);
        lua_pop(L, 1);
    } else if (net->populations().empty()) {
        throw ConfigError("channels: the network has no population yet (create one with net:lif{} first)");
    }
    std::vector<double> rates;
    std::size_t samples = 1;
    o.push("rate"); // [.., rate]
    if (lua_type(L, -1) == LUA_TNUMBER) {
        rates.assign(n, lua_tonumber(L, -1));
    } else if (Array* a = test_array(L, -1)) {
        if (a->ndim() == 1 && a->size() == n) {
            rates = a->to_vector();
        } else if (a->ndim() == 2 && a->shape()[0] == n && a->shape()[1] > 0) {
            rates = a->to_vector();
            samples = a->shape()[1];
        } else {
            lua_pop(L, 1);
            o.fail("rate", "must have shape (" + std::to_string(n) + ") or (" + std::to_string(n) + ", samples), got " +
                               Array::shape_text(a->shape()));
        }
    } else {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail("rate", "must be a number or an array, got " + got);
    }
    lua_pop(L, 1);
    const SynapseModel synapse = synapse_option(o, "channels");
    net->add_channels(target, n, o.number("p", 0.0), option_distribution(L, o, "weight", Distribution::constant(0.0)),
                      std::move(rates), samples, o.number("rate_step", 1.0), synapse);
    return 0;
}

// net:current(pop, {amplitude = mV, start = ms, stop = ms})
int network_current(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::uint32_t pop = population_of(L, 2, net);
    const Options o(L, 3, "current", kCurrentOptions);
    require(o, "amplitude");
    require(o, "stop");
    net->add_current(pop, option_distribution(L, o, "amplitude", Distribution::constant(0.0)), o.number("start", 0.0),
                     o.number("stop", 0.0));
    return 0;
}

Integration method_option(const Options& o) {
    const std::string m = o.string("method", "exact");
    if (m == "exact") return Integration::exact;
    if (m == "euler") return Integration::euler;
    o.fail("method", "must be one of 'exact', 'euler', got '" + m + "'");
}

} // namespace

Precision precision_option(const Options& o) {
    const std::string p = o.string("precision", "double");
    if (p == "double") return Precision::float64;
    if (p == "single") return Precision::float32;
    o.fail("precision", "must be one of 'double', 'single', got '" + p + "'");
}

std::vector<std::uint64_t> trials_option(lua_State* L, const Options& o, const Network& net) {
    std::vector<std::uint64_t> trials;
    const int type = o.push("trials");
    lua_pop(L, 1);
    if (type == LUA_TNIL || type == LUA_TNUMBER) {
        const std::int64_t count = o.integer("trials", 1);
        if (count < 1) o.fail("trials", "must be >= 1, got " + format_number(static_cast<double>(count)));
        for (std::int64_t k = 0; k < count; ++k) trials.push_back(net.seed().trial + static_cast<std::uint64_t>(k));
    } else {
        for (std::int64_t t : integer_list(L, o, "trials")) {
            if (t < 0) o.fail("trials", "must hold trial numbers >= 0, got " + format_number(static_cast<double>(t)));
            trials.push_back(static_cast<std::uint64_t>(t));
        }
        if (trials.empty()) o.fail("trials", "must not be empty");
    }
    return trials;
}

namespace {

// Population rate (Hz per neuron) in bins of bin_ms over [0, duration).
Array population_rate(const TrialRecord& rec, std::uint32_t n, double bin_ms, double duration_ms) {
    const auto bins = static_cast<std::size_t>(std::ceil(duration_ms / bin_ms - 1e-9));
    Array out({bins});
    double* r = out.data();
    for (double t : rec.spike_times) {
        // A spike at the end of a bin (t = k·bin, up to rounding) belongs to the bin it closes.
        auto b = static_cast<std::size_t>(std::max(0.0, std::ceil(t / bin_ms - 1e-9) - 1.0));
        if (b < bins) r[b] += 1.0;
    }
    for (std::size_t b = 0; b < bins; ++b) r[b] *= 1000.0 / (bin_ms * n);
    return out;
}

// net:run{duration = ms, dt =, trials =, method =, record = {...}, perturb = {...}} -> result table
int network_run(lua_State* L) {
    auto& net = check_network(L, 1);
    if (net->rate().size() > 0) {
        if (net->size() > 0) throw ConfigError("run: a network with both LIF and rate populations cannot be simulated");
        return rate_run(L);
    }
    const Options o(L, 2, "run", kRunOptions);
    require(o, "duration");
    RunOptions run;
    run.duration_ms = o.number("duration", 0.0);
    run.dt_ms = o.number("dt", 0.1);
    run.method = method_option(o);
    run.precision = precision_option(o);
    run.trials = trials_option(L, o, *net);
    double rate_bin = 0.0;
    if (o.push("record") != LUA_TNIL) { // [.., record]
        const int rec_idx = lua_gettop(L);
        if (!lua_istable(L, rec_idx)) o.fail("record", "must be a table, got " + describe_value(L, rec_idx));
        const Options r(L, rec_idx, "run", kRecordOptions);
        if (r.push("v") != LUA_TNIL) run.record.v_neurons = check_neuron_list(L, -1, net->size(), "run", "record.v");
        lua_pop(L, 1);
        const double every = r.number("every", run.dt_ms);
        run.record.v_every_steps =
            std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(every / run.dt_ms)));
        rate_bin = r.number("rate", 0.0);
    }
    lua_pop(L, 1);
    if (o.push("perturb") != LUA_TNIL) { // [.., kicks]
        run.kicks = check_timed_kicks(L, lua_gettop(L), *net, run.dt_ms);
    }
    lua_pop(L, 1);
    const std::vector<TrialRecord> records = run_trials(*net, run);
    lua_createtable(L, 0, 8); // [.., result]
    lua_pushinteger(L, static_cast<lua_Integer>(records.size()));
    lua_setfield(L, -2, "trials");
    lua_pushnumber(L, run.dt_ms);
    lua_setfield(L, -2, "dt");
    const double duration = static_cast<double>(to_steps(run.duration_ms, run.dt_ms)) * run.dt_ms;
    lua_pushnumber(L, duration);
    lua_setfield(L, -2, "duration");
    lua_pushinteger(L, net->size());
    lua_setfield(L, -2, "n");
    lua_createtable(L, static_cast<int>(records.size()), 0); // [.., result, spikes]
    for (std::size_t t = 0; t < records.size(); ++t) {
        push_spikes(L, records[t]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
    }
    lua_setfield(L, -2, "spikes");
    if (!run.record.v_neurons.empty()) {
        lua_createtable(L, static_cast<int>(records.size()), 0); // [.., result, v]
        for (std::size_t t = 0; t < records.size(); ++t) {
            const std::size_t samples = records[t].v_times.size(), m = run.record.v_neurons.size();
            // Recorded sample-major (one row per time); returned neuron-major (one row per neuron).
            Array v({m, samples});
            for (std::size_t s = 0; s < samples; ++s) {
                for (std::size_t j = 0; j < m; ++j) v.data()[j * samples + s] = records[t].v[s * m + j];
            }
            push_array(L, std::move(v));
            lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
        }
        lua_setfield(L, -2, "v");
        push_array(L, Array::from_vector(records[0].v_times));
        lua_setfield(L, -2, "v_time");
    }
    if (rate_bin > 0.0) {
        lua_createtable(L, static_cast<int>(records.size()), 0); // [.., result, rate]
        for (std::size_t t = 0; t < records.size(); ++t) {
            push_array(L, population_rate(records[t], net->size(), rate_bin, duration));
            lua_rawseti(L, -2, static_cast<lua_Integer>(t + 1));
        }
        lua_setfield(L, -2, "rate");
        const auto bins = static_cast<std::size_t>(std::ceil(duration / rate_bin - 1e-9));
        Array centres({bins});
        for (std::size_t b = 0; b < bins; ++b) centres.data()[b] = (static_cast<double>(b) + 0.5) * rate_bin;
        push_array(L, std::move(centres));
        lua_setfield(L, -2, "rate_time");
    }
    return 1;
}

// net:size() / #net -> number of neurons
int network_size(lua_State* L) {
    const auto& net = check_network(L, 1);
    lua_pushinteger(L, net->size() + net->rate().size());
    return 1;
}

// net:populations() -> {chaoslab.Population, ...}
int network_populations(lua_State* L) {
    auto& net = check_network(L, 1);
    lua_createtable(L, static_cast<int>(net->populations().size()), 0);
    for (std::uint32_t p = 0; p < net->populations().size(); ++p) {
        push_population(L, net, p);
        lua_rawseti(L, -2, p + 1);
    }
    const auto lif = static_cast<lua_Integer>(net->populations().size());
    for (std::uint32_t p = 0; p < net->rate().populations().size(); ++p) {
        push_population(L, net, p, true);
        lua_rawseti(L, -2, lif + p + 1);
    }
    return 1;
}

// net:synapses() -> total number of synapses
int network_synapses(lua_State* L) {
    lua_pushinteger(L, static_cast<lua_Integer>(check_network(L, 1)->synapse_count()));
    return 1;
}

int network_tostring(lua_State* L) {
    auto& ref = check_ref_slot<Network>(L, 1, kNetworkMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Network (released)");
        return 1;
    }
    const Seed& s = ref->seed();
    std::string text = "chaoslab.Network(";
    if (ref->rate().size() > 0) {
        text += std::to_string(ref->rate().size()) + " rate units in " +
                std::to_string(ref->rate().populations().size()) + " populations, " +
                std::to_string(ref->rate().coupling_count()) + " couplings, ";
    }
    if (ref->size() > 0 || ref->rate().size() == 0) {
        text += std::to_string(ref->size()) + " neurons in " + std::to_string(ref->populations().size()) +
                " populations, " + std::to_string(ref->synapse_count()) + " synapses, ";
    }
    text += "seed{session=" + std::to_string(s.session) + ", block=" + std::to_string(s.block) + "})";
    lua_pushstring(L, text.c_str());
    return 1;
}

// pop:size() / #pop
int population_size(lua_State* L) {
    const auto& h = check_population(L, 1);
    lua_pushinteger(L, h->rate ? h->rate_population().size() : h->population().size());
    return 1;
}

// pop:ids() -> Array of the population's network-wide neuron ids (1-based)
int population_ids(lua_State* L) {
    const auto& h = check_population(L, 1);
    if (h->rate) {
        const RatePopulation& r = h->rate_population();
        Array ids({r.size()});
        for (std::uint32_t i = 0; i < r.size(); ++i) ids.data()[i] = static_cast<double>(r.offset + i + 1);
        push_array(L, std::move(ids));
        return 1;
    }
    const Population& p = h->population();
    Array ids({p.size()});
    for (std::uint32_t i = 0; i < p.size(); ++i) ids.data()[i] = static_cast<double>(p.offset + i + 1);
    push_array(L, std::move(ids));
    return 1;
}

// pop:values(name) -> Array of a per-neuron parameter ("v_th", "tau_m", ...)
int population_values(lua_State* L) {
    const auto& h = check_population(L, 1);
    if (h->rate) {
        static const char* const rate_names[] = {"tau", "gain", "shift", "input", nullptr};
        const RatePopulation& r = h->rate_population();
        const std::vector<double>* rate_values[] = {&r.tau, &r.gain, &r.shift, &r.input};
        push_array(L, Array::from_vector(*rate_values[luaL_checkoption(L, 2, nullptr, rate_names)]));
        return 1;
    }
    const Population& p = h->population();
    static const char* const names[] = {"tau_m", "v_rest", "v_reset", "v_th", "t_ref", "i_e", nullptr};
    const int which = luaL_checkoption(L, 2, nullptr, names);
    const std::vector<double>* values[] = {&p.neurons.tau_m, &p.neurons.v_rest, &p.neurons.v_reset,
                                           &p.neurons.v_th,  &p.neurons.t_ref,  &p.neurons.i_e};
    push_array(L, Array::from_vector(*values[which]));
    return 1;
}

// pop:name()
int population_name(lua_State* L) {
    const auto& h = check_population(L, 1);
    lua_pushstring(L, (h->rate ? h->rate_population().name : h->population().name).c_str());
    return 1;
}

int population_tostring(lua_State* L) {
    auto& ref = check_ref_slot<PopulationHandle>(L, 1, kPopulationMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Population (released)");
        return 1;
    }
    if (ref->rate) {
        const RatePopulation& r = ref->rate_population();
        const std::string text = "chaoslab.Population('" + r.name + "', " + std::to_string(r.size()) + " rate units (" +
                                 transfer_name(r.spec.phi) + "), ids " + std::to_string(r.offset + 1) + ".." +
                                 std::to_string(r.offset + r.size()) + ")";
        lua_pushstring(L, text.c_str());
        return 1;
    }
    const Population& p = ref->population();
    const std::string text = "chaoslab.Population('" + p.name + "', " + std::to_string(p.size()) +
                             " LIF neurons, ids " + std::to_string(p.offset + 1) + ".." +
                             std::to_string(p.offset + p.size()) + ")";
    lua_pushstring(L, text.c_str());
    return 1;
}

const luaL_Reg kNetworkMeta[] = {
    {"__gc", wrap<gc_ref<Network, kNetworkMT>>},
    {"__tostring", wrap<network_tostring>},
    {"__len", wrap<network_size>},
    {nullptr, nullptr},
};
const luaL_Reg kNetworkMethods[] = {
    {"lif", wrap<network_lif>},
    {"rate", wrap<network_rate>},
    {"connect", wrap<network_connect>},
    {"poisson", wrap<network_poisson>},
    {"channels", wrap<network_channels>},
    {"current", wrap<network_current>},
    {"run", wrap<network_run>},
    {"size", wrap<network_size>},
    {"populations", wrap<network_populations>},
    {"synapses", wrap<network_synapses>},
    {nullptr, nullptr},
};
const luaL_Reg kPopulationMeta[] = {
    {"__gc", wrap<gc_ref<PopulationHandle, kPopulationMT>>},
    {"__tostring", wrap<population_tostring>},
    {"__len", wrap<population_size>},
    {nullptr, nullptr},
};
const luaL_Reg kPopulationMethods[] = {
    {"size", wrap<population_size>},
    {"ids", wrap<population_ids>},
    {"values", wrap<population_values>},
    {"name", wrap<population_name>},
    {nullptr, nullptr},
};

} // namespace

std::shared_ptr<Network>& check_network(lua_State* L, int idx) {
    auto& ref = check_ref_slot<Network>(L, idx, kNetworkMT);
    if (!ref) throw ArgError(idx, std::string(kNetworkMT) + " was released");
    return ref;
}

std::vector<std::uint32_t> check_neuron_list(lua_State* L, int idx, std::uint64_t n, const char* fn,
                                             const char* option) {
    idx = lua_absindex(L, idx);
    std::vector<double> values;
    if (Array* a = test_array(L, idx)) {
        values = a->to_vector();
    } else if (lua_type(L, idx) == LUA_TTABLE) {
        const lua_Integer len = luaL_len(L, idx);
        for (lua_Integer k = 1; k <= len; ++k) {
            lua_geti(L, idx, k); // [.., id]
            values.push_back(lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN);
            lua_pop(L, 1);
        }
    } else if (lua_type(L, idx) == LUA_TNUMBER) {
        values.push_back(lua_tonumber(L, idx));
    } else {
        throw ConfigError(std::string(fn) + ": option '" + option + "' must be a table or array of neuron ids, got " +
                          describe_value(L, idx));
    }
    std::vector<std::uint32_t> out;
    out.reserve(values.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
        const double x = values[k];
        if (!(x >= 1.0 && x <= static_cast<double>(n)) || std::floor(x) != x) {
            throw ConfigError(std::string(fn) + ": option '" + option + "' has " + format_number(x) + " at position " +
                              std::to_string(k + 1) + ", outside the neuron ids 1.." + std::to_string(n));
        }
        out.push_back(static_cast<std::uint32_t>(x - 1.0));
    }
    return out;
}

void push_spikes(lua_State* L, const TrialRecord& rec, double t_from) {
    const auto first = static_cast<std::size_t>(
        std::lower_bound(rec.spike_times.begin(), rec.spike_times.end(), t_from - 1e-9) - rec.spike_times.begin());
    const std::size_t m = rec.spike_times.size() - first;
    Array times({m}), ids({m});
    double* t = times.data();
    double* id = ids.data();
    for (std::size_t k = 0; k < m; ++k) {
        t[k] = rec.spike_times[first + k];
        id[k] = static_cast<double>(rec.spike_ids[first + k]) + 1.0;
    }
    lua_createtable(L, 0, 2); // [.., spikes]
    push_array(L, std::move(times));
    lua_setfield(L, -2, "times");
    push_array(L, std::move(ids));
    lua_setfield(L, -2, "ids");
}

void register_network(lua_State* L) {
    new_type(L, kNetworkMT, kNetworkMeta, kNetworkMethods);
    document_type(L, kNetworkMT,
                  "A spiking network: LIF populations, projections, Poisson inputs and currents. Structure is drawn "
                  "when declared, from the network seed's (session, block).");
    new_type(L, kPopulationMT, kPopulationMeta, kPopulationMethods);
    document_type(L, kPopulationMT, "A population of LIF neurons in a chaoslab.Network (from net:lif{}).");

    document_method(L, kNetworkMethods, "lif",
                    {"chaoslab.Network:lif", "net:lif{n =, tau_m =, v_th =, ...} -> chaoslab.Population",
                     "Adds n LIF neurons: tau_m dV/dt = -(V - v_rest) + i_e + synaptic input; V >= v_th spikes and "
                     "resets to v_reset for t_ref. Every parameter is a number, a distribution or an array.",
                     kLifOptions});
    document_method(L, kNetworkMethods, "connect",
                    {"chaoslab.Network:connect",
                     "net:connect(pre, post, {p = | indegree = | pre =, post =, weight =, ...}) -> integer",
                     "Adds synapses from population pre to post: Bernoulli with probability p, a fixed in-degree, or "
                     "explicit lists. Weights (mV) take the presynaptic population's Dale sign. Returns the number of "
                     "synapses made.",
                     kConnectOptions});
    document_method(L, kNetworkMethods, "poisson",
                    {"chaoslab.Network:poisson", "net:poisson(pop, {rate = Hz, weight = mV})",
                     "An independent Poisson spike train into every neuron of pop (drawn event by event; frozen "
                     "between a control and its perturbed twins).",
                     kPoissonOptions});
    document_method(L, kNetworkMethods, "channels",
                    {"chaoslab.Network:channels", "net:channels{n =, p =, rate =, weight =, target = pop}",
                     "n dynamic Poisson channels, each one train with a constant or time-varying rate, each projecting "
                     "to a neuron with probability p (shared input).",
                     kChannelOptions});
    document_method(L, kNetworkMethods, "current",
                    {"chaoslab.Network:current", "net:current(pop, {amplitude = mV, start = ms, stop = ms})",
                     "A step current (as the drive R*I in mV) during [start, stop).", kCurrentOptions});
    document_method(L, kNetworkMethods, "run",
                    {"chaoslab.Network:run", "net:run{duration = ms, dt =, trials =, record =} -> table",
                     "Simulates trials in parallel (threads over trials; bitwise the same for any thread count). "
                     "Returns {spikes = {{times =, ids =}, ...} (ms, 1-based ids), v = {Array n_rec x samples, ...}, "
                     "v_time, rate = {Array (Hz), ...}, rate_time, trials, dt, duration, n}.",
                     kRunOptions});
    document_method(L, kNetworkMethods, "size",
                    {"chaoslab.Network:size", "net:size() -> integer", "Number of neurons (also #net)."});
    document_method(L, kNetworkMethods, "populations",
                    {"chaoslab.Network:populations", "net:populations() -> {chaoslab.Population, ...}",
                     "The populations in creation order."});
    document_method(L, kNetworkMethods, "synapses",
                    {"chaoslab.Network:synapses", "net:synapses() -> integer", "Total number of synapses."});
    document_method(L, kPopulationMethods, "size",
                    {"chaoslab.Population:size", "pop:size() -> integer", "Number of neurons (also #pop)."});
    document_method(L, kPopulationMethods, "ids",
                    {"chaoslab.Population:ids", "pop:ids() -> chaoslab.Array",
                     "The network-wide ids (1-based) of the population's neurons, as used in spike ids."});
    document_method(L, kPopulationMethods, "values",
                    {"chaoslab.Population:values", "pop:values(name) -> chaoslab.Array",
                     "The drawn per-neuron values of a parameter: 'tau_m', 'v_rest', 'v_reset', 'v_th', 't_ref' or "
                     "'i_e'."});
    document_method(L, kPopulationMethods, "name",
                    {"chaoslab.Population:name", "pop:name() -> string", "The population's name."});

    set_function(L, "network", wrap<network_new>,
                 {"chaoslab.network", "network{seed = } -> chaoslab.Network",
                  "An empty spiking network; add populations with net:lif{}, synapses with net:connect().",
                  kNetworkOptions});
}

} // namespace chaoslab::lua
