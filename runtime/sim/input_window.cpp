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
    std::size_t used = 0;
    // Room for `more` events; the buffer persists across windows, so it grows only in the first ones.
    auto reserve = [&](std::size_t more) {
        if (used + more > pending.size()) pending.resize(std::max(2 * pending.size(), used + more));
        return pending.data() + used;
    };
    // Events per step, counted as they are drawn: offsets[s + 1] becomes step s's count.
    out.offsets.assign(kInputWindowSteps + 1, 0);
    std::uint32_t* count_of = out.offsets.data() + 1;
    for (const CompiledPoisson& in : net.poisson) {
        if (!(in.window_mean > 0.0)) continue;
        const StreamFamily streams(trial_seed, indexed_stream("poisson", in.index));
        const PoissonSampler events_in_window(in.window_mean);
        PrimedStream batch[StreamFamily::kPrimedLanes];
        for (std::uint32_t i0 = 0; i0 < in.n; i0 += StreamFamily::kPrimedLanes) {
            const auto lanes = static_cast<unsigned>(std::min<std::uint32_t>(StreamFamily::kPrimedLanes, in.n - i0));
            streams.make_primed((window << 32) | i0, lanes, batch);
            for (unsigned j = 0; j < lanes; ++j) {
                PrimedStream& rs = batch[j];
                const std::uint32_t source = in.first_source + i0 + j;
                std::uint64_t count = events_in_window(rs);
                Pending* next = reserve(count);
                used += count;
                auto add = [&](std::uint32_t step) {
                    ++count_of[step];
                    *next++ = pending_event(step, source);
                };
                for (; count >= 3; count -= 3) {
                    const std::uint32_t word = rs.next_u32();
                    add(word & kStepMask);
                    add((word >> kStepBits) & kStepMask);
                    add((word >> (2 * kStepBits)) & kStepMask);
                }
                if (count > 0) {
                    const std::uint32_t word = rs.next_u32();
                    for (std::uint32_t j2 = 0; j2 < count; ++j2) add((word >> (j2 * kStepBits)) & kStepMask);
                }
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
            const std::uint32_t first = ch.first_source + static_cast<std::uint32_t>(proj.offsets[c]);
            for (std::uint32_t s = 0; s < kInputWindowSteps; ++s) {
                accumulated += ch.mean_events(c, k0 + s);
                while (accumulated >= threshold) {
                    Pending* next = reserve(targets.size());
                    used += targets.size();
                    count_of[s] += static_cast<std::uint32_t>(targets.size());
                    for (std::uint32_t q = 0; q < targets.size(); ++q) next[q] = pending_event(s, first + q);
                    threshold += rs.exponential(1.0);
                }
            }
        }
    }
    out.index = window;
    for (std::size_t s = 0; s < kInputWindowSteps; ++s) out.offsets[s + 1] += out.offsets[s];
    out.landing.resize(used);
    out.sources.resize(net.uniform_input_increment ? 0 : used);
    std::uint32_t cursor[kInputWindowSteps];
    std::copy(out.offsets.begin(), out.offsets.end() - 1, cursor);
    const std::uint32_t* input_at = net.input_at.data();
    for (std::size_t e = 0; e < used; ++e) { // stable: equal steps keep the order of drawing
        const Pending p = pending[e];
        const auto source = static_cast<std::uint32_t>(p);
        const std::uint32_t slot = cursor[p >> 32]++;
        out.landing[slot] = input_at[source];
        if (!net.uniform_input_increment) out.sources[slot] = source;
    }
}

} // namespace chaoslab
