// External input spikes (Poisson background, dynamic channels) of one trial, generated event by event
// in fixed windows of kInputWindowSteps steps, so any window can be made alone and shared by twins.
#pragma once

#include "core/rng.hpp"
#include "sim/compiled_network.hpp"

#include <cstdint>
#include <vector>

namespace chaoslab {

// Windows are part of the random addressing (window w of neuron i draws from its own stream), so
// this constant is fixed forever: changing it changes every result with Poisson input. A Poisson
// process restricted to disjoint windows is independent across them, so restarting each window's
// arrival sequence is exact, not an approximation.
inline constexpr std::uint64_t kInputWindowSteps = 1024;

// Events of steps [first_step, first_step + kInputWindowSteps): those of step first_step + s are
// entries offsets[s] .. offsets[s + 1] of `landing` (where each lands: CompiledNetwork::input_at of
// its input source) and, unless the network's input increments are all one value, of `sources` (the
// input source, for its increment), 4 bytes each; within a step they are ordered by source (Poisson
// inputs in declaration order, then channels) and neuron, which fixes the summation order.
struct InputWindow {
    std::uint64_t index = 0;
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> landing;
    std::vector<std::uint32_t> sources; // empty if CompiledNetwork::uniform_input_increment
    std::uint64_t first_step() const { return index * kInputWindowSteps; }
};

// Random addressing: Poisson input k, neuron i, window w draws from
//   RandomStream(trial_seed, indexed_stream("poisson", k), sub = w·2^32 + i):
// first the event count, Poisson with mean rate·dt·kInputWindowSteps (RandomStream::poisson), then
// the step of each event, uniform over the window, 10 bits each from successive 32-bit words (bits
// 0-9, 10-19, 20-29 of a word; the last word may be partly used). Given its count, the events of a
// Poisson process are independent and uniform over the window, and binning them into steps is what
// the engine does with any event time, so this is the process itself, not an approximation; it
// costs no logarithm per event. Channel c of channel input k uses indexed_stream("channels.spikes",
// k), sub = w·2^32 + c, with time rescaling: unit exponential thresholds against the accumulated
// expected count rate(t_k)·dt.
void make_input_window(const CompiledNetwork& net, const Seed& trial_seed, std::uint64_t window, InputWindow& out);

// The windows of one trial made on demand, the last one kept: what a trial that advances through
// time once needs (pass it to BasicTrialState::advance as std::ref, so the kept window is shared).
class OnDemandWindows {
public:
    OnDemandWindows(const CompiledNetwork& net, const Seed& trial_seed) : net_(&net), seed_(trial_seed) {}
    const InputWindow& operator()(std::uint64_t w) {
        if (!made_ || window_.index != w) make_input_window(*net_, seed_, w, window_);
        made_ = true;
        return window_;
    }

private:
    const CompiledNetwork* net_;
    Seed seed_;
    InputWindow window_;
    bool made_ = false;
};

} // namespace chaoslab
