// Twin-trajectory estimates of lambda_max: the saturating divergence curve and its fit (seed 001,
// spec section 2.2) and Benettin's renormalised twins. Trials run in parallel, one chunk each.
#include "analysis/lyapunov_divergence.hpp"

#include "core/errors.hpp"
#include "measures/line_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaoslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::int64_t whole_steps(double span_ms, double dt) { return std::llround(span_ms / dt); }

double distance(const Matrix& X, Eigen::Index a, Eigen::Index b) { return (X.col(b) - X.col(a)).norm(); }

// Columns 2k (control) and 2k + 1 (perturbed) for every trial.
Matrix twin_states(const DynamicalSystem& system, const std::vector<Seed>& trials, double epsilon,
                   PerturbDirection direction) {
    const auto n = static_cast<Eigen::Index>(system.dimension());
    Matrix X(n, 2 * static_cast<Eigen::Index>(trials.size()));
    for (std::size_t k = 0; k < trials.size(); ++k) {
        const std::vector<double> x0 = system.initial_state(trials[k]);
        const std::vector<double> d = perturbation_direction(system.dimension(), direction, trials[k]);
        const auto c = 2 * static_cast<Eigen::Index>(k);
        for (Eigen::Index i = 0; i < n; ++i) {
            X(i, c) = x0[static_cast<std::size_t>(i)];
            X(i, c + 1) = x0[static_cast<std::size_t>(i)] + epsilon * d[static_cast<std::size_t>(i)];
        }
    }
    return X;
}

double standard_error(const std::vector<double>& v) {
    std::vector<double> finite;
    for (double x : v)
        if (std::isfinite(x)) finite.push_back(x);
    if (finite.size() < 2) return kNaN;
    double mean = 0.0;
    for (double x : finite) mean += x;
    mean /= static_cast<double>(finite.size());
    double ss = 0.0;
    for (double x : finite) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(finite.size() - 1) / static_cast<double>(finite.size()));
}

void check_common(double duration, double dt, std::size_t trials, const char* fn) {
    if (!(dt > 0.0) || !std::isfinite(dt))
        throw ConfigError(std::string(fn) + ": option 'dt' must be > 0, got " + format_number(dt));
    if (!(duration >= dt) || !std::isfinite(duration)) {
        throw ConfigError(std::string(fn) + ": option 'duration' must be at least one step (dt = " + format_number(dt) +
                          " ms), got " + format_number(duration));
    }
    if (trials == 0) throw ConfigError(std::string(fn) + ": option 'trials' must be >= 1, got 0");
}

} // namespace

std::vector<double> perturbation_direction(std::size_t n, PerturbDirection d, const Seed& trial_seed) {
    std::vector<double> v(n, 1.0);
    if (d == PerturbDirection::ones) return v;
    const RandomStream s(trial_seed, stream_id("lyapunov.direction"));
    double norm = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = s.normal_at(i);
        norm += v[i] * v[i];
    }
    norm = std::sqrt(norm);
    for (double& x : v) x /= norm;
    return v;
}

