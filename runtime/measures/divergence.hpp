// The measures of a perturbation experiment (seed 000): per perturbed twin the spike-difference pattern, its
// LZ complexity, the Hamming distance and its robust slope, optional pattern statistics and coincidence
// factors; for the control run the firing statistics and optional dimensionality.
#pragma once

#include "measures/coincidence.hpp"
#include "measures/dimensionality.hpp"
#include "measures/hamming.hpp"
#include "measures/lz.hpp"
#include "measures/pattern_stats.hpp"
#include "measures/spike_stats.hpp"
#include "measures/spike_pattern.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

enum class LzSymbols {
    flattened,       // rows ordered (by activity), read column by column: a binary string of length N·B (default)
    spatial,         // one symbol per bin: the id of its set of differing neurons (a true alphabet)
    spatial_decimal, // seed HEAD: the ids written as decimal digits and concatenated (its bug, for its numbers)
};

struct DivergenceOptions {
    std::size_t n_neurons = 0;
    double t_pert_ms = 0.0; // analysis window [t_pert, t_pert + observe)
    double observe_ms = 0.0;
    double lz_bin_ms = 0.1;
    LzMethod lz = LzMethod::lz76;
    LzSymbols symbols = LzSymbols::flattened;
    RowOrder order = RowOrder::decreasing_activity;
    DictionaryTail tail = DictionaryTail::dropped;
    double hamming_bin_ms = 1.0;
    RobustSlopeOptions slope;
    // Optional measures (seed 000's later versions).
    bool pattern_stats = false; // entropies, unique patterns, settling time (on the LZ bins)
    SettlingOptions settling;   // bin_ms is set to lz_bin_ms
    bool coincidence = false;   // Kistler / gamma coincidence at coincidence_delta_ms
    CoincidenceConvention coincidence_convention = CoincidenceConvention::kistler;
    double coincidence_delta_ms = 2.0;
    bool dimensionality = false; // participation ratio of the control activity
    double dimensionality_bin_ms = 2.0;
    DimensionalityConvention dimensionality_convention = DimensionalityConvention::neurons;
    FiringStatsOptions firing; // t0/duration are set to the analysis window
};

struct TwinDivergence {
    double lz = 0.0;             // phrase count
    double lz_normalized = 0.0;  // LZ76 only: c·log_k(n)/n; NaN for the dictionary parse
    double hamming_slope = 0.0;  // neurons/ms
    double differences = 0.0;    // ones in the difference pattern (LZ bins)
    std::vector<double> hamming; // per Hamming bin
    PatternStats patterns{};
    double settling_time_ms = 0.0;
    Coincidence coincidence{};
};

struct Divergence {
    std::vector<TwinDivergence> twins;
    std::vector<double> hamming_time_ms; // bin centres from the perturbation
    FiringStats control;                 // over the analysis window
    Dimensionality control_dimensionality{};
};

// Spikes of twins must cover the analysis window (earlier spikes are ignored); twins are measured in
// parallel, each independently, so the result does not depend on the thread count.
Divergence measure_divergence(const SpikeView& control, std::span<const SpikeView> twins,
                              const DivergenceOptions& options);

} // namespace chaoslab
