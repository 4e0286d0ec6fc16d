// Lua bindings of measures/ for use on any spike data: chaoslab.lz, robust_slope, hamming, firing_stats
// and coincidence. Spike sets are tables {times = ms, ids = 1-based neuron ids}, as net:run returns them.
#include "convert.hpp"
#include "module.hpp"

#include "measures/coincidence.hpp"
#include "measures/hamming.hpp"
#include "measures/inputs.hpp"
#include "measures/spike_stats.hpp"

#include <string>
#include <vector>

namespace chaoslab::lua {

namespace {

const OptionTable<LzRequest> kLzOptions{
    "lz",
    {
        choice("method", &LzRequest::method, {{"lz76", LzMethod::lz76}, {"dictionary", LzMethod::dictionary}},
               "'lz76' (Kaspar & Schuster phrase count) or 'dictionary' (the seed code's parse)"),
        integer("alphabet", &LzRequest::alphabet, "alphabet size k of the LZ76 normalisation c log_k(n)/n",
                Check::positive_integer)
            .shows("symbols present (>= 2)"),
        choice("tail", &LzRequest::tail, {{"dropped", DictionaryTail::dropped}, {"counted", DictionaryTail::counted}},
               "dictionary parse: 'dropped' or 'counted' final known phrase"),
    }};

const OptionTable<RobustSlopeOptions> kSlopeOptions{
    "robust_slope",
    {
        number("start", &RobustSlopeOptions::start_ms, "ms", "only points with t >= start count", Check::finite),
        integer("min_window", &RobustSlopeOptions::min_window, "smallest window (points)", Check::positive_integer),
        integer("max_window", &RobustSlopeOptions::max_window, "largest window (points)", Check::positive_integer),
        number("min_correlation", &RobustSlopeOptions::min_correlation, "",
               "a window counts only if its Pearson r exceeds this", Check::finite),
        choice("search", &RobustSlopeOptions::search,
               {{"all", SlopeSearch::all_windows}, {"seed_v2", SlopeSearch::seed_v2_first_size_only}},
               "'all' window sizes (seed v1) or 'seed_v2' (w = min_window only, the v2 bug)"),
    }};

// The neuron count every spike-set measure needs to check ids.
struct Neurons {
    std::int64_t n = 0;
};
template <class S> Option<S> neurons_option() {
    return integer("n", &Neurons::n, "number of neurons (ids 1..n)", Check::positive_integer, INT32_MAX).needed();
}

struct HammingCall : Neurons, HammingOptions {};
const OptionTable<HammingCall> kHammingOptions{
    "hamming",
    {
        neurons_option<HammingCall>(),
        number("t_pert", &HammingOptions::t_pert_ms, "ms", "perturbation time: bin 0 starts here", Check::finite),
        number("duration", &HammingOptions::duration_ms, "ms", "analysed time after t_pert", Check::positive).needed(),
        number("bin", &HammingOptions::bin_ms, "ms", "bin width", Check::positive),
    }};

struct FiringCall : Neurons, FiringStatsOptions {};
const OptionTable<FiringCall> kFiringOptions{
    "firing_stats",
    {
        neurons_option<FiringCall>(),
        number("t0", &FiringStatsOptions::t0_ms, "ms", "start of the window", Check::finite),
        number("duration", &FiringStatsOptions::duration_ms, "ms", "window length", Check::positive).needed(),
        number("fano_bin", &FiringStatsOptions::fano_bin_ms, "ms", "count window of the Fano factor", Check::positive),
        integer("min_spikes", &FiringStatsOptions::min_spikes, "fewer spikes: no ISI CV or Fano for that neuron",
                Check::non_negative_integer),
    }};

struct CoincidenceCall : Neurons, CoincidenceOptions {};
const OptionTable<CoincidenceCall> kCoincidenceOptions{
    "coincidence",
    {
        neurons_option<CoincidenceCall>(),
        number("delta", &CoincidenceOptions::delta_ms, "ms", "coincidence window", Check::positive),
        number("t0", &CoincidenceOptions::t0_ms, "ms", "start of the window", Check::finite),
        number("duration", &CoincidenceOptions::duration_ms, "ms", "window length", Check::positive).needed(),
        choice("convention", &CoincidenceOptions::convention,
               {{"kistler", CoincidenceConvention::kistler}, {"seed", CoincidenceConvention::seed}},
               "'kistler' (Kistler 1997) or 'seed' (no factor 2, seed HEAD)"),
    }};

// A runtime check of argument `arg` reported as Lua's "bad argument #arg to 'fn' (msg)".
template <class F> decltype(auto) as_argument(int arg, F&& f) {
    try {
        return f();
    } catch (const ConfigError& e) {
        throw ArgError(arg, e.what());
    }
}

// Numbers of a table or array argument ("bad argument #1 to 'robust_slope' (times must hold numbers, ...)").
std::vector<double> numbers_argument(lua_State* L, int idx, const char* what) {
    if (!lua_istable(L, idx) && !test_array(L, idx))
        throw ArgError(idx, std::string(what) + " must be an array or a table of numbers, got " + type_name(L, idx));
    return as_argument(idx, [&] { return read_numbers(L, idx, ListSource{"", what}); });
}

// A spike set {times =, ids =} at idx, ids 1..n.
SpikeSet spikes_argument(lua_State* L, int idx, std::int64_t n) {
    idx = lua_absindex(L, idx);
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "times"); // [.., times]
    lua_getfield(L, idx, "ids");   // [.., times, ids]
    if (lua_isnil(L, -2) || lua_isnil(L, -1)) throw ArgError(idx, "spike table needs fields 'times' and 'ids'");
    std::vector<double> times = numbers_argument(L, lua_gettop(L) - 1, "times");
    const std::vector<double> ids = numbers_argument(L, lua_gettop(L), "ids");
    lua_pop(L, 2);
    return as_argument(idx, [&] { return spike_set(std::move(times), ids, static_cast<std::size_t>(n)); });
}

SpikeView view(const SpikeSet& s) { return {s.times_ms, s.neurons}; }

void set_number(lua_State* L, const char* field, double x) {
    lua_pushnumber(L, x);
    lua_setfield(L, -2, field);
}
void set_integer(lua_State* L, const char* field, std::size_t x) {
    lua_pushinteger(L, static_cast<lua_Integer>(x));
    lua_setfield(L, -2, field);
}
void set_array(lua_State* L, const char* field, std::vector<double> v) {
    push_array(L, std::move(v));
    lua_setfield(L, -2, field);
}

// chaoslab.lz(x [, {method =, alphabet =, tail =}]) -> {phrases, length, alphabet, normalized}
int measure_lz(lua_State* L) {
    const LzRequest request = kLzOptions.read(L, 2);
    LzComplexity r;
    if (lua_istable(L, 1) && !test_array(L, 1) && lua_getfield(L, 1, "length") != LUA_TNIL) {
        // A sparse binary sequence {length = n, ones = positions (1-based)}.
        const double length = luaL_checknumber(L, -1);
        lua_getfield(L, 1, "ones");
        const std::vector<double> ones = numbers_argument(L, lua_gettop(L), "ones");
        lua_pop(L, 2);
        r = lz_complexity(as_argument(1, [&] { return sparse_sequence(length, ones); }), request);
    } else if (lua_type(L, 1) == LUA_TSTRING) {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, 1, &len);
        const std::vector<std::int32_t> bytes(reinterpret_cast<const unsigned char*>(s),
                                              reinterpret_cast<const unsigned char*>(s) + len);
        r = lz_complexity(bytes, request);
    } else {
        const std::vector<double> values = numbers_argument(L, 1, "the sequence");
        r = lz_complexity(as_argument(1, [&] { return symbol_sequence(values); }), request);
    }
    lua_createtable(L, 0, 4);
    set_integer(L, "phrases", r.phrases);
    set_integer(L, "length", r.length);
    if (request.method == LzMethod::lz76) {
        set_integer(L, "alphabet", r.alphabet);
        set_number(L, "normalized", r.normalized);
    }
    return 1;
}