LyapunovDivergenceResult lyapunov_divergence(const DynamicalSystem& system, const LyapunovDivergenceOptions& o) {
    const char* fn = "lyapunov.divergence";
    const double dt = system.step_size();
    check_common(o.duration, dt, o.trials.size(), fn);
    if (!(o.epsilon > 0.0) || !std::isfinite(o.epsilon)) {
        throw ConfigError(std::string(fn) + ": option 'epsilon' must be > 0, got " + format_number(o.epsilon));
    }
    if (!(o.saturation > 0.0 && o.saturation <= 1.0)) {
        throw ConfigError(std::string(fn) + ": option 'saturation' must be in (0, 1], got " +
                          format_number(o.saturation));
    }
    const std::int64_t steps = whole_steps(o.duration, dt);
    const std::int64_t every = o.sample_every > 0.0 ? std::max<std::int64_t>(1, whole_steps(o.sample_every, dt)) : 1;
    const std::size_t samples = static_cast<std::size_t>(steps / every) + 1;
    const std::size_t trials = o.trials.size();

    LyapunovDivergenceResult r;
    r.times.resize(samples);
    for (std::size_t s = 0; s < samples; ++s) r.times[s] = static_cast<double>(s) * static_cast<double>(every) * dt;
    r.log_delta_trials.assign(trials * samples, kNaN);

    Matrix X = twin_states(system, o.trials, o.epsilon, o.direction);
    // Chunks of 4 columns = 2 trials: a trial's twins always share a chunk.
    constexpr Eigen::Index kWidth = 4;
    integrate_chunks(system, X, steps, kWidth, [&](std::int64_t chunk, std::int64_t step, Matrix& Xc) {
        if (step % every != 0) return;
        const auto s = static_cast<std::size_t>(step / every);
        for (Eigen::Index c = 0; c + 1 < Xc.cols(); c += 2) {
            const auto k = static_cast<std::size_t>(chunk * kWidth / 2 + c / 2);
            r.log_delta_trials[k * samples + s] = std::log(distance(Xc, c, c + 1));
        }
    });

    // Trial selection on the final distance (seed 001 keeps delta_k(T) >= 1).
    r.used.assign(trials, 0);
    for (std::size_t k = 0; k < trials; ++k) {
        const double final_log = r.log_delta_trials[k * samples + samples - 1];
        r.used[k] = !(std::exp(final_log) < o.min_final);
        r.trials_used += r.used[k];
    }
    r.log_delta.assign(samples, kNaN);
    r.lambda_trials.assign(trials, kNaN);
    r.lambda = r.intercept = r.r2 = r.slope_stderr = r.fit_start = r.fit_end = r.lambda_trials_stderr = kNaN;
    if (r.trials_used == 0) {
        r.note = "no trial diverged (every final distance is below min_final = " + format_number(o.min_final) + ")";
        return r;
    }
    for (std::size_t s = 0; s < samples; ++s) {
        double acc = 0.0;
        for (std::size_t k = 0; k < trials; ++k) {
            if (!r.used[k]) continue;
            const double l = r.log_delta_trials[k * samples + s];
            acc += o.log_of_mean ? std::exp(l) : l;
        }
        acc /= static_cast<double>(r.trials_used);
        r.log_delta[s] = o.log_of_mean ? std::log(acc) : acc;
    }

    // The fit window [first, end).
    std::size_t first = 0;
    while (first < samples && r.times[first] < o.fit_start - 1e-9) ++first;
    double max_l = -std::numeric_limits<double>::infinity();
    for (std::size_t s = first; s < samples; ++s) max_l = std::max(max_l, r.log_delta[s]);
    std::size_t end = samples;
    if (o.seed001_cut) {
        // Seed 001: the first t with L(t) >= 0.8 max L (on the log scale; meaningless for max L < 0).
        end = first;
        while (end < samples && !(r.log_delta[end] >= o.saturation * max_l)) ++end;
        if (end == samples) {
            r.note = "L(t) never reaches saturation * max L (max L = " + format_number(max_l) + " < 0)";
            return r;
        }
    } else if (first < samples) {
        const double l0 = r.log_delta[first];
        if (max_l > l0) {
            end = first;
            while (end < samples && !(r.log_delta[end] >= l0 + o.saturation * (max_l - l0))) ++end;
        }
        // A curve that shrinks ends where it stops being finite (twins merged to the last bit).
        for (std::size_t s = first; s < end; ++s) {
            if (!std::isfinite(r.log_delta[s])) {
                end = s;
                break;
            }
        }
    }
    if (end < first + 3) {
        r.note = "the fit window holds fewer than 3 points (the curve saturates at once: use a smaller epsilon, a "
                 "smaller sample_every or an earlier fit_start)";
        return r;
    }
    const std::span<const double> t(r.times.data() + first, end - first);
    const LineFit f = fit_line(t, std::span<const double>(r.log_delta.data() + first, end - first));
    r.lambda = f.slope;
    r.intercept = f.intercept;
    r.r2 = f.r2;
    r.slope_stderr = f.slope_stderr;
    r.fit_start = r.times[first];
    r.fit_end = r.times[end - 1];
    r.fit_points = end - first;
    for (std::size_t k = 0; k < trials; ++k) {
        if (!r.used[k]) continue;
        const std::span<const double> lk(r.log_delta_trials.data() + k * samples + first, end - first);
        const bool finite = std::all_of(lk.begin(), lk.end(), [](double v) { return std::isfinite(v); });
        r.lambda_trials[k] = finite ? fit_line(t, lk).slope : kNaN;
    }
    r.lambda_trials_stderr = standard_error(r.lambda_trials);
    return r;
}

