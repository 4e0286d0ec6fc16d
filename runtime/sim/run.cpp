// Independent trials: each thread takes whole trials and generates that trial's input windows as it
// goes (one window in memory per trial).
#include "sim/run.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"

#include <cmath>
#include <functional>

namespace chaoslab {

namespace {

template <class Real> void run_each(const Network& net, const CompiledNetwork& compiled, const RunOptions& options,
                                    std::uint64_t steps, std::vector<TrialRecord>& records) {
    parallel_for(static_cast<std::int64_t>(options.trials.size()), [&](std::int64_t t) {
        const Seed seed = trial_seed(net, options.trials[t]);
        BasicTrialState<Real> state(compiled, seed);
        OnDemandWindows windows(compiled, seed);
        state.advance(steps, std::ref(windows), options.kicks, options.record, records[t]);
    });
}

} // namespace

Seed trial_seed(const Network& net, std::uint64_t trial) { return Seed{net.seed().session, net.seed().block, trial}; }

void check_duration(double ms, const char* fn, const char* option) {
    if (!(ms > 0.0) || !std::isfinite(ms)) {
        throw ConfigError(std::string(fn) + ": option '" + option + "' must be > 0 ms, got " + format_number(ms));
    }
}

std::vector<TrialRecord> run_trials(const Network& net, const RunOptions& options) {
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

} // namespace chaoslab