// chaoslab.robust_slope(t, h [, opts]) -> {slope, found, first, size, correlation}
int measure_robust_slope(lua_State* L) {
    const std::vector<double> t = numbers_argument(L, 1, "times");
    const std::vector<double> h = numbers_argument(L, 2, "distances");
    const RobustSlope s = robust_slope(t, h, kSlopeOptions.read(L, 3));
    lua_createtable(L, 0, 5);
    set_number(L, "slope", s.slope);
    lua_pushboolean(L, s.found);
    lua_setfield(L, -2, "found");
    set_integer(L, "first", s.found ? s.first + 1 : 0);
    set_integer(L, "size", s.size);
    set_number(L, "correlation", s.correlation);
    return 1;
}

// chaoslab.hamming(control, perturbed, {n =, t_pert =, duration =, bin =}) -> {time =, distance =}
int measure_hamming(lua_State* L) {
    const HammingCall call = kHammingOptions.read(L, 3);
    const SpikeSet a = spikes_argument(L, 1, call.n), b = spikes_argument(L, 2, call.n);
    HammingSeries s = hamming_distance(view(a), view(b), static_cast<std::size_t>(call.n), call);
    lua_createtable(L, 0, 2);
    set_array(L, "time", std::move(s.time_ms));
    set_array(L, "distance", std::move(s.distance));
    return 1;
}

