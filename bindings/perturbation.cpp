// Lua binding of chaoslab.perturbation{}: a control and its frozen-noise twins (analysis/perturbation),
// returned as the chaos measures in arrays over the twins.
#include "convert.hpp"
#include "module.hpp"

#include "analysis/perturbation.hpp"
#include "network/spiking_network.hpp"

#include <string>

namespace chaoslab::lua {

namespace {

struct PerturbationCall : PerturbationExperiment {
    std::shared_ptr<NetworkHandle> network;
    std::optional<Seed> seed;
    std::optional<std::int64_t> trial;
    bool keep_spikes = false;
};

// Members of the nested option structs (ProtocolOptions, DivergenceOptions) by accessor.
template <class T> using In = T& (*)(PerturbationCall&);

const OptionTable<PerturbationCall> kPerturbationOptions{
    "perturbation",
    {
        custom<PerturbationCall>("network", "", "required", "the chaoslab.Network",
                                 [](const OptionContext& c, PerturbationCall& s) { s.network = read_network(c); })
            .needed(),
        custom<PerturbationCall>("kick", "", "required",
                                 "chaoslab.extra_spike{}, chaoslab.voltage_kick{} or chaoslab.state_kick{}",
                                 [](const OptionContext& c, PerturbationCall& s) {
                                     if (!luaL_testudata(c.L, c.idx, kKickMT))
                                         c.fail("must be a chaoslab.Kick (chaoslab.extra_spike{} ...), got " + c.got());
                                     s.kick = check_kick(c.L, c.idx).plan;
                                 })
            .needed(),
        number("dt", In<double>([](auto& s) -> double& { return s.protocol.dt_ms; }), "ms", "time step",
               Check::positive),
        number("baseline", In<double>([](auto& s) -> double& { return s.protocol.baseline_ms; }), "ms",
               "time before the perturbation (shared by control and twins)", Check::positive),
        number("observe", In<double>([](auto& s) -> double& { return s.protocol.observe_ms; }), "ms",
               "time after it, analysed", Check::positive),
        integer("trial", &PerturbationCall::trial, "trial number: the input noise and initial state",
                Check::non_negative_integer)
            .shows("network seed's trial"),
        custom<PerturbationCall>("seed", "", "network seed",
                                 "a chaoslab.Seed whose trial is used (session and block must be the network's)",
                                 [](const OptionContext& c, PerturbationCall& s) {
                                     if (!luaL_testudata(c.L, c.idx, kSeedMT))
                                         c.fail("must be a chaoslab.Seed, got " + c.got());
                                     s.seed = check_seed(c.L, c.idx);
                                 }),
        choice("method", In<Integration>([](auto& s) -> Integration& { return s.protocol.method; }), kIntegrationNames,
               "'exact' or 'euler' integration"),
        choice("precision", In<Precision>([](auto& s) -> Precision& { return s.protocol.precision; }), kPrecisionNames,
               kPrecisionHelp),
        choice("lz", In<LzMethod>([](auto& s) -> LzMethod& { return s.measures.lz; }),
               {{"lz76", LzMethod::lz76}, {"dictionary", LzMethod::dictionary}},
               "'lz76' (Kaspar-Schuster phrase count) or 'dictionary' (the seed code's parse)"),
        choice("symbols", In<LzSymbols>([](auto& s) -> LzSymbols& { return s.measures.symbols; }),
               {{"flattened", LzSymbols::flattened},
                {"spatial", LzSymbols::spatial},
                {"spatial_decimal", LzSymbols::spatial_decimal}},
               "'flattened' (rows ordered, read column by column), 'spatial' (one symbol per bin pattern) or "
               "'spatial_decimal' (the seed's decimal-glued ids, for its numbers)"),
        choice("order", In<RowOrder>([](auto& s) -> RowOrder& { return s.measures.order; }),
               {{"decreasing", RowOrder::decreasing_activity},
                {"increasing", RowOrder::increasing_activity},
                {"index", RowOrder::index}},
               "row order for 'flattened': 'decreasing' or 'increasing' activity, or 'index'"),
        choice("tail", In<DictionaryTail>([](auto& s) -> DictionaryTail& { return s.measures.tail; }),
               {{"dropped", DictionaryTail::dropped}, {"counted", DictionaryTail::counted}},
               "dictionary parse: 'dropped' (seed HEAD) or 'counted' (seed v1) final known phrase"),
        number("lz_bin", In<double>([](auto& s) -> double& { return s.measures.lz_bin_ms; }), "ms",
               "bin of the difference pattern for LZ and pattern statistics", Check::positive),
        number("hamming_bin", In<double>([](auto& s) -> double& { return s.measures.hamming_bin_ms; }), "ms",
               "bin of the Hamming distance", Check::positive),
        number("slope_start", In<double>([](auto& s) -> double& { return s.measures.slope.start_ms; }), "ms",
               "robust slope: first time (after the perturbation) it considers", Check::non_negative),
        choice("slope_search", In<SlopeSearch>([](auto& s) -> SlopeSearch& { return s.measures.slope.search; }),
               {{"all", SlopeSearch::all_windows}, {"seed_v2", SlopeSearch::seed_v2_first_size_only}},
               "robust slope windows: 'all' sizes 10..29 (v1) or 'seed_v2' (w = 10 only, its bug)"),
        custom<PerturbationCall>(
            "measures", "", "{}",
            "extra measures: 'patterns' (entropies, unique patterns, settling time), 'coincidence' "
            "(Kistler/gamma), 'dimensionality' (participation ratio of the control)",
            [](const OptionContext& c, PerturbationCall& s) {
                if (!lua_istable(c.L, c.idx)) c.fail("must be a list of names, got " + c.got());
                for (const std::string& name : read_strings(c.L, c.idx, c.list())) {
                    if (name == "patterns")
                        s.measures.pattern_stats = true;
                    else if (name == "coincidence")
                        s.measures.coincidence = true;
                    else if (name == "dimensionality")
                        s.measures.dimensionality = true;
                    else
                        c.fail("has unknown measure '" + name +
                               "' (known: 'patterns', 'coincidence', 'dimensionality')");
                }
            }),
        number("coincidence_delta", In<double>([](auto& s) -> double& { return s.measures.coincidence_delta_ms; }),
               "ms", "coincidence window", Check::positive),
        choice("coincidence_convention", In<CoincidenceConvention>([](auto& s) -> CoincidenceConvention& {
                   return s.measures.coincidence_convention;
               }),
               {{"kistler", CoincidenceConvention::kistler}, {"seed", CoincidenceConvention::seed}},
               "'kistler' (Kistler 1997) or 'seed' (no factor 2, seed HEAD)"),
        number("settling_window", In<double>([](auto& s) -> double& { return s.measures.settling.window_ms; }), "ms",
               "quiet time required for settling", Check::positive),
        choice("settling_convention",
               In<SettlingConvention>([](auto& s) -> SettlingConvention& { return s.measures.settling.convention; }),
               {{"quiet", SettlingConvention::quiet}, {"seed", SettlingConvention::seed}},
               "'quiet' (first bin of the final empty stretch) or 'seed' (seed HEAD)"),
        number("dimensionality_bin", In<double>([](auto& s) -> double& { return s.measures.dimensionality_bin_ms; }),
               "ms", "bin of the control activity for the participation ratio", Check::positive),
        choice("dimensionality_convention", In<DimensionalityConvention>([](auto& s) -> DimensionalityConvention& {
                   return s.measures.dimensionality_convention;
               }),
               {{"neurons", DimensionalityConvention::neurons}, {"seed", DimensionalityConvention::seed}},
               "'neurons' (neuron covariance) or 'seed' (double-centred)"),
        flag("spikes", &PerturbationCall::keep_spikes, "also return the control's and the twins' spikes"),
    }};

void set_array(lua_State* L, const char* field, std::vector<double> v, Shape shape = {}) {
    push_array(L, std::move(v), std::move(shape));
    lua_setfield(L, -2, field);
}

void set_number(lua_State* L, const char* field, double x) {
    lua_pushnumber(L, x);
    lua_setfield(L, -2, field);
}

// chaoslab.perturbation{network =, kick =, baseline =, observe =, ...} -> result table
int perturbation_run(lua_State* L) {
    PerturbationCall call = kPerturbationOptions.read(L, 1);
    const SpikingNetwork* net = call.network->as<SpikingNetwork>();
    if (!net) throw ConfigError("perturbation: option 'network' must hold LIF populations (net:lif{})");
    call.protocol.trial = perturbation_trial(call.network->seed, call.seed, call.trial);
    PerturbationResult r = run_perturbation(*net, call);

    const std::size_t n = r.lz.size(), bins = r.hamming_time.size();
    lua_createtable(L, 0, 24); // [.., result]
    set_array(L, "lz", std::move(r.lz));
    set_array(L, "lz_normalized", std::move(r.lz_normalized));
    set_array(L, "hamming_slope", std::move(r.hamming_slope));
    set_array(L, "differences", std::move(r.differences));
    if (!r.neurons.empty()) {
        std::vector<double> ids(r.neurons.begin(), r.neurons.end());
        push_array(L, Array::from_vector(std::move(ids)).map_scalar(1.0, Array::BinaryOp::add, false));
        lua_setfield(L, -2, "neurons");
    }
    set_array(L, "hamming", std::move(r.hamming), {n, bins});
    set_array(L, "hamming_time", std::move(r.hamming_time));
    set_number(L, "rate", r.control.mean_rate_hz);
    set_number(L, "silent_fraction", r.control.silent_fraction);
    set_number(L, "cv_isi", r.control.mean_cv_isi);
    set_number(L, "fano", r.control.mean_fano);
    set_number(L, "t_pert", r.t_pert_ms);
    set_number(L, "observe", r.observe_ms);
    lua_pushinteger(L, static_cast<lua_Integer>(n));
    lua_setfield(L, -2, "twins");
    lua_pushinteger(L, static_cast<lua_Integer>(call.protocol.trial));
    lua_setfield(L, -2, "trial");
    if (call.measures.pattern_stats) {
        set_array(L, "symbol_entropy", std::move(r.symbol_entropy));
        set_array(L, "spike_entropy", std::move(r.spike_entropy));
        set_array(L, "unique_patterns", std::move(r.unique_patterns));
        set_array(L, "settling_time", std::move(r.settling_time));
    }
    if (call.measures.coincidence) {
        set_array(L, "gamma", std::move(r.gamma));
        set_array(L, "kistler", std::move(r.kistler));
    }
    if (call.measures.dimensionality) {
        set_number(L, "participation_ratio", r.control_dimensionality.participation_ratio);
        set_number(L, "dim95", static_cast<double>(r.control_dimensionality.dim95));
        set_number(L, "n_eigenvalues", static_cast<double>(r.control_dimensionality.n_eigenvalues));
    }
    if (call.keep_spikes) {
        push_spikes(L, r.run.control);
        lua_setfield(L, -2, "control");
        lua_createtable(L, static_cast<int>(n), 0);
        for (std::size_t j = 0; j < r.run.twins.size(); ++j) {
            push_spikes(L, r.run.twins[j]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(j + 1));
        }
        lua_setfield(L, -2, "twin_spikes");
    }
    lua_createtable(L, 0, 2); // [.., result, timing]
    set_number(L, "simulate", r.seconds_simulate);
    set_number(L, "measure", r.seconds_measure);
    lua_setfield(L, -2, "timing");
    return 1;
}

} // namespace

void register_perturbation(lua_State* L) {
    set_function(L, "perturbation", wrap<perturbation_run>,
                 {"chaoslab.perturbation",
                  "perturbation{network =, kick =, baseline = 50, observe = 500, ...} -> table",
                  "Runs the control for baseline ms, then the control and one twin per perturbation from that "
                  "state with the same input noise (frozen), in parallel. Measures per twin, on [baseline, "
                  "baseline + observe): lz (LZ76 phrase count of the 0.1 ms spike-difference pattern, rows by "
                  "decreasing activity, read column-wise), lz_normalized, hamming_slope (neurons/ms, seed 000's robust "
                  "slope of the 1 ms Hamming distance), differences, hamming (twins x bins), hamming_time; for the "
                  "control: rate (Hz), silent_fraction, cv_isi, fano; neurons (perturbed ids); timing (s).",
                  kPerturbationOptions.specs()});
}

} // namespace chaoslab::lua
