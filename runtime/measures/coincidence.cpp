// Coincidence factors: both runs' spikes grouped by neuron, then a two-pointer match per neuron.
#include "measures/coincidence.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace chaoslab {

namespace {

// Spikes inside [t0, t1) grouped by neuron (sorted within each neuron).
struct Trains {
    std::vector<std::size_t> start;
    std::vector<double> times;
};

Trains group(const SpikeView& s, std::size_t n, double t0, double t1) {
    if (s.times_ms.size() != s.neurons.size()) throw ConfigError("coincidence: spike times and ids differ in length");
    Trains g;
    g.start.assign(n + 1, 0);
    for (std::size_t k = 0; k < s.neurons.size(); ++k) {
        const std::int32_t i = s.neurons[k];
        if (i < 0 || static_cast<std::size_t>(i) >= n) {
            throw ConfigError("coincidence: neuron id " + std::to_string(std::int64_t{i} + 1) + " is outside 1.." +
                              std::to_string(n));
        }
        if (s.times_ms[k] >= t0 && s.times_ms[k] < t1) ++g.start[static_cast<std::size_t>(i) + 1];
    }
    for (std::size_t i = 0; i < n; ++i) g.start[i + 1] += g.start[i];
    g.times.resize(g.start[n]);
    std::vector<std::size_t> cursor(g.start.begin(), g.start.end() - 1);
    for (std::size_t k = 0; k < s.neurons.size(); ++k) {
        if (s.times_ms[k] >= t0 && s.times_ms[k] < t1)
            g.times[cursor[static_cast<std::size_t>(s.neurons[k])]++] = s.times_ms[k];
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::sort(g.times.begin() + static_cast<std::ptrdiff_t>(g.start[i]),
                  g.times.begin() + static_cast<std::ptrdiff_t>(g.start[i + 1]));
    }
    return g;
}

} // namespace

Coincidence coincidence(const SpikeView& control, const SpikeView& perturbed, std::size_t n,
                        const CoincidenceOptions& o) {
    if (!(o.delta_ms > 0.0) || !std::isfinite(o.delta_ms)) {
        throw ConfigError("coincidence: delta must be > 0 ms, got " + format_number(o.delta_ms));
    }
    if (!(o.duration_ms > 0.0) || !std::isfinite(o.duration_ms)) {
        throw ConfigError("coincidence: duration must be > 0 ms, got " + format_number(o.duration_ms));
    }
    if (!std::isfinite(o.t0_ms)) throw ConfigError("coincidence: t0 must be finite, got " + format_number(o.t0_ms));
    const double t1 = o.t0_ms + o.duration_ms;
    const Trains a = group(control, n, o.t0_ms, t1);
    const Trains b = group(perturbed, n, o.t0_ms, t1);
    const bool seed = o.convention == CoincidenceConvention::seed;
    const double factor = seed ? 1.0 : 2.0;
    Coincidence c;
    c.gamma_per_neuron.assign(n, std::numeric_limits<double>::quiet_NaN());
    double gamma_sum = 0.0, kistler_sum = 0.0;
    std::size_t kistler_count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double* x = a.times.data() + a.start[i];
        const double* y = b.times.data() + b.start[i];
        const std::size_t n1 = a.start[i + 1] - a.start[i], n2 = b.start[i + 1] - b.start[i];
        if (seed ? (n1 == 0 || n2 == 0) : (n1 == 0 && n2 == 0)) continue;
        std::size_t p = 0, q = 0, matched = 0;
        while (p < n1 && q < n2) {
            if (std::abs(x[p] - y[q]) <= o.delta_ms) {
                ++matched;
                ++p;
                ++q;
            } else if (x[p] < y[q]) {
                ++p;
            } else {
                ++q;
            }
        }
        const double nu = static_cast<double>(n2) / o.duration_ms;
        const double expected = factor * nu * o.delta_ms * static_cast<double>(n1);
        const double gamma = (static_cast<double>(matched) - expected) / (0.5 * static_cast<double>(n1 + n2));
        c.gamma_per_neuron[i] = gamma;
        gamma_sum += gamma;
        ++c.neurons_counted;
        const double norm = 1.0 - factor * nu * o.delta_ms;
        if (norm > 0.0) {
            kistler_sum += gamma / norm;
            ++kistler_count;
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    c.gamma = c.neurons_counted ? gamma_sum / static_cast<double>(c.neurons_counted) : nan;
    c.kistler = kistler_count ? kistler_sum / static_cast<double>(kistler_count) : nan;
    return c;
}

} // namespace chaoslab
