// Lua bindings of perturb/ and the perturbation measures: kick constructors and chaoslab.perturbation{},
// which runs a control and its frozen-noise twins and returns the chaos measures as arrays over twins.
#include "perturbation.hpp"

#include "array.hpp"
#include "module.hpp"
#include "network.hpp"
#include "random.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "measures/divergence.hpp"
#include "perturb/protocol.hpp"
#include "sim/compiled_network.hpp"
#include "sim/run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

namespace chaoslab::lua {

namespace {

// What a kick constructor describes; resolved against a network when used.
struct KickSpec {
    Kick::Kind kind = Kick::Kind::extra_spike;
    const char* fn = "extra_spike";
    std::int64_t count = 0;  // draw this many neurons (one twin each) ...
    std::vector<double> ids; // ... or these network-wide ids (1-based), one twin each
    bool has_list = false;
    double size = 0.0;                                    // mV
    double at = std::numeric_limits<double>::quiet_NaN(); // ms, for net:run
    std::int64_t twins = 1;                               // state kicks
    std::shared_ptr<PopulationHandle> population;         // where targets are drawn (default: all neurons)
};

const OptionSpec kExtraSpikeOptions[] = {
    {"neurons", "", "1",
     "how many neurons to perturb, drawn without replacement from the network seed (one twin each), or a list of "
     "network-wide ids (1-based)"},
    {"population", "", "all neurons", "draw the neurons from this chaoslab.Population only"},
    {"at", "ms", "baseline", "time of the kick in net:run{perturb = ...}; chaoslab.perturbation uses its baseline",
     Check::non_negative},
};
const OptionSpec kVoltageKickOptions[] = {
    {"neurons", "", "1", "how many neurons (drawn, one twin each) or a list of ids (1-based)"},
    {"size", "mV", "required", "added to the membrane potential (0 gives an exact copy of the control)", Check::finite},
    {"population", "", "all neurons", "draw the neurons from this chaoslab.Population only"},
    {"at", "ms", "baseline", "time of the kick in net:run{perturb = ...}", Check::non_negative},
};
const OptionSpec kStateKickOptions[] = {
    {"epsilon", "mV", "required", "norm of the random kick vector added to the membrane potentials",
     Check::non_negative},
    {"twins", "", "1", "number of twins, each with its own random direction", Check::positive_integer},
    {"neurons", "", "all", "a list of ids (1-based) the kick is spread over"},
    {"at", "ms", "baseline", "time of the kick in net:run{perturb = ...}", Check::non_negative},
};

const OptionSpec kPerturbationOptions[] = {
    {"network", "", "required", "the chaoslab.Network"},
    {"kick", "", "required", "chaoslab.extra_spike{}, chaoslab.voltage_kick{} or chaoslab.state_kick{}"},
    {"dt", "ms", "0.1", "time step", Check::positive},
    {"baseline", "ms", "50", "time before the perturbation (shared by control and twins)", Check::positive},
    {"observe", "ms", "500", "time after it, analysed", Check::positive},
    {"trial", "", "network seed's trial", "trial number: the input noise and initial state",
     Check::non_negative_integer},
    {"seed", "", "network seed", "a chaoslab.Seed whose trial is used (session and block must be the network's)"},
    {"method", "", "'exact'", "'exact' or 'euler' integration"},
    {"precision", "", "'double'", kPrecisionHelp},
    {"lz", "", "'lz76'", "'lz76' (Kaspar-Schuster phrase count) or 'dictionary' (the seed code's parse)"},
    {"symbols", "", "'flattened'",
     "'flattened' (rows ordered, read column by column), 'spatial' (one symbol per bin pattern) or "
     "'spatial_decimal' (the seed's decimal-glued ids, for its numbers)"},
    {"order", "", "'decreasing'", "row order for 'flattened': 'decreasing' or 'increasing' activity, or 'index'"},
    {"tail", "", "'dropped'", "dictionary parse: 'dropped' (seed HEAD) or 'counted' (seed v1) final known phrase"},
    {"lz_bin", "ms", "0.1", "bin of the difference pattern for LZ and pattern statistics", Check::positive},
    {"hamming_bin", "ms", "1", "bin of the Hamming distance", Check::positive},
    {"slope_start", "ms", "50", "robust slope: first time (after the perturbation) it considers", Check::non_negative},
    {"slope_search", "", "'all'", "robust slope windows: 'all' sizes 10..29 (v1) or 'seed_v2' (w = 10 only, its bug)"},
    {"measures", "", "{}",
     "extra measures: 'patterns' (entropies, unique patterns, settling time), 'coincidence' (Kistler/gamma), "
     "'dimensionality' (participation ratio of the control)"},
    {"coincidence_delta", "ms", "2", "coincidence window", Check::positive},
    {"coincidence_convention", "", "'kistler'", "'kistler' (Kistler 1997) or 'seed' (no factor 2, seed HEAD)"},
    {"settling_window", "ms", "50", "quiet time required for settling", Check::positive},
    {"settling_convention", "", "'quiet'", "'quiet' (first bin of the final empty stretch) or 'seed' (seed HEAD)"},
    {"dimensionality_bin", "ms", "2", "bin of the control activity for the participation ratio", Check::positive},
    {"dimensionality_convention", "", "'neurons'", "'neurons' (neuron covariance) or 'seed' (double-centred)"},
    {"spikes", "", "false", "also return the control's and the twins' spikes"},
};

KickSpec& check_kick(lua_State* L, int idx) { return check_object<KickSpec>(L, idx, kKickMT); }

// The ids of option 'neurons' (an array or a table of numbers; non-numbers become NaN and fail later
// with their position) from the value on top of the stack, which it pops.
void read_id_list(lua_State* L, const Options& o, const char* otherwise, KickSpec& k) {
    k.ids.clear();
    if (Array* a = test_array(L, -1)) {
        k.ids = a->to_vector();
    } else if (lua_istable(L, -1)) {
        const lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; ++i) {
            lua_geti(L, -1, i);
            k.ids.push_back(lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN);
            lua_pop(L, 1);
        }
    } else {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail("neurons", otherwise + got);
    }
    lua_pop(L, 1);
    k.has_list = true;
}

void read_targets(lua_State* L, const Options& o, KickSpec& k) {
    if (o.has("population")) {
        o.push("population"); // [.., pop]
        if (!luaL_testudata(L, -1, kPopulationMT)) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("population", "must be a chaoslab.Population, got " + got);
        }
        k.population = check_ref_slot<PopulationHandle>(L, lua_gettop(L), kPopulationMT);
        lua_pop(L, 1);
    }
    const int type = o.push("neurons"); // [.., neurons]
    if (type == LUA_TNUMBER) {
        lua_pop(L, 1);
        k.count = o.integer("neurons", 1);
        if (k.count < 1) o.fail("neurons", "must be >= 1, got " + format_number(static_cast<double>(k.count)));
        return;
    }
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        k.count = 1;
        return;
    }
    read_id_list(L, o, "must be a count or a list of neuron ids, got ", k); // pops the value
    if (k.ids.empty()) o.fail("neurons", "must not be an empty list");
}

