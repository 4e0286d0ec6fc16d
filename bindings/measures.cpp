// Lua bindings of measures/ for use on any spike data: chaoslab.lz, robust_slope, hamming, firing_stats
// and coincidence. Spike sets are tables {times = ms, ids = 1-based neuron ids}, as net:run returns them.
#include "array.hpp"
#include "module.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "measures/coincidence.hpp"
#include "measures/hamming.hpp"
#include "measures/lz.hpp"
#include "measures/spike_stats.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace chaoslab::lua {

namespace {

const OptionSpec kLzOptions[] = {
    {"method", "", "'lz76'", "'lz76' (Kaspar & Schuster phrase count) or 'dictionary' (the seed code's parse)"},
    {"alphabet", "", "symbols present (>= 2)", "alphabet size k of the LZ76 normalisation c log_k(n)/n",
     Check::positive_integer},
    {"tail", "", "'dropped'", "dictionary parse: 'dropped' or 'counted' final known phrase"},
};
const OptionSpec kSlopeOptions[] = {
    {"start", "ms", "50", "only points with t >= start count", Check::finite},
    {"min_window", "", "10", "smallest window (points)", Check::positive_integer},
    {"max_window", "", "29", "largest window (points)", Check::positive_integer},
    {"min_correlation", "", "0.3", "a window counts only if its Pearson r exceeds this", Check::finite},
    {"search", "", "'all'", "'all' window sizes (seed v1) or 'seed_v2' (w = min_window only, the v2 bug)"},
};
const OptionSpec kHammingOptions[] = {
    {"n", "", "required", "number of neurons (ids 1..n)", Check::positive_integer},
    {"t_pert", "ms", "0", "perturbation time: bin 0 starts here", Check::finite},
    {"duration", "ms", "required", "analysed time after t_pert", Check::positive},
    {"bin", "ms", "1", "bin width", Check::positive},
};
const OptionSpec kFiringOptions[] = {
    {"n", "", "required", "number of neurons (ids 1..n)", Check::positive_integer},
    {"t0", "ms", "0", "start of the window", Check::finite},
    {"duration", "ms", "required", "window length", Check::positive},
    {"fano_bin", "ms", "10", "count window of the Fano factor", Check::positive},
    {"min_spikes", "", "10", "fewer spikes: no ISI CV or Fano for that neuron", Check::non_negative_integer},
};
const OptionSpec kCoincidenceOptions[] = {
    {"n", "", "required", "number of neurons (ids 1..n)", Check::positive_integer},
    {"delta", "ms", "2", "coincidence window", Check::positive},
    {"t0", "ms", "0", "start of the window", Check::finite},
    {"duration", "ms", "required", "window length", Check::positive},
    {"convention", "", "'kistler'", "'kistler' (Kistler 1997) or 'seed' (no factor 2, seed HEAD)"},
};

void require(const Options& o, const char* name) {
    if (!o.has(name)) o.fail(name, "is required");
}

// Numbers of a table or array argument.
std::vector<double> numbers_of(lua_State* L, int idx, const char* what) {
    idx = lua_absindex(L, idx);
    if (Array* a = test_array(L, idx)) return a->to_vector();
    if (!lua_istable(L, idx))
        throw ArgError(idx, std::string(what) + " must be an array or a table of numbers, got " + type_name(L, idx));
    std::vector<double> v;
    const lua_Integer n = luaL_len(L, idx);
    v.reserve(static_cast<std::size_t>(n));
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_geti(L, idx, k);
        if (lua_type(L, -1) != LUA_TNUMBER) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            throw ArgError(idx,
                           std::string(what) + " must hold numbers, got " + got + " at position " + std::to_string(k));
        }
        v.push_back(lua_tonumber(L, -1));
        lua_pop(L, 1);
    }
    return v;
}

// A spike set {times =, ids =} at idx, ids 1..n converted to 0-based.
struct Spikes {
    std::vector<double> times;
    std::vector<std::int32_t> ids;
    SpikeView view() const { return {times, ids}; }
};

