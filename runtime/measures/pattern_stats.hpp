// Statistics of a binned spike-difference pattern: symbol and spike entropies, distinct patterns and the
// settling time after a perturbation (spec seed_algorithms.md 1.5 items 4-7, bugs in 1.12 item 5).
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstddef>

namespace chaoslab {

struct PatternStats {
    // Shannon entropy (bits) of the empirical distribution of spatial-pattern symbols over all columns, i.e.
    // -sum_k p_k log2 p_k with p_k the fraction of columns showing pattern k (spec 1.5 item 4). 0 with no columns.
    double symbol_entropy_bits = 0.0;
    // Binary entropy (bits) of the fraction p of ones among all rows·cols entries (item 5); 0 for an all-zero,
    // all-one or empty D.
    double spike_entropy_bits = 0.0;
    std::size_t unique_patterns = 0;   // number of distinct columns; the empty column counts as a pattern
    std::size_t total_differences = 0; // number of ones in D
};

// D: rows = neurons, columns = bins, bin 0 starts at the perturbation. O(ones + columns) expected time.
// (The seed's post_pert_symbol_sum, a sum of arbitrary ids, is deliberately not offered: spec 1.12 item 11.)
PatternStats pattern_stats(const SparseRaster& difference);

// Both conventions use a window of m = round(window_ms/bin_ms) bins (at least one); a window longer than
// the pattern gives NaN.
enum class SettlingConvention {
    // The default (fixed): the time (ms from the start of bin 0) of the first bin of the final run of empty
    // columns, if that run lasts at least m bins; NaN if the pattern never settles that way. An all-empty
    // pattern has settled at 0.
    quiet,
    // The seed's HEAD, kept to reproduce its numbers: for e = B, B-1, ..., m return (e-m)·bin_ms for the
    // first e whose columns e-m..e-1 all equal column 0 (spatial-pattern symbol 0); NaN otherwise. Two bugs
    // (spec 1.12 item 5): column 0 holds the perturbation's auxiliary spike, so symbol 0 is not the empty
    // pattern and the search almost always fails (NaN); and scanning e downwards finds the *latest* such
    // window, so a settled run reports B·bin - window (250 ms for 300 ms and 50 ms), not when it settled.
    seed
};

struct SettlingOptions {
    double bin_ms = 0.1;     // bin width, > 0
    double window_ms = 50.0; // how long the pattern must stay quiet, > 0
    SettlingConvention convention = SettlingConvention::quiet;
};

// O(ones + columns).
double settling_time(const SparseRaster& difference, const SettlingOptions& options = {});

} // namespace chaoslab