void push_kick(lua_State* L, KickSpec k) { push_ref(L, std::make_shared<KickSpec>(std::move(k)), kKickMT); }

// chaoslab.extra_spike{neurons = 20 | {ids}, population =, at =} -> chaoslab.Kick
int kick_extra_spike(lua_State* L) {
    const Options o(L, 1, "extra_spike", kExtraSpikeOptions);
    KickSpec k;
    read_targets(L, o, k);
    k.at = o.number("at", k.at);
    push_kick(L, std::move(k));
    return 1;
}

// chaoslab.voltage_kick{neurons =, size = mV, population =, at =} -> chaoslab.Kick
int kick_voltage(lua_State* L) {
    const Options o(L, 1, "voltage_kick", kVoltageKickOptions);
    if (!o.has("size")) o.fail("size", "is required");
    KickSpec k;
    k.kind = Kick::Kind::voltage;
    k.fn = "voltage_kick";
    read_targets(L, o, k);
    k.size = o.number("size", 0.0);
    k.at = o.number("at", k.at);
    push_kick(L, std::move(k));
    return 1;
}

// chaoslab.state_kick{epsilon = mV, twins =, neurons =, at =} -> chaoslab.Kick
int kick_state(lua_State* L) {
    const Options o(L, 1, "state_kick", kStateKickOptions);
    if (!o.has("epsilon")) o.fail("epsilon", "is required");
    KickSpec k;
    k.kind = Kick::Kind::state;
    k.fn = "state_kick";
    k.size = o.number("epsilon", 0.0);
    k.twins = o.integer("twins", 1);
    if (o.has("neurons")) {
        o.push("neurons");
        read_id_list(L, o, "must be a list of neuron ids, got ", k);
    }
    k.at = o.number("at", k.at);
    push_kick(L, std::move(k));
    return 1;
}