// chaoslab.firing_stats(spikes, {n =, t0 =, duration =, fano_bin =, min_spikes =}) -> table
int measure_firing_stats(lua_State* L) {
    const FiringCall call = kFiringOptions.read(L, 2);
    const SpikeSet s = spikes_argument(L, 1, call.n);
    FiringStats r = firing_stats(view(s), static_cast<std::size_t>(call.n), call);
    lua_createtable(L, 0, 7);
    set_array(L, "rate", std::move(r.rate_hz));
    set_number(L, "mean_rate", r.mean_rate_hz);
    set_number(L, "silent_fraction", r.silent_fraction);
    set_array(L, "cv_isi", std::move(r.cv_isi));
    set_number(L, "mean_cv_isi", r.mean_cv_isi);
    set_array(L, "fano", std::move(r.fano));
    set_number(L, "mean_fano", r.mean_fano);
    return 1;
}

// chaoslab.coincidence(control, perturbed, {n =, delta =, t0 =, duration =, convention =}) -> table
int measure_coincidence(lua_State* L) {
    const CoincidenceCall call = kCoincidenceOptions.read(L, 3);
    const SpikeSet a = spikes_argument(L, 1, call.n), b = spikes_argument(L, 2, call.n);
    Coincidence r = coincidence(view(a), view(b), static_cast<std::size_t>(call.n), call);
    lua_createtable(L, 0, 4);
    set_number(L, "gamma", r.gamma);
    set_number(L, "kistler", r.kistler);
    set_integer(L, "neurons", r.neurons_counted);
    set_array(L, "per_neuron", std::move(r.gamma_per_neuron));
    return 1;
}

} // namespace

void register_measures(lua_State* L) {
    set_function(L, "lz", wrap<measure_lz>,
                 {"chaoslab.lz", "lz(x [, {method =, alphabet =, tail =}]) -> {phrases, length, alphabet, normalized}",
                  "Lempel-Ziv complexity of a sequence: x is a string, an array or table of integer symbols >= 0, or "
                  "a sparse 0/1 sequence {length = n, ones = increasing 1-based positions} (work ~ ones). LZ76 "
                  "(Kaspar & Schuster 1987) counts phrases c(n) and normalises c log_k(n)/n; 'dictionary' is the "
                  "seed code's incremental parse (no normalisation).",
                  kLzOptions.specs()});
    set_function(L, "robust_slope", wrap<measure_robust_slope>,
                 {"chaoslab.robust_slope", "robust_slope(t, h [, opts]) -> {slope, found, first, size, correlation}",
                  "Seed 000's robust slope: the largest least-squares slope over all windows of 10..29 points with "
                  "t >= start and Pearson r > 0.3, floored at 0 (units of h per unit of t).",
                  kSlopeOptions.specs()});
    set_function(L, "hamming", wrap<measure_hamming>,
                 {"chaoslab.hamming",
                  "hamming(control, perturbed, {n =, t_pert =, duration =, bin =}) -> {time, distance}",
                  "Number of neurons whose binned spiking differs in each bin after t_pert (time = bin centres from "
                  "t_pert, ms). Spike sets are {times = ms, ids = 1-based}.",
                  kHammingOptions.specs()});
    set_function(L, "firing_stats", wrap<measure_firing_stats>,
                 {"chaoslab.firing_stats", "firing_stats(spikes, {n =, duration =, t0 =}) -> table",
                  "Per-neuron rate (Hz), ISI CV and Fano factor of counts, and their means, plus the silent "
                  "fraction, over [t0, t0 + duration).",
                  kFiringOptions.specs()});
    set_function(L, "coincidence", wrap<measure_coincidence>,
                 {"chaoslab.coincidence", "coincidence(control, perturbed, {n =, duration =, delta =}) -> table",
                  "Kistler et al. (1997) coincidence factor per neuron and averaged: gamma = (N_coinc - 2 nu delta "
                  "N1)/((N1 + N2)/2) and kistler = gamma/(1 - 2 nu delta).",
                  kCoincidenceOptions.specs()});
}

} // namespace chaoslab::lua
