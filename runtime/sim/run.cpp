// Independent trials: each thread takes whole trials and generates that trial's input windows as it
// goes (one window in memory per trial).
#include "sim/run.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace chaoslab {

namespace {

template <class Real> void run_each(const SpikingNetwork& net, const CompiledNetwork& compiled,
                                    const RunOptions& options, std::uint64_t steps, std::vector<TrialRecord>& records) {
    parallel_for(static_cast<std::int64_t>(options.trials.size()), [&](std::int64_t t) {
        const Seed seed = trial_seed(net, options.trials[t]);
        BasicTrialState<Real> state(compiled, seed);
        OnDemandWindows windows(compiled, seed);
        state.advance(steps, std::ref(windows), options.kicks, options.record, records[t]);
    });
}

} // namespace

Seed trial_seed(const SpikingNetwork& net, std::uint64_t trial) {
    return Seed{net.seed().session, net.seed().block, trial};
}

void check_duration(double ms, const char* fn, const char* option) {
    if (!(ms > 0.0) || !std::isfinite(ms)) {
        throw ConfigError(std::string(fn) + ": option '" + option + "' must be > 0 ms, got " + format_number(ms));
    }
}

std::vector<TrialRecord> run_trials(const SpikingNetwork& net, const RunOptions& options) {
    check_duration(options.duration_ms, "run", "duration");
    const CompiledNetwork compiled = compile(net, options.dt_ms, options.method, options.precision, "run");
    const std::uint64_t steps = to_steps(options.duration_ms, options.dt_ms);
    if (steps == 0) {
        throw ConfigError("run: option 'duration' (" + format_number(options.duration_ms) +
                          " ms) is shorter than one step of dt = " + format_number(options.dt_ms) + " ms");
    }
    for (std::uint32_t i : options.record.v_neurons) {
        if (i >= net.size()) throw ConfigError("run: recorded neuron " + std::to_string(i + 1) + " is out of range");
    }
    for (const StateKick& kick : options.kicks) {
        if (kick.step >= steps) {
            throw ConfigError("run: perturbation at " + format_number(static_cast<double>(kick.step) * options.dt_ms) +
                              " ms is not before the end of the run (" +
                              format_number(static_cast<double>(steps) * options.dt_ms) + " ms)");
        }
        for (std::uint32_t i : kick.neurons) {
            if (i >= net.size()) {
                throw ConfigError("run: perturbed neuron " + std::to_string(std::uint64_t{i} + 1) +
                                  " is out of range for a network of " + std::to_string(net.size()));
            }
        }
    }
    check_kick_resolution(options.kicks, options.precision, "run");
    std::vector<TrialRecord> records(options.trials.size());
    with_precision(options.precision, [&]<class Real>() { run_each<Real>(net, compiled, options, steps, records); });
    return records;
}

namespace {

std::size_t bin_count(double bin_ms, double duration_ms) {
    if (!(bin_ms > 0.0) || !std::isfinite(bin_ms)) {
        throw ConfigError("run: option 'record.rate' must be > 0 ms, got " + format_number(bin_ms));
    }
    return static_cast<std::size_t>(std::ceil(duration_ms / bin_ms - 1e-9));
}

} // namespace

std::vector<double> population_rate(std::span<const double> spike_times, std::uint32_t n, double bin_ms,
                                    double duration_ms) {
    const std::size_t bins = bin_count(bin_ms, duration_ms);
    std::vector<double> r(bins, 0.0);
    for (double t : spike_times) {
        auto b = static_cast<std::size_t>(std::max(0.0, std::ceil(t / bin_ms - 1e-9) - 1.0));
        if (b < bins) r[b] += 1.0;
    }
    for (std::size_t b = 0; b < bins; ++b) r[b] *= 1000.0 / (bin_ms * n);
    return r;
}

std::vector<double> bin_centres(double bin_ms, double duration_ms) {
    std::vector<double> centres(bin_count(bin_ms, duration_ms));
    for (std::size_t b = 0; b < centres.size(); ++b) centres[b] = (static_cast<double>(b) + 0.5) * bin_ms;
    return centres;
}

SpikeTable spike_table(const TrialRecord& rec, double t_from) {
    const auto first = static_cast<std::size_t>(
        std::lower_bound(rec.spike_times.begin(), rec.spike_times.end(), t_from - 1e-9) - rec.spike_times.begin());
    SpikeTable t;
    t.times.assign(rec.spike_times.begin() + static_cast<std::ptrdiff_t>(first), rec.spike_times.end());
    t.ids.resize(t.times.size());
    for (std::size_t k = 0; k < t.ids.size(); ++k) t.ids[k] = static_cast<double>(rec.spike_ids[first + k]) + 1.0;
    return t;
}

SpikingRun run_network(const SpikingNetwork& net, RunOptions options) {
    const double every = options.v_every_ms > 0.0 ? options.v_every_ms : options.dt_ms;
    options.record.v_every_steps =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(every / options.dt_ms)));
    SpikingRun run;
    run.trials = run_trials(net, options);
    run.duration_ms = static_cast<double>(to_steps(options.duration_ms, options.dt_ms)) * options.dt_ms;
    const std::size_t m = options.record.v_neurons.size();
    if (m > 0) {
        run.v_times = run.trials.front().v_times;
        for (const TrialRecord& rec : run.trials) {
            // Recorded sample-major (one row per time); returned neuron-major (one row per neuron).
            const std::size_t samples = rec.v_times.size();
            std::vector<double> v(m * samples);
            for (std::size_t s = 0; s < samples; ++s)
                for (std::size_t j = 0; j < m; ++j) v[j * samples + s] = rec.v[s * m + j];
            run.v.push_back(std::move(v));
        }
    }
    if (options.rate_bin_ms > 0.0) {
        run.rate_times = bin_centres(options.rate_bin_ms, run.duration_ms);
        for (const TrialRecord& rec : run.trials)
            run.rate.push_back(population_rate(rec.spike_times, net.size(), options.rate_bin_ms, run.duration_ms));
    }
    return run;
}

} // namespace chaoslab