std::vector<std::uint32_t> resolve_ids(const KickSpec& k, const Network& net) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < k.ids.size(); ++i) {
        const double x = k.ids[i];
        if (!(x >= 1.0 && x <= static_cast<double>(net.size())) || std::floor(x) != x) {
            throw ConfigError(std::string(k.fn) + ": option 'neurons' has " + format_number(x) + " at position " +
                              std::to_string(i + 1) + ", outside the neuron ids 1.." + std::to_string(net.size()));
        }
        out.push_back(static_cast<std::uint32_t>(x) - 1);
    }
    return out;
}

// The neurons a spike or voltage kick targets: the list, or `count` drawn from the population.
std::vector<std::uint32_t> targets_of(const KickSpec& k, const Network& net) {
    if (k.has_list) return resolve_ids(k, net);
    std::uint32_t first = 0, n = net.size();
    if (k.population) {
        if (k.population->network.get() != &net) {
            throw ConfigError(std::string(k.fn) + ": option 'population' belongs to another network");
        }
        first = k.population->population().offset;
        n = k.population->population().size();
    }
    return draw_targets(net, first, n, static_cast<std::uint32_t>(std::min<std::int64_t>(k.count, UINT32_MAX)));
}

// One Kick per twin, and the perturbed neuron of each (spike and voltage kicks).
std::vector<Kick> twins_of(const KickSpec& k, const Network& net, std::vector<std::uint32_t>& neurons) {
    std::vector<Kick> twins;
    if (k.kind == Kick::Kind::state) {
        Kick kick;
        kick.kind = Kick::Kind::state;
        kick.size = k.size;
        if (k.has_list) kick.neurons = resolve_ids(k, net);
        twins.assign(static_cast<std::size_t>(k.twins), kick);
        return twins;
    }
    neurons = targets_of(k, net);
    for (std::uint32_t i : neurons) {
        Kick kick;
        kick.kind = k.kind;
        kick.neurons = {i};
        kick.size = k.size;
        twins.push_back(std::move(kick));
    }
    return twins;
}

template <class E>
E choose(const Options& o, const char* name, std::initializer_list<std::pair<const char*, E>> choices) {
    const std::string value = o.string(name, choices.begin()->first);
    std::string allowed;
    for (const auto& [text, e] : choices) {
        if (value == text) return e;
        allowed += (allowed.empty() ? "'" : ", '") + std::string(text) + "'";
    }
    o.fail(name, "must be one of " + allowed + ", got '" + value + "'");
}

void push_numbers(lua_State* L, const std::vector<double>& v, const char* field) {
    push_array(L, Array::from_vector(v));
    lua_setfield(L, -2, field);
}

void set_number(lua_State* L, double x, const char* field) {
    lua_pushnumber(L, x);
    lua_setfield(L, -2, field);
}

SpikeView view_of(const TrialRecord& r) { return SpikeView{r.spike_times, r.spike_ids}; }