Spikes check_spikes(lua_State* L, int idx, std::size_t n) {
    idx = lua_absindex(L, idx);
    luaL_checktype(L, idx, LUA_TTABLE);
    Spikes s;
    lua_getfield(L, idx, "times"); // [.., times]
    if (lua_isnil(L, -1)) throw ArgError(idx, "spike table needs fields 'times' and 'ids'");
    s.times = numbers_of(L, -1, "times");
    lua_pop(L, 1);
    lua_getfield(L, idx, "ids"); // [.., ids]
    if (lua_isnil(L, -1)) throw ArgError(idx, "spike table needs fields 'times' and 'ids'");
    const std::vector<double> ids = numbers_of(L, -1, "ids");
    lua_pop(L, 1);
    if (ids.size() != s.times.size()) {
        throw ArgError(idx, "spike table has " + std::to_string(s.times.size()) + " times but " +
                                std::to_string(ids.size()) + " ids");
    }
    s.ids.reserve(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (!(ids[k] >= 1 && ids[k] <= static_cast<double>(n)) || std::floor(ids[k]) != ids[k]) {
            throw ArgError(idx, "spike id " + format_number(ids[k]) + " at position " + std::to_string(k + 1) +
                                    " is outside 1.." + std::to_string(n));
        }
        s.ids.push_back(static_cast<std::int32_t>(ids[k]) - 1);
    }
    return s;
}

// chaoslab.lz(x [, {method =, alphabet =, tail =}]) -> {phrases, length, alphabet, normalized}
int measure_lz(lua_State* L) {
    const Options o(L, 2, "lz", kLzOptions);
    const std::string method = o.string("method", "lz76");
    if (method != "lz76" && method != "dictionary") {
        o.fail("method", "must be one of 'lz76', 'dictionary', got '" + method + "'");
    }
    const std::string tail_name = o.string("tail", "dropped");
    if (tail_name != "dropped" && tail_name != "counted") {
        o.fail("tail", "must be one of 'dropped', 'counted', got '" + tail_name + "'");
    }
    const DictionaryTail tail = tail_name == "counted" ? DictionaryTail::Counted : DictionaryTail::Dropped;
    const auto alphabet = static_cast<std::size_t>(o.integer("alphabet", 0));
    lua_createtable(L, 0, 4); // [.., result]
    const int result = lua_gettop(L);
    auto finish = [&](std::size_t phrases, std::size_t length, std::size_t k, double normalized) {
        lua_pushinteger(L, static_cast<lua_Integer>(phrases));
        lua_setfield(L, result, "phrases");
        lua_pushinteger(L, static_cast<lua_Integer>(length));
        lua_setfield(L, result, "length");
        if (method == "lz76") {
            lua_pushinteger(L, static_cast<lua_Integer>(k));
            lua_setfield(L, result, "alphabet");
            lua_pushnumber(L, normalized);
            lua_setfield(L, result, "normalized");
        }
        return 1;
    };
    // A sparse binary sequence {length = n, ones = positions (1-based)}.
    if (lua_istable(L, 1) && !test_array(L, 1) && lua_getfield(L, 1, "length") != LUA_TNIL) {
        const double length = luaL_checknumber(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, 1, "ones");
        const std::vector<double> ones = numbers_of(L, -1, "ones");
        lua_pop(L, 1);
        if (!(length >= 0) || std::floor(length) != length) throw ArgError(1, "length must be a whole number >= 0");
        SparseBinarySequence seq;
        seq.length = static_cast<std::size_t>(length);
        for (std::size_t k = 0; k < ones.size(); ++k) {
            if (!(ones[k] >= 1 && ones[k] <= length) || std::floor(ones[k]) != ones[k] ||
                (k > 0 && ones[k] <= ones[k - 1])) {
                throw ArgError(1, "ones must be increasing positions in 1..length, got " + format_number(ones[k]) +
                                      " at position " + std::to_string(k + 1));
            }
            seq.ones.push_back(static_cast<std::size_t>(ones[k]) - 1);
        }
        if (method == "dictionary") return finish(dictionary_parse_phrases(seq, tail), seq.length, 0, 0.0);
        const Lz76 r = lz76(seq);
        return finish(r.phrases, r.length, r.alphabet_size,
                      alphabet ? lz76_normalize(r.phrases, r.length, alphabet) : r.normalized);
    }
    if (lua_istable(L, 1) && !test_array(L, 1)) lua_pop(L, 1); // the nil from getfield
    std::vector<std::int32_t> symbols;
    if (lua_type(L, 1) == LUA_TSTRING) {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, 1, &len);
        symbols.assign(reinterpret_cast<const unsigned char*>(s), reinterpret_cast<const unsigned char*>(s) + len);
    } else {
        for (double x : numbers_of(L, 1, "the sequence")) {
            if (std::floor(x) != x || x < 0 || x > INT32_MAX) {
                throw ArgError(1, "symbols must be integers >= 0, got " + format_number(x));
            }
            symbols.push_back(static_cast<std::int32_t>(x));
        }
    }
    if (method == "dictionary") return finish(dictionary_parse_phrases(symbols, tail), symbols.size(), 0, 0.0);
    const Lz76 r = lz76(symbols, alphabet);
    return finish(r.phrases, r.length, r.alphabet_size, r.normalized);
}

