// The control/twin protocol: the shared baseline runs once; afterwards input windows are generated in
// groups (bounded memory) and every run of the batch advances over a group in parallel.
#include "perturb/protocol.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"
#include "sim/run.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_set>

namespace chaoslab {

namespace {

// Input windows generated ahead of the batch: about 16 windows of 1024 steps, i.e. 160 ms at
// dt = 0.1 ms; only memory depends on it, never a result.
constexpr std::uint64_t kWindowsPerGroup = 16;

} // namespace

std::vector<StateKick> state_kicks(const SpikingNetwork& net, const Kick& kick, std::uint64_t step, const Seed& seed,
                                   std::uint64_t twin) {
    StateKick s;
    s.step = step;
    switch (kick.kind) {
    case Kick::Kind::extra_spike:
        s.kind = StateKick::Kind::extra_spike;
        s.neurons = kick.neurons;
        break;
    case Kick::Kind::voltage:
        s.kind = StateKick::Kind::voltage;
        s.neurons = kick.neurons;
        s.values.assign(kick.neurons.size(), kick.size);
        break;
    case Kick::Kind::state: {
        s.kind = StateKick::Kind::voltage;
        if (kick.neurons.empty()) {
            s.neurons.resize(net.size());
            for (std::uint32_t i = 0; i < net.size(); ++i) s.neurons[i] = i;
        } else {
            s.neurons = kick.neurons;
        }
        // Direction: standard normals normalised to unit length (uniform on the sphere), one direction per twin.
        const RandomStream rs(seed, stream_id("perturbation.state_kick"), twin);
        s.values.resize(s.neurons.size());
        double norm2 = 0.0;
        for (std::size_t j = 0; j < s.values.size(); ++j) {
            s.values[j] = rs.normal_at(j);
            norm2 += s.values[j] * s.values[j];
        }
        const double scale = norm2 > 0.0 ? kick.size / std::sqrt(norm2) : 0.0;
        for (double& x : s.values) x *= scale;
        break;
    }
    }
    return {s};
}

std::vector<std::uint32_t> draw_targets(const SpikingNetwork& net, std::uint32_t first, std::uint32_t n,
                                        std::uint32_t k, const char* fn) {
    if (k > n) {
        throw ConfigError(std::string(fn) + ": cannot choose " + std::to_string(k) + " distinct neurons from " +
                          std::to_string(n));
    }
    RandomStream rs(Seed{net.seed().session, net.seed().block, 0}, stream_id("perturbation.targets"), first);
    // Floyd's algorithm draws a uniform k-subset; the order of first choice is kept.
    std::vector<std::uint32_t> chosen;
    std::unordered_set<std::uint32_t> seen;
    for (std::uint32_t j = n - k; j < n; ++j) {
        const auto t = static_cast<std::uint32_t>(rs.below(std::uint64_t{j} + 1));
        const std::uint32_t pick = seen.contains(t) ? j : t;
        seen.insert(pick);
        chosen.push_back(first + pick);
    }
    return chosen;
}

namespace {

// The shared baseline, then the control and every twin from its state, over groups of input windows.
template <class Real> void run_batch(const CompiledNetwork& compiled, const ProtocolOptions& options, const Seed& seed,
                                     std::uint64_t k_pert, std::uint64_t k_end,
                                     const std::vector<std::vector<StateKick>>& plans, ProtocolRun& out) {
    // Shared baseline.
    BasicTrialState<Real> baseline(compiled, seed);
    {
        OnDemandWindows windows(compiled, seed);
        baseline.advance(k_pert, std::ref(windows), {}, options.record, out.control);
    }

    // Spikes at exactly the perturbation time were recorded by the baseline: the twins share them.
    TrialRecord shared;
    for (std::size_t k = 0; k < out.control.spike_times.size(); ++k) {
        if (out.control.spike_times[k] >= out.t_pert_ms - 0.5 * options.dt_ms) {
            shared.spike_times.push_back(out.control.spike_times[k]);
            shared.spike_ids.push_back(out.control.spike_ids[k]);
        }
    }
    for (TrialRecord& twin : out.twins) twin = shared;

    // Run 0 = control, run j = twin j-1; all start from the baseline state.
    const std::size_t n_runs = plans.size();
    std::vector<BasicTrialState<Real>> states(n_runs, baseline);
    std::vector<TrialRecord*> records(n_runs);
    records[0] = &out.control;
    for (std::size_t j = 1; j < n_runs; ++j) records[j] = &out.twins[j - 1];

    const std::uint64_t w_first = k_pert / kInputWindowSteps;
    const std::uint64_t w_last = (k_end - 1) / kInputWindowSteps;
    std::vector<InputWindow> windows;
    for (std::uint64_t g0 = w_first; g0 <= w_last; g0 += kWindowsPerGroup) {
        const std::uint64_t g1 = std::min(w_last + 1, g0 + kWindowsPerGroup);
        windows.resize(g1 - g0);
        parallel_for(static_cast<std::int64_t>(g1 - g0),
                     [&](std::int64_t j) { make_input_window(compiled, seed, g0 + j, windows[j]); });
        const std::uint64_t k_stop = std::min(k_end, g1 * kInputWindowSteps);
        auto provider = [&](std::uint64_t w) -> const InputWindow& { return windows[w - g0]; };
        parallel_for(static_cast<std::int64_t>(n_runs), [&](std::int64_t j) {
            states[j].advance(k_stop, provider, plans[j], options.record, *records[j]);
        });
    }
}

} // namespace

ProtocolRun run_protocol(const SpikingNetwork& net, const ProtocolOptions& options, std::span<const Kick> kicks) {
    check_duration(options.baseline_ms, "perturbation", "baseline");
    check_duration(options.observe_ms, "perturbation", "observe");
    const CompiledNetwork compiled = compile(net, options.dt_ms, options.method, options.precision, "perturbation");
    const std::uint64_t k_pert = to_steps(options.baseline_ms, options.dt_ms);
    const std::uint64_t k_end = k_pert + to_steps(options.observe_ms, options.dt_ms);
    if (k_pert == 0 || k_end == k_pert) {
        throw ConfigError("perturbation: baseline and observe must each be at least one step of dt = " +
                          format_number(options.dt_ms) + " ms");
    }
    for (const Kick& kick : kicks) {
        for (std::uint32_t i : kick.neurons) {
            if (i >= net.size()) {
                throw ConfigError("perturbation: neuron " + std::to_string(std::uint64_t{i} + 1) +
                                  " is out of range for a network of " + std::to_string(net.size()));
            }
        }
    }
    const Seed seed = trial_seed(net, options.trial);
    ProtocolRun out;
    out.t_pert_ms = static_cast<double>(k_pert) * options.dt_ms;
    out.end_ms = static_cast<double>(k_end) * options.dt_ms;
    out.twins.resize(kicks.size());

    std::vector<std::vector<StateKick>> plans(kicks.size() + 1); // run 0 = control, run j = twin j-1
    for (std::size_t j = 0; j < kicks.size(); ++j) {
        plans[j + 1] = state_kicks(net, kicks[j], k_pert, seed, j);
        check_kick_resolution(plans[j + 1], options.precision, "perturbation");
    }
    with_precision(options.precision,
                   [&]<class Real>() { run_batch<Real>(compiled, options, seed, k_pert, k_end, plans, out); });
    return out;
}

} // namespace chaoslab