RenormalizationResult lyapunov_renormalization(const DynamicalSystem& system, const RenormalizationOptions& o) {
    const char* fn = "lyapunov.renormalization";
    const double dt = system.step_size();
    check_common(o.duration, dt, o.trials.size(), fn);
    if (!(o.epsilon > 0.0) || !std::isfinite(o.epsilon)) {
        throw ConfigError(std::string(fn) + ": option 'epsilon' must be > 0, got " + format_number(o.epsilon));
    }
    if (!(o.interval >= dt)) {
        throw ConfigError(std::string(fn) + ": option 'interval' must be >= dt (" + format_number(dt) + " ms), got " +
                          format_number(o.interval));
    }
    if (!(o.transient >= 0.0) || !std::isfinite(o.transient)) {
        throw ConfigError(std::string(fn) + ": option 'transient' must be >= 0, got " + format_number(o.transient));
    }
    const std::int64_t every = std::max<std::int64_t>(1, whole_steps(o.interval, dt));
    const std::int64_t skip = (whole_steps(o.transient, dt) + every - 1) / every * every;
    const std::int64_t intervals = std::max<std::int64_t>(1, whole_steps(o.duration, dt) / every);
    const std::int64_t steps = skip + intervals * every;
    const std::size_t trials = o.trials.size();
    const double span = static_cast<double>(every) * dt;

    // logs[k * intervals + i]: ln(d / epsilon) of trial k after accumulated interval i.
    std::vector<double> logs(trials * static_cast<std::size_t>(intervals), 0.0);
    Matrix X = twin_states(system, o.trials, o.epsilon, PerturbDirection::random);
    constexpr Eigen::Index kWidth = 4;
    integrate_chunks(system, X, steps, kWidth, [&](std::int64_t chunk, std::int64_t step, Matrix& Xc) {
        if (step == 0 || step % every != 0) return;
        for (Eigen::Index c = 0; c + 1 < Xc.cols(); c += 2) {
            const auto k = static_cast<std::size_t>(chunk * kWidth / 2 + c / 2);
            const double d = distance(Xc, c, c + 1);
            if (step > skip)
                logs[k * static_cast<std::size_t>(intervals) + static_cast<std::size_t>((step - skip) / every - 1)] =
                    std::log(d / o.epsilon);
            // Back to distance epsilon along the current separation (a merged pair stays merged).
            if (d > 0.0) Xc.col(c + 1) = Xc.col(c) + (o.epsilon / d) * (Xc.col(c + 1) - Xc.col(c));
        }
    });

    RenormalizationResult r;
    r.lambda_trials.assign(trials, 0.0);
    r.times.resize(static_cast<std::size_t>(intervals));
    r.running.assign(static_cast<std::size_t>(intervals), 0.0);
    for (std::size_t k = 0; k < trials; ++k) {
        double acc = 0.0;
        for (std::int64_t i = 0; i < intervals; ++i) {
            acc += logs[k * static_cast<std::size_t>(intervals) + static_cast<std::size_t>(i)];
            r.running[static_cast<std::size_t>(i)] +=
                acc / (static_cast<double>(i + 1) * span) / static_cast<double>(trials);
        }
        r.lambda_trials[k] = acc / (static_cast<double>(intervals) * span);
    }
    for (std::int64_t i = 0; i < intervals; ++i)
        r.times[static_cast<std::size_t>(i)] = static_cast<double>(skip + (i + 1) * every) * dt;
    double mean = 0.0;
    for (double l : r.lambda_trials) mean += l;
    r.lambda = mean / static_cast<double>(trials);
    if (trials >= 2) {
        r.stderr = standard_error(r.lambda_trials);
    } else {
        // One trial: the spread of the estimates over consecutive blocks of intervals.
        const std::size_t blocks = std::min<std::size_t>(o.blocks, static_cast<std::size_t>(intervals));
        std::vector<double> per_block(blocks, 0.0);
        std::vector<double> count(blocks, 0.0);
        for (std::int64_t i = 0; i < intervals; ++i) {
            const auto b = static_cast<std::size_t>(static_cast<std::uint64_t>(i) * blocks /
                                                    static_cast<std::uint64_t>(intervals));
            per_block[b] += logs[static_cast<std::size_t>(i)];
            count[b] += 1.0;
        }
        for (std::size_t b = 0; b < blocks; ++b) per_block[b] /= count[b] * span;
        r.stderr = standard_error(per_block);
    }
    return r;
}

} // namespace chaoslab
