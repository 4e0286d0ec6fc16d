// Event-by-event generation of one input window: a Poisson count per neuron and window, then one
// uniform step per event (never one draw per neuron per step), then a counting sort of the events by step.
#include "sim/input_window.hpp"

#include "core/errors.hpp"

#include <cmath>

namespace chaoslab {

namespace {

// A step of the window takes 10 random bits: three per 32-bit word.
constexpr std::uint32_t kStepBits = 10;
constexpr std::uint32_t kStepMask = (1u << kStepBits) - 1;
static_assert(kInputWindowSteps == std::uint64_t{1} << kStepBits);

struct Pending {
    std::uint32_t step; // within the window
    InputEvent event;
};

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
            const InputEvent event{in.offset + i, in.receptor, in.increment[i]};
            std::uint64_t count = rs.poisson(in.window_mean);
            for (; count >= 3; count -= 3) {
                const std::uint32_t word = rs.next_u32();
                pending.push_back({word & kStepMask, event});
                pending.push_back({(word >> kStepBits) & kStepMask, event});
                pending.push_back({(word >> (2 * kStepBits)) & kStepMask, event});
            }
            if (count > 0) {
                const std::uint32_t word = rs.next_u32();
                for (std::uint32_t j = 0; j < count; ++j)
                    pending.push_back({(word >> (j * kStepBits)) & kStepMask, event});
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
                        pending.push_back({s, {ch.offset + targets[q], ch.receptor, ch.increment[first + q]}});
                    }
                    threshold += rs.exponential(1.0);
                }
            }
        }
    }
    out.index = window;
    out.offsets.assign(kInputWindowSteps + 1, 0);
    for (const Pending& p : pending) ++out.offsets[p.step + 1];
    for (std::size_t s = 0; s < kInputWindowSteps; ++s) out.offsets[s + 1] += out.offsets[s];
    out.events.resize(pending.size());
    std::vector<std::uint32_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
    for (const Pending& p : pending) out.events[cursor[p.step]++] = p.event; // stable: keeps source order
}

} // namespace chaoslab
