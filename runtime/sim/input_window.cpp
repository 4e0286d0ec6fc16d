// Event-by-event generation of one input window: a Poisson count per neuron and window, then one
// uniform step per event (never one draw per neuron per step), then a counting sort of the events by step.
#include "sim/input_window.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>

namespace chaoslab {

namespace {

// A step of the window takes 10 random bits: three per 32-bit word.
constexpr std::uint32_t kStepBits = 10;
constexpr std::uint32_t kStepMask = (1u << kStepBits) - 1;
static_assert(kInputWindowSteps == std::uint64_t{1} << kStepBits);

// An event before sorting: the step within the window above, the input source below.
using Pending = std::uint64_t;
constexpr Pending pending_event(std::uint32_t step, std::uint32_t source) { return std::uint64_t{step} << 32 | source; }

} // namespace

void make_input_window(const CompiledNetwork& net, const Seed& trial_seed, std::uint64_t window, InputWindow& out) {
    if (window >= (std::uint64_t{1} << 32)) throw ConfigError("run: too many time steps for the input generator");
    thread_local std::vector<Pending> pending;
    pending.clear();
    for (const CompiledPoisson& in : net.poisson) {
        if (!(in.window_mean > 0.0)) continue;
        const StreamFamily streams(trial_seed, indexed_stream("poisson", in.index));
        for (std::uint32_t i = 0; i < in.n; ++i) {
            RandomStream rs = streams.make((window << 32) | i);
            const std::uint32_t source = in.first_source + i;
            std::uint64_t count = rs.poisson(in.window_mean);
            for (; count >= 3; count -= 3) {
                const std::uint32_t word = rs.next_u32();
                pending.push_back(pending_event(word & kStepMask, source));
                pending.push_back(pending_event((word >> kStepBits) & kStepMask, source));
                pending.push_back(pending_event((word >> (2 * kStepBits)) & kStepMask, source));
            }
            if (count > 0) {
                const std::uint32_t word = rs.next_u32();
                for (std::uint32_t j = 0; j < count; ++j)
                    pending.push_back(pending_event((word >> (j * kStepBits)) & kStepMask, source));
            }
        }
    }
    const std::uint64_t k0 = window * kInputWindowSteps;
    for (const CompiledChannels& ch : net.channels) {
        const StreamFamily streams(trial_seed, indexed_stream("channels.spikes", ch.index));
        const Synapses& proj = *ch.projection;
        for (std::uint32_t c = 0; c < ch.n_channels; ++c) {
            RandomStream rs = streams.make((window << 32) | c);
            double threshold = rs.exponential(1.0), accumulated = 0.0;
            const auto targets = proj.row_targets(c);
            const std::uint64_t first = proj.offsets[c];
            for (std::uint32_t s = 0; s < kInputWindowSteps; ++s) {
                accumulated += ch.mean_events(c, k0 + s);
                while (accumulated >= threshold) {
                    for (std::size_t q = 0; q < targets.size(); ++q) {
                        pending.push_back(pending_event(s, ch.first_source + static_cast<std::uint32_t>(first + q)));
                    }
                    threshold += rs.exponential(1.0);
                }
            }
        }
    }
    out.index = window;
    out.offsets.assign(kInputWindowSteps + 1, 0);
    for (const Pending p : pending) ++out.offsets[(p >> 32) + 1];
    for (std::size_t s = 0; s < kInputWindowSteps; ++s) out.offsets[s + 1] += out.offsets[s];
    out.sources.resize(pending.size());
    std::uint32_t cursor[kInputWindowSteps];
    std::copy(out.offsets.begin(), out.offsets.end() - 1, cursor);
    for (const Pending p : pending) out.sources[cursor[p >> 32]++] = static_cast<std::uint32_t>(p); // stable
}

} // namespace chaoslab
