// Hamming distance series from spike lists and the sliding-window robust slope of seed 000.
#include "measures/hamming.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <string>

namespace chaoslab {

HammingSeries hamming_distance(const SpikeView& control, const SpikeView& perturbed, std::size_t n_neurons,
                               const HammingOptions& options) {
    if (!(options.bin_ms > 0.0) || !std::isfinite(options.bin_ms)) {
        throw ConfigError("hamming_distance: bin width must be > 0 ms, got " + format_number(options.bin_ms));
    }
    if (!(options.duration_ms >= 0.0) || !std::isfinite(options.duration_ms)) {
        throw ConfigError("hamming_distance: duration must be >= 0 ms, got " + format_number(options.duration_ms));
    }
    Binning binning;
    binning.t0_ms = options.t_pert_ms;
    binning.bin_ms = options.bin_ms;
    // The slack keeps 300/0.1 from becoming 2999 bins.
    binning.n_bins = static_cast<std::size_t>(std::floor(options.duration_ms / options.bin_ms + 1e-9));
    binning.rounding = options.rounding;
    const SparseRaster d =
        difference_pattern(bin_spikes(control, n_neurons, binning), bin_spikes(perturbed, n_neurons, binning));
    return hamming_distance(d, options.bin_ms);
}

HammingSeries hamming_distance(const SparseRaster& difference, double bin_ms) {
    HammingSeries out;
    out.time_ms.resize(difference.cols());
    out.distance.resize(difference.cols());
    for (std::size_t b = 0; b < difference.cols(); ++b) {
        out.time_ms[b] = (static_cast<double>(b) + 0.5) * bin_ms;
        out.distance[b] = static_cast<double>(difference.column(b).size());
    }
    return out;
}

RobustSlope robust_slope(std::span<const double> time_ms, std::span<const double> distance,
                         const RobustSlopeOptions& options) {
    if (time_ms.size() != distance.size()) {
        throw ConfigError("robust_slope: " + format_number(static_cast<double>(time_ms.size())) + " times but " +
                          format_number(static_cast<double>(distance.size())) + " distances");
    }
    if (options.min_window < 3 || options.max_window < options.min_window) {
        throw ConfigError("robust_slope: window sizes must satisfy 3 <= min_window <= max_window");
    }
    // Indices of the points kept (the seed masks by time label, which need not be sorted).
    std::vector<std::size_t> kept;
    for (std::size_t k = 0; k < time_ms.size(); ++k) {
        if (time_ms[k] >= options.start_ms) kept.push_back(k);
    }
    RobustSlope best;
    const std::size_t n = kept.size();
    if (n < options.min_window) return best;
    for (std::size_t w = options.min_window; w <= options.max_window && w <= n; ++w) {
        for (std::size_t s = 0; s + w <= n; ++s) {
            // Two-pass moments: windows are short, and centring avoids cancellation at large t.
            double mt = 0.0;
            double mh = 0.0;
            for (std::size_t q = s; q < s + w; ++q) {
                mt += time_ms[kept[q]];
                mh += distance[kept[q]];
            }
            mt /= static_cast<double>(w);
            mh /= static_cast<double>(w);
            double stt = 0.0;
            double shh = 0.0;
            double sth = 0.0;
            for (std::size_t q = s; q < s + w; ++q) {
                const double dt = time_ms[kept[q]] - mt;
                const double dh = distance[kept[q]] - mh;
                stt += dt * dt;
                shh += dh * dh;
                sth += dt * dh;
            }
            if (!(stt > 0.0) || !(shh > 0.0)) continue; // no slope or no correlation defined
            const double slope = sth / stt;
            const double r = sth / std::sqrt(stt * shh);
            if (slope > best.slope && r > options.min_correlation) {
                best.slope = slope;
                best.found = true;
                best.first = kept[s];
                best.size = w;
                best.correlation = r;
            }
        }
        if (options.search == SlopeSearch::seed_v2_first_size_only) break;
    }
    return best;
}

} // namespace chaoslab