// chaoslab.robust_slope(t, h [, opts]) -> {slope, found, first, size, correlation}
int measure_robust_slope(lua_State* L) {
    const std::vector<double> t = numbers_of(L, 1, "times");
    const std::vector<double> h = numbers_of(L, 2, "distances");
    const Options o(L, 3, "robust_slope", kSlopeOptions);
    RobustSlopeOptions r;
    r.start_ms = o.number("start", r.start_ms);
    r.min_window = static_cast<std::size_t>(o.integer("min_window", 10));
    r.max_window = static_cast<std::size_t>(o.integer("max_window", 29));
    r.min_correlation = o.number("min_correlation", r.min_correlation);
    const std::string search = o.string("search", "all");
    if (search == "seed_v2")
        r.search = SlopeSearch::SeedV2FirstSizeOnly;
    else if (search != "all")
        o.fail("search", "must be one of 'all', 'seed_v2', got '" + search + "'");
    const RobustSlope s = robust_slope(t, h, r);
    lua_createtable(L, 0, 5);
    lua_pushnumber(L, s.slope);
    lua_setfield(L, -2, "slope");
    lua_pushboolean(L, s.found);
    lua_setfield(L, -2, "found");
    lua_pushinteger(L, static_cast<lua_Integer>(s.found ? s.first + 1 : 0));
    lua_setfield(L, -2, "first");
    lua_pushinteger(L, static_cast<lua_Integer>(s.size));
    lua_setfield(L, -2, "size");
    lua_pushnumber(L, s.correlation);
    lua_setfield(L, -2, "correlation");
    return 1;
}

// chaoslab.hamming(control, perturbed, {n =, t_pert =, duration =, bin =}) -> {time =, distance =}
int measure_hamming(lua_State* L) {
    const Options o(L, 3, "hamming", kHammingOptions);
    require(o, "n");
    require(o, "duration");
    const auto n = static_cast<std::size_t>(o.integer("n", 1));
    const Spikes a = check_spikes(L, 1, n), b = check_spikes(L, 2, n);
    HammingOptions h;
    h.t_pert_ms = o.number("t_pert", 0.0);
    h.duration_ms = o.number("duration", 0.0);
    h.bin_ms = o.number("bin", 1.0);
    const HammingSeries s = hamming_distance(a.view(), b.view(), n, h);
    lua_createtable(L, 0, 2);
    push_array(L, Array::from_vector(s.time_ms));
    lua_setfield(L, -2, "time");
    push_array(L, Array::from_vector(s.distance));
    lua_setfield(L, -2, "distance");
    return 1;
}

void set_number(lua_State* L, double x, const char* field) {
    lua_pushnumber(L, x);
    lua_setfield(L, -2, field);
}

