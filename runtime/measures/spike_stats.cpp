// Firing statistics: spikes grouped by neuron with a counting sort, then one pass per neuron.
#include "measures/spike_stats.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace chaoslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of_finite(const std::vector<double>& x) {
    double sum = 0.0;
    std::size_t n = 0;
    for (double v : x) {
        if (!std::isnan(v)) {
            sum += v;
            ++n;
        }
    }
    return n ? sum / static_cast<double>(n) : kNaN;
}

} // namespace

FiringStats firing_stats(const SpikeView& spikes, std::size_t n, const FiringStatsOptions& o) {
    if (!(o.duration_ms > 0.0) || !std::isfinite(o.duration_ms)) {
        throw ConfigError("firing_stats: duration must be > 0 ms, got " + format_number(o.duration_ms));
    }
    if (!std::isfinite(o.t0_ms)) throw ConfigError("firing_stats: t0 must be finite, got " + format_number(o.t0_ms));
    if (!(o.fano_bin_ms > 0.0) || !(o.fano_bin_ms <= o.duration_ms)) {
        throw ConfigError("firing_stats: the Fano window must be in (0, duration] ms, got " +
                          format_number(o.fano_bin_ms));
    }
    if (spikes.times_ms.size() != spikes.neurons.size()) {
        throw ConfigError("firing_stats: spike times and neuron ids differ in length");
    }
    const double t1 = o.t0_ms + o.duration_ms;
    // Counting sort by neuron of the spikes inside the window.
    std::vector<std::size_t> start(n + 1, 0);
    for (std::size_t k = 0; k < spikes.neurons.size(); ++k) {
        const std::int32_t i = spikes.neurons[k];
        if (i < 0 || static_cast<std::size_t>(i) >= n) {
            throw ConfigError("firing_stats: neuron id " + std::to_string(std::int64_t{i} + 1) + " is outside 1.." +
                              std::to_string(n));
        }
        const double t = spikes.times_ms[k];
        if (t >= o.t0_ms && t < t1) ++start[static_cast<std::size_t>(i) + 1];
    }
    for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
    std::vector<double> times(start[n]);
    std::vector<std::size_t> cursor(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < spikes.neurons.size(); ++k) {
        const double t = spikes.times_ms[k];
        if (t >= o.t0_ms && t < t1) times[cursor[static_cast<std::size_t>(spikes.neurons[k])]++] = t;
    }
    FiringStats s;
    s.rate_hz.resize(n);
    s.cv_isi.assign(n, kNaN);
    s.fano.assign(n, kNaN);
    const auto windows = static_cast<std::size_t>(std::floor(o.duration_ms / o.fano_bin_ms + 1e-9));
    std::vector<double> counts(windows);
    std::size_t silent = 0;
    double rate_sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto first = times.begin() + static_cast<std::ptrdiff_t>(start[i]);
        const auto last = times.begin() + static_cast<std::ptrdiff_t>(start[i + 1]);
        std::sort(first, last);
        const std::size_t m = start[i + 1] - start[i];
        s.rate_hz[i] = static_cast<double>(m) * 1000.0 / o.duration_ms;
        rate_sum += s.rate_hz[i];
        if (m == 0) ++silent;
        if (m < std::max<std::size_t>(o.min_spikes, 2)) continue;
        // ISI CV = std/mean of the m - 1 intervals (population std).
        double mean = 0.0, sq = 0.0;
        for (auto it = first + 1; it != last; ++it) mean += *it - *(it - 1);
        mean /= static_cast<double>(m - 1);
        for (auto it = first + 1; it != last; ++it) sq += (*it - *(it - 1) - mean) * (*it - *(it - 1) - mean);
        s.cv_isi[i] = mean > 0.0 ? std::sqrt(sq / static_cast<double>(m - 1)) / mean : kNaN;
        // Fano factor of the counts in whole windows.
        std::fill(counts.begin(), counts.end(), 0.0);
        for (auto it = first; it != last; ++it) {
            // Same edge slack as bin_spikes: a spike at k * window (up to rounding) opens window k.
            const auto w = static_cast<std::size_t>(std::floor((*it - o.t0_ms) / o.fano_bin_ms + 1e-9));
            if (w < windows) counts[w] += 1.0;
        }
        double cm = 0.0, cv = 0.0;
        for (double c : counts) cm += c;
        cm /= static_cast<double>(windows);
        for (double c : counts) cv += (c - cm) * (c - cm);
        cv /= static_cast<double>(windows);
        s.fano[i] = cm > 0.0 ? cv / cm : kNaN;
    }
    s.mean_rate_hz = n ? rate_sum / static_cast<double>(n) : kNaN;
    s.silent_fraction = n ? static_cast<double>(silent) / static_cast<double>(n) : kNaN;
    s.mean_cv_isi = mean_of_finite(s.cv_isi);
    s.mean_fano = mean_of_finite(s.fano);
    return s;
}

} // namespace chaoslab