// chaoslab.perturbation{network =, kick =, baseline =, observe =, ...} -> result table
int perturbation_run(lua_State* L) {
    const Options o(L, 1, "perturbation", kPerturbationOptions);
    if (!o.has("network")) o.fail("network", "is required");
    if (!o.has("kick")) o.fail("kick", "is required");
    o.push("network"); // [.., net]
    if (!luaL_testudata(L, -1, kNetworkMT)) {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail("network", "must be a chaoslab.Network, got " + got);
    }
    const std::shared_ptr<Network> net = check_network(L, lua_gettop(L));
    lua_pop(L, 1);
    o.push("kick"); // [.., kick]
    if (!luaL_testudata(L, -1, kKickMT)) {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail("kick", "must be a chaoslab.Kick (chaoslab.extra_spike{} ...), got " + got);
    }
    const KickSpec kick = check_kick(L, lua_gettop(L));
    lua_pop(L, 1);

    ProtocolOptions p;
    p.dt_ms = o.number("dt", 0.1);
    p.baseline_ms = o.number("baseline", 50.0);
    p.observe_ms = o.number("observe", 500.0);
    p.trial = net->seed().trial;
    if (o.has("seed")) {
        o.push("seed");
        if (!luaL_testudata(L, -1, kSeedMT)) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("seed", "must be a chaoslab.Seed, got " + got);
        }
        const Seed s = check_seed(L, -1);
        lua_pop(L, 1);
        if (s.session != net->seed().session || s.block != net->seed().block) {
            o.fail("seed", "has session " + std::to_string(s.session) + ", block " + std::to_string(s.block) +
                               " but the network was built with session " + std::to_string(net->seed().session) +
                               ", block " + std::to_string(net->seed().block));
        }
        p.trial = s.trial;
    }
    if (o.has("trial")) p.trial = static_cast<std::uint64_t>(o.integer("trial", 0));
    p.method = choose<Integration>(o, "method", {{"exact", Integration::exact}, {"euler", Integration::euler}});
    p.precision = precision_option(o);

    DivergenceOptions d;
    d.lz = choose<LzMethod>(o, "lz", {{"lz76", LzMethod::lz76}, {"dictionary", LzMethod::dictionary}});
    d.symbols = choose<LzSymbols>(o, "symbols",
                                  {{"flattened", LzSymbols::flattened},
                                   {"spatial", LzSymbols::spatial},
                                   {"spatial_decimal", LzSymbols::spatial_decimal}});
    d.order = choose<RowOrder>(o, "order",
                               {{"decreasing", RowOrder::DecreasingActivity},
                                {"increasing", RowOrder::IncreasingActivity},
                                {"index", RowOrder::Index}});
    d.tail =
        choose<DictionaryTail>(o, "tail", {{"dropped", DictionaryTail::Dropped}, {"counted", DictionaryTail::Counted}});
    d.lz_bin_ms = o.number("lz_bin", 0.1);
    d.hamming_bin_ms = o.number("hamming_bin", 1.0);
    d.slope.start_ms = o.number("slope_start", 50.0);
    d.slope.search = choose<SlopeSearch>(
        o, "slope_search", {{"all", SlopeSearch::AllWindows}, {"seed_v2", SlopeSearch::SeedV2FirstSizeOnly}});
    d.coincidence_delta_ms = o.number("coincidence_delta", 2.0);
    d.coincidence_convention = choose<CoincidenceConvention>(
        o, "coincidence_convention",
        {{"kistler", CoincidenceConvention::Kistler}, {"seed", CoincidenceConvention::Seed}});
    d.settling.window_ms = o.number("settling_window", 50.0);
    d.settling.convention = choose<SettlingConvention>(
        o, "settling_convention", {{"quiet", SettlingConvention::Quiet}, {"seed", SettlingConvention::Seed}});
    d.dimensionality_bin_ms = o.number("dimensionality_bin", 2.0);
    d.dimensionality_convention = choose<DimensionalityConvention>(
        o, "dimensionality_convention",
        {{"neurons", DimensionalityConvention::Neurons}, {"seed", DimensionalityConvention::Seed}});
    if (o.push("measures") != LUA_TNIL) { // [.., measures]
        if (!lua_istable(L, -1)) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("measures", "must be a list of names, got " + got);
        }
        const lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; ++i) {
            lua_geti(L, -1, i);
            const std::string name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : describe_value(L, -1);
            lua_pop(L, 1);
            if (name == "patterns")
                d.pattern_stats = true;
            else if (name == "coincidence")
                d.coincidence = true;
            else if (name == "dimensionality")
                d.dimensionality = true;
            else {
                lua_pop(L, 1);
                o.fail("measures",
                       "has unknown measure '" + name + "' (known: 'patterns', 'coincidence', 'dimensionality')");
            }
        }
    }
    lua_pop(L, 1);
    const bool keep_spikes = o.boolean("spikes", false);

    std::vector<std::uint32_t> neurons;
    const std::vector<Kick> twins = twins_of(kick, *net, neurons);
    const auto t0 = std::chrono::steady_clock::now();
    const ProtocolRun run = run_protocol(*net, p, twins);
    const auto t1 = std::chrono::steady_clock::now();
    d.n_neurons = net->size();
    d.t_pert_ms = run.t_pert_ms;
    d.observe_ms = run.end_ms - run.t_pert_ms;
    std::vector<SpikeView> views;
    for (const TrialRecord& r : run.twins) views.push_back(view_of(r));
    const Divergence m = measure_divergence(view_of(run.control), views, d);
    const auto t2 = std::chrono::steady_clock::now();

    const std::size_t n = twins.size();
    std::vector<double> lz(n), lz_norm(n), slope(n), diffs(n);
    for (std::size_t j = 0; j < n; ++j) {
        lz[j] = m.twins[j].lz;
        lz_norm[j] = m.twins[j].lz_normalized;
        slope[j] = m.twins[j].hamming_slope;
        diffs[j] = m.twins[j].differences;
    }
    lua_createtable(L, 0, 24); // [.., result]
    push_numbers(L, lz, "lz");
    push_numbers(L, lz_norm, "lz_normalized");
    push_numbers(L, slope, "hamming_slope");
    push_numbers(L, diffs, "differences");
    if (!neurons.empty()) {
        std::vector<double> ids(neurons.size());
        for (std::size_t j = 0; j < ids.size(); ++j) ids[j] = static_cast<double>(neurons[j]) + 1.0;
        push_numbers(L, ids, "neurons");
    }
    const std::size_t bins = m.hamming_time_ms.size();
    Array hamming({n, bins});
    for (std::size_t j = 0; j < n; ++j)
        std::copy(m.twins[j].hamming.begin(), m.twins[j].hamming.end(), hamming.data() + j * bins);
    push_array(L, std::move(hamming));
    lua_setfield(L, -2, "hamming");
    push_numbers(L, m.hamming_time_ms, "hamming_time");
    set_number(L, m.control.mean_rate_hz, "rate");
    set_number(L, m.control.silent_fraction, "silent_fraction");
    set_number(L, m.control.mean_cv_isi, "cv_isi");
    set_number(L, m.control.mean_fano, "fano");
    set_number(L, run.t_pert_ms, "t_pert");
    set_number(L, d.observe_ms, "observe");
    lua_pushinteger(L, static_cast<lua_Integer>(n));
    lua_setfield(L, -2, "twins");
    lua_pushinteger(L, static_cast<lua_Integer>(p.trial));
    lua_setfield(L, -2, "trial");
    if (d.pattern_stats) {
        std::vector<double> hs(n), hb(n), unique(n), settle(n);
        for (std::size_t j = 0; j < n; ++j) {
            hs[j] = m.twins[j].patterns.symbol_entropy_bits;
            hb[j] = m.twins[j].patterns.spike_entropy_bits;
            unique[j] = static_cast<double>(m.twins[j].patterns.unique_patterns);
            settle[j] = m.twins[j].settling_time_ms;
        }
        push_numbers(L, hs, "symbol_entropy");
        push_numbers(L, hb, "spike_entropy");
        push_numbers(L, unique, "unique_patterns");
        push_numbers(L, settle, "settling_time");
    }
    if (d.coincidence) {
        std::vector<double> gamma(n), kistler(n);
        for (std::size_t j = 0; j < n; ++j) {
            gamma[j] = m.twins[j].coincidence.gamma;
            kistler[j] = m.twins[j].coincidence.kistler;
        }
        push_numbers(L, gamma, "gamma");
        push_numbers(L, kistler, "kistler");
    }
    if (d.dimensionality) {
        set_number(L, m.control_dimensionality.participation_ratio, "participation_ratio");
        set_number(L, static_cast<double>(m.control_dimensionality.dim95), "dim95");
        set_number(L, static_cast<double>(m.control_dimensionality.n_eigenvalues), "n_eigenvalues");
    }
    if (keep_spikes) {
        push_spikes(L, run.control);
        lua_setfield(L, -2, "control");
        lua_createtable(L, static_cast<int>(n), 0);
        for (std::size_t j = 0; j < n; ++j) {
            push_spikes(L, run.twins[j]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(j + 1));
        }
        lua_setfield(L, -2, "twin_spikes");
    }
    lua_createtable(L, 0, 2); // [.., result, timing]
    set_number(L, std::chrono::duration<double>(t1 - t0).count(), "simulate");
    set_number(L, std::chrono::duration<double>(t2 - t1).count(), "measure");
    lua_setfield(L, -2, "timing");
    return 1;
}