// chaoslab.firing_stats(spikes, {n =, t0 =, duration =, fano_bin =, min_spikes =}) -> table
int measure_firing_stats(lua_State* L) {
    const Options o(L, 2, "firing_stats", kFiringOptions);
    require(o, "n");
    require(o, "duration");
    const auto n = static_cast<std::size_t>(o.integer("n", 1));
    const Spikes s = check_spikes(L, 1, n);
    FiringStatsOptions f;
    f.t0_ms = o.number("t0", 0.0);
    f.duration_ms = o.number("duration", 0.0);
    f.fano_bin_ms = o.number("fano_bin", 10.0);
    f.min_spikes = static_cast<std::size_t>(o.integer("min_spikes", 10));
    const FiringStats r = firing_stats(s.view(), n, f);
    lua_createtable(L, 0, 7);
    push_array(L, Array::from_vector(r.rate_hz));
    lua_setfield(L, -2, "rate");
    set_number(L, r.mean_rate_hz, "mean_rate");
    set_number(L, r.silent_fraction, "silent_fraction");
    push_array(L, Array::from_vector(r.cv_isi));
    lua_setfield(L, -2, "cv_isi");
    set_number(L, r.mean_cv_isi, "mean_cv_isi");
    push_array(L, Array::from_vector(r.fano));
    lua_setfield(L, -2, "fano");
    set_number(L, r.mean_fano, "mean_fano");
    return 1;
}

// chaoslab.coincidence(control, perturbed, {n =, delta =, t0 =, duration =, convention =}) -> table
int measure_coincidence(lua_State* L) {
    const Options o(L, 3, "coincidence", kCoincidenceOptions);
    require(o, "n");
    require(o, "duration");
    const auto n = static_cast<std::size_t>(o.integer("n", 1));
    const Spikes a = check_spikes(L, 1, n), b = check_spikes(L, 2, n);
    CoincidenceOptions c;
    c.delta_ms = o.number("delta", 2.0);
    c.t0_ms = o.number("t0", 0.0);
    c.duration_ms = o.number("duration", 0.0);
    const std::string conv = o.string("convention", "kistler");
    if (conv == "seed")
        c.convention = CoincidenceConvention::Seed;
    else if (conv != "kistler")
        o.fail("convention", "must be one of 'kistler', 'seed', got '" + conv + "'");
    const Coincidence r = coincidence(a.view(), b.view(), n, c);
    lua_createtable(L, 0, 4);
    set_number(L, r.gamma, "gamma");
    set_number(L, r.kistler, "kistler");
    lua_pushinteger(L, static_cast<lua_Integer>(r.neurons_counted));
    lua_setfield(L, -2, "neurons");
    push_array(L, Array::from_vector(r.gamma_per_neuron));
    lua_setfield(L, -2, "per_neuron");
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
                  kLzOptions});
    set_function(L, "robust_slope", wrap<measure_robust_slope>,
                 {"chaoslab.robust_slope", "robust_slope(t, h [, opts]) -> {slope, found, first, size, correlation}",
                  "Seed 000's robust slope: the largest least-squares slope over all windows of 10..29 points with "
                  "t >= start and Pearson r > 0.3, floored at 0 (units of h per unit of t).",
                  kSlopeOptions});
    set_function(L, "hamming", wrap<measure_hamming>,
                 {"chaoslab.hamming",
                  "hamming(control, perturbed, {n =, t_pert =, duration =, bin =}) -> {time, distance}",
                  "Number of neurons whose binned spiking differs in each bin after t_pert (time = bin centres from "
                  "t_pert, ms). Spike sets are {times = ms, ids = 1-based}.",
                  kHammingOptions});
    set_function(L, "firing_stats", wrap<measure_firing_stats>,
                 {"chaoslab.firing_stats", "firing_stats(spikes, {n =, duration =, t0 =}) -> table",
                  "Per-neuron rate (Hz), ISI CV and Fano factor of counts, and their means, plus the silent "
                  "fraction, over [t0, t0 + duration).",
                  kFiringOptions});
    set_function(L, "coincidence", wrap<measure_coincidence>,
                 {"chaoslab.coincidence", "coincidence(control, perturbed, {n =, duration =, delta =}) -> table",
                  "Kistler et al. (1997) coincidence factor per neuron and averaged: gamma = (N_coinc - 2 nu delta "
                  "N1)/((N1 + N2)/2) and kistler = gamma/(1 - 2 nu delta).",
                  kCoincidenceOptions});
}

} // namespace chaoslab::lua
