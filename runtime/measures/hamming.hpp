// Hamming distance between control and perturbed spike rasters over time, and seed 000's "robust slope"
// of it (spec seed_algorithms.md 1.6, v1), the growth rate of the spike differences in neurons/ms.
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace chaoslab {

// h(b) = number of neurons whose binned activity differs in bin b; time_ms[b] = bin centre measured from
// the perturbation, (b + 1/2)·bin_ms.
struct HammingSeries {
    std::vector<double> time_ms;
    std::vector<double> distance;
};

struct HammingOptions {
    double t_pert_ms = 0.0;   // perturbation time; bin 0 starts here
    double duration_ms = 0.0; // analysed window after the perturbation, ms (floor(duration/bin) bins)
    double bin_ms = 1.0;      // v1 uses 1 ms
    BinRounding rounding = BinRounding::floor;
};

HammingSeries hamming_distance(const SpikeView& control, const SpikeView& perturbed, std::size_t n_neurons,
                               const HammingOptions& options);
// From an already binned difference pattern whose bin 0 starts at the perturbation.
HammingSeries hamming_distance(const SparseRaster& difference, double bin_ms);

// all_windows: every window size from min_window to max_window (v1, the definition, default).
// seed_v2_first_size_only: from v2.0 (19b1375/101a136) a mis-indented return ends the search after the first
// window size (w = 10 only).
enum class SlopeSearch { all_windows, seed_v2_first_size_only };

struct RobustSlopeOptions {
    double start_ms = 50.0;      // only points with time label >= start_ms (v1: 50 ms)
    std::size_t min_window = 10; // window sizes min_window..max_window points, inclusive (v1: 10..29)
    std::size_t max_window = 29;
    double min_correlation = 0.3; // a window counts only if Pearson r > this
    SlopeSearch search = SlopeSearch::all_windows;
};

struct RobustSlope {
    double slope = 0.0;       // neurons/ms (units of distance per unit of time), >= 0
    bool found = false;       // false: fewer than min_window points or no window beat 0 with r > min_correlation
    std::size_t first = 0;    // index (into the full series) of the winning window's first point
    std::size_t size = 0;     // its number of points
    double correlation = 0.0; // its Pearson r
};

// Seed 000's robust slope (v1, 96f3d80): keep the points with t >= start; fewer than min_window -> 0. For
// w = min_window..max_window (ascending) and every start (ascending), fit least squares h = a + s·t on the
// w points; take s if s > best so far (best starts at 0) and r > min_correlation. Windows with constant h
// have no r and never count. The first window reaching the largest slope wins.
RobustSlope robust_slope(std::span<const double> time_ms, std::span<const double> distance,
                         const RobustSlopeOptions& options = {});

} // namespace chaoslab