int kick_tostring(lua_State* L) {
    auto& ref = check_ref_slot<KickSpec>(L, 1, kKickMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Kick (released)");
        return 1;
    }
    std::string text = std::string("chaoslab.Kick(") + ref->fn;
    if (ref->kind == Kick::Kind::state) {
        text += ", epsilon=" + format_number(ref->size) + " mV, twins=" + std::to_string(ref->twins);
    } else {
        text += ref->has_list ? ", " + std::to_string(ref->ids.size()) + " listed neurons"
                              : ", " + std::to_string(ref->count) + " drawn neurons";
        if (ref->kind == Kick::Kind::voltage) text += ", size=" + format_number(ref->size) + " mV";
    }
    if (!std::isnan(ref->at)) text += ", at=" + format_number(ref->at) + " ms";
    lua_pushstring(L, (text + ")").c_str());
    return 1;
}

const luaL_Reg kKickMeta[] = {
    {"__gc", wrap<gc_ref<KickSpec, kKickMT>>},
    {"__tostring", wrap<kick_tostring>},
    {nullptr, nullptr},
};
const luaL_Reg kKickMethods[] = {{nullptr, nullptr}};

} // namespace

std::vector<StateKick> check_timed_kicks(lua_State* L, int idx, const Network& net, double dt_ms) {
    idx = lua_absindex(L, idx);
    std::vector<const KickSpec*> specs;
    if (luaL_testudata(L, idx, kKickMT)) {
        specs.push_back(&check_kick(L, idx));
    } else if (lua_istable(L, idx)) {
        const lua_Integer n = luaL_len(L, idx);
        for (lua_Integer i = 1; i <= n; ++i) {
            lua_geti(L, idx, i); // [.., kick]
            if (!luaL_testudata(L, -1, kKickMT)) {
                throw ConfigError("run: option 'perturb' must list chaoslab.Kick values, got " + describe_value(L, -1) +
                                  " at position " + std::to_string(i));
            }
            specs.push_back(&check_kick(L, -1)); // kept alive by the table
            lua_pop(L, 1);
        }
    } else {
        throw ConfigError("run: option 'perturb' must be a chaoslab.Kick or a list of them, got " +
                          describe_value(L, idx));
    }
    std::vector<StateKick> out;
    const Seed seed{net.seed().session, net.seed().block, net.seed().trial};
    for (const KickSpec* k : specs) {
        if (std::isnan(k->at)) {
            throw ConfigError(std::string("run: the ") + k->fn + " kick needs its time: " + k->fn + "{..., at = ms}");
        }
        const std::uint64_t step = to_steps(k->at, dt_ms);
        Kick kick;
        kick.kind = k->kind;
        kick.size = k->size;
        if (k->kind == Kick::Kind::state) {
            if (k->has_list) kick.neurons = resolve_ids(*k, net);
        } else {
            kick.neurons = targets_of(*k, net);
        }
        for (StateKick& s : state_kicks(net, kick, step, seed, 0)) out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const StateKick& a, const StateKick& b) { return a.step < b.step; });
    return out;
}

