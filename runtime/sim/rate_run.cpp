// The batched rate run: trials in chunks of four columns stepped by a FlowMap, every chunk recording
// its own trials' samples.
#include "sim/rate_run.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>

namespace chaoslab {

RateRun run_rate_trials(const RateSystem& system, const RateRunOptions& o) {
    const std::size_t n = system.size();
    const FlowMap map(system, o.method, o.dt_ms);
    const std::int64_t steps = std::llround(o.duration_ms / o.dt_ms);
    if (steps < 1 || !std::isfinite(o.duration_ms)) {
        throw ConfigError("run: option 'duration' must be at least one step (dt = " + format_number(o.dt_ms) +
                          " ms), got " + format_number(o.duration_ms));
    }
    if (o.trials.empty()) throw ConfigError("run: option 'trials' must not be empty");
    std::vector<std::uint32_t> units = o.record.units;
    for (std::uint32_t u : units) {
        if (u >= n) {
            throw ConfigError("run: option 'record.units' has " + std::to_string(u + 1) + ", outside the unit ids 1.." +
                              std::to_string(n));
        }
    }
    if (units.empty()) {
        units.resize(n);
        for (std::uint32_t i = 0; i < n; ++i) units[i] = i;
    }
    const double every = o.record.every_ms > 0.0 ? o.record.every_ms : o.dt_ms;
    const std::int64_t stride = std::max<std::int64_t>(1, std::llround(every / o.dt_ms));
    const std::size_t samples = static_cast<std::size_t>(steps / stride) + 1;

    RateRun r;
    r.units = units.size();
    r.times.resize(samples);
    for (std::size_t s = 0; s < samples; ++s)
        r.times[s] = static_cast<double>(s) * static_cast<double>(stride) * o.dt_ms;
    r.traces.assign(o.trials.size(), std::vector<double>(units.size() * samples));
    Matrix X = initial_states(map, o.trials);
    constexpr Eigen::Index kWidth = 4;
    integrate_chunks(map, X, steps, kWidth, [&](std::int64_t chunk, std::int64_t step, Matrix& Xc) {
        if (step % stride != 0) return;
        const auto s = static_cast<std::size_t>(step / stride);
        std::vector<double> phi(o.record.phi ? n : 0);
        for (Eigen::Index c = 0; c < Xc.cols(); ++c) {
            const auto k = static_cast<std::size_t>(chunk * kWidth + c);
            const double* x = Xc.col(c).data();
            if (o.record.phi) {
                system.rates({x, n}, phi);
                x = phi.data();
            }
            for (std::size_t u = 0; u < units.size(); ++u) r.traces[k][u * samples + s] = x[units[u]];
        }
    });
    r.finals.resize(o.trials.size());
    for (std::size_t k = 0; k < o.trials.size(); ++k) {
        const auto col = X.col(static_cast<Eigen::Index>(k));
        r.finals[k].assign(col.data(), col.data() + n);
    }
    return r;
}

} // namespace chaoslab