void register_perturbation(lua_State* L) {
    new_type(L, kKickMT, kKickMeta, kKickMethods);
    document_type(L, kKickMT,
                  "A perturbation for chaoslab.perturbation{kick = ...} (one twin per perturbed neuron or per random "
                  "direction) or net:run{perturb = {...}} (with `at` times).");
    set_function(L, "extra_spike", wrap<kick_extra_spike>,
                 {"chaoslab.extra_spike", "extra_spike{neurons = 20 | {ids}, population =, at =} -> chaoslab.Kick",
                  "One auxiliary spike of a neuron (seed 000): reset, refractory, delivered to its targets like a "
                  "real spike. neurons = k draws k distinct neurons from the network seed.",
                  kExtraSpikeOptions});
    set_function(L, "voltage_kick", wrap<kick_voltage>,
                 {"chaoslab.voltage_kick", "voltage_kick{neurons =, size = mV, at =} -> chaoslab.Kick",
                  "Adds size mV to the membrane potential of a neuron (lost if it is refractory).",
                  kVoltageKickOptions});
    set_function(L, "state_kick", wrap<kick_state>,
                 {"chaoslab.state_kick", "state_kick{epsilon = mV, twins =, neurons =} -> chaoslab.Kick",
                  "Adds epsilon times a random unit vector (one per twin) to the membrane potentials.",
                  kStateKickOptions});
    set_function(L, "perturbation", wrap<perturbation_run>,
                 {"chaoslab.perturbation",
                  "perturbation{network =, kick =, baseline = 50, observe = 500, ...} -> table",
                  "Runs the control for baseline ms, then the control and one twin per perturbation from that "
                  "state with the same input noise (frozen), in parallel. Measures per twin, on [baseline, "
                  "baseline + observe): lz (LZ76 phrase count of the 0.1 ms spike-difference pattern, rows by "
                  "decreasing activity, read column-wise), lz_normalized, hamming_slope (neurons/ms, seed 000's robust "
                  "slope of the 1 ms Hamming distance), differences, hamming (twins x bins), hamming_time; for the "
                  "control: rate (Hz), silent_fraction, cv_isi, fano; neurons (perturbed ids); timing (s).",
                  kPerturbationOptions});
}

} // namespace chaoslab::lua
