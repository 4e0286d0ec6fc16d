// Step order (t_k -> t_{k+1}): drive changes and kicks at t_k; external events of step k join the
// arrivals of t_{k+1}; V advances with the currents of t_k, currents decay and take the arrivals,
// refractory neurons stay at v_reset; V >= v_th spikes at t_{k+1}, delivered d >= 1 steps later.
#include "sim/engine.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace chaoslab {

namespace {
constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint32_t kFlagBlock = 64;
} // namespace

TrialState::TrialState(const CompiledNetwork& net, const Seed& trial_seed) : net_(&net), seed_(trial_seed) {
    const std::uint32_t n = net.n;
    v_.resize(n);
    for (std::uint32_t p = 0; p < net.network->populations().size(); ++p) {
        const Population& pop = net.network->populations()[p];
        const std::vector<double> v0 = initial_potentials(pop.spec, pop.neurons, trial_seed, p);
        std::copy(v0.begin(), v0.end(), v_.begin() + pop.offset);
    }
    ref_.assign(n, 0.0f);
    a_.resize(n);
    ring_.resize(net.receptors.size());
    current_.resize(net.receptors.size());
    for (std::uint32_t r = 0; r < net.receptors.size(); ++r) {
        ring_[r].assign(std::size_t{net.ring_depth} * n, 0.0);
        if (net.receptors[r].model.kind == SynapseKind::exponential) {
            current_[r].assign(n, 0.0);
            exp_receptors_.push_back(r);
        } else {
            delta_receptor_ = static_cast<int>(r);
        }
    }
    last_spike_step_.assign(n, kNever);
    fired_.assign((std::size_t{n} + kFlagBlock - 1) / kFlagBlock * kFlagBlock, 0); // padded to whole blocks
    refresh_drive(0);
}

void TrialState::refresh_drive(std::uint64_t k) {
    thread_local std::vector<double> drive;
    net_->drive_at(k, drive);
    for (std::uint32_t i = 0; i < net_->n; ++i) a_[i] = (1.0 - net_->p22[i]) * (net_->v_rest[i] + drive[i]);
    uniform_ = net_->uniform;
    for (std::uint32_t i = 1; i < net_->n && uniform_; ++i) uniform_ = a_[i] == a_[0];
    const auto& changes = net_->drive_change_steps;
    next_drive_change_ =
        static_cast<std::size_t>(std::upper_bound(changes.begin(), changes.end(), k) - changes.begin());
}

void TrialState::deliver(std::uint32_t neuron, std::uint64_t spike_step) {
    const CompiledNetwork& net = *net_;
    const std::uint32_t pop = net.population_of[neuron];
    const std::size_t n = net.n;
    for (std::uint32_t pi : net.outgoing[pop]) {
        const CompiledProjection& p = net.projections[pi];
        const Synapses& s = *p.synapses;
        const std::uint32_t row = neuron - p.pre_offset;
        const std::uint64_t first = s.offsets[row], last = s.offsets[std::size_t{row} + 1];
        const std::uint32_t* targets = s.targets.data();
        const double* inc = p.increment.data();
        double* ring = ring_[p.receptor].data();
        if (p.delay_steps_per_synapse.empty()) {
            double* slot = ring + ((spike_step + p.delay_steps) % net.ring_depth) * n + p.post_offset;
            for (std::uint64_t q = first; q < last; ++q) slot[targets[q]] += inc[q];
        } else {
            for (std::uint64_t q = first; q < last; ++q) {
                const std::uint64_t arrival = spike_step + p.delay_steps_per_synapse[q];
                ring[(arrival % net.ring_depth) * n + p.post_offset + targets[q]] += inc[q];
            }
        }
    }
}

void TrialState::force_spike(std::uint32_t i, TrialRecord& rec) {
    if (last_spike_step_[i] == step_) return; // it spiked at this very time: nothing extra to add
    v_[i] = net_->v_reset[i];
    ref_[i] = static_cast<float>(net_->ref_steps[i]);
    last_spike_step_[i] = step_;
    rec.spike_times.push_back(time_ms());
    rec.spike_ids.push_back(static_cast<std::int32_t>(i));
    deliver(i, step_);
}

void TrialState::record_v(const RecordSpec& spec, TrialRecord& rec) const {
    if (spec.v_neurons.empty() || step_ % spec.v_every_steps != 0) return;
    rec.v_times.push_back(time_ms());
    for (std::uint32_t i : spec.v_neurons) rec.v.push_back(v_[i]);
}

namespace {

// One membrane update over all neurons. The arrays are restrict *parameters* on purpose: GCC honours
// restrict only there, and without it the loop needs more run-time alias checks than it will emit and
// stays scalar (2x slower). noinline keeps the parameters' restrict meaning intact. Uniform: every
// parameter array but v_th holds one value (seed 000: only thresholds vary), read once as a scalar,
// which halves the memory traffic of the loop (it is bound by L2 bandwidth, not arithmetic).
template <int R, bool Delta, bool Uniform> [[gnu::noinline]] void
membrane_kernel(std::size_t n, const double* __restrict p22, const double* __restrict a,
                const double* __restrict v_reset, const double* __restrict v_th, const double* __restrict ref_steps,
                double* __restrict v, float* __restrict ref, std::uint8_t* __restrict fired, double* __restrict cur0,
                double* __restrict in0, const double* __restrict p21_0, double p11_0, double* __restrict cur1,
                double* __restrict in1, const double* __restrict p21_1, double p11_1, double* __restrict in_delta) {
    const double p22_s = p22[0], a_s = a[0], v_reset_s = v_reset[0], ref_steps_s = ref_steps[0];
    const double p21_0s = R >= 1 ? p21_0[0] : 0.0, p21_1s = R >= 2 ? p21_1[0] : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double p22_i = Uniform ? p22_s : p22[i];
        const double a_i = Uniform ? a_s : a[i];
        const double v_reset_i = Uniform ? v_reset_s : v_reset[i];
        const float ref_steps_i = static_cast<float>(Uniform ? ref_steps_s : ref_steps[i]);
        double vn = p22_i * v[i] + a_i;
        if constexpr (R >= 1) {
            vn += (Uniform ? p21_0s : p21_0[i]) * cur0[i];
            cur0[i] = cur0[i] * p11_0 + in0[i];
            in0[i] = 0.0;
        }
        if constexpr (R >= 2) {
            vn += (Uniform ? p21_1s : p21_1[i]) * cur1[i];
            cur1[i] = cur1[i] * p11_1 + in1[i];
            in1[i] = 0.0;
        }
        if constexpr (Delta) {
            vn += in_delta[i];
            in_delta[i] = 0.0;
        }
        // Refractory neurons stay at v_reset (< v_th, so they cannot fire); crossings reset here too, so
        // the caller only collects the flags.
        const bool refractory = ref[i] > 0.5f;
        const double v_new = refractory ? v_reset_i : vn;
        const float ref_new = refractory ? ref[i] - 1.0f : ref[i];
        const bool spike = v_new >= v_th[i];
        v[i] = spike ? v_reset_i : v_new;
        ref[i] = spike ? ref_steps_i : ref_new;
        fired[i] = spike ? 1 : 0;
    }
}

} // namespace

// The membrane update of all neurons for step k, specialised for R exponential receptors and an
// optional delta receptor so the common cases compile to one vectorised loop with no inner loop.
template <int R, bool Delta> void TrialState::update_neurons(std::uint64_t k) {
    const CompiledNetwork& net = *net_;
    const std::size_t slot = ((k + 1) % net.ring_depth) * net.n;
    double* cur[2] = {nullptr, nullptr};
    double* in[2] = {nullptr, nullptr};
    const double* p21[2] = {nullptr, nullptr};
    double p11[2] = {0.0, 0.0};
    for (int r = 0; r < R; ++r) {
        const std::uint32_t rec = exp_receptors_[r];
        cur[r] = current_[rec].data();
        in[r] = ring_[rec].data() + slot;
        p21[r] = net.receptors[rec].p21.data();
        p11[r] = net.receptors[rec].p11;
    }
    double* in_delta = Delta ? ring_[delta_receptor_].data() + slot : nullptr;
    auto kernel = uniform_ ? membrane_kernel<R, Delta, true> : membrane_kernel<R, Delta, false>;
    kernel(net.n, net.p22.data(), a_.data(), net.v_reset.data(), net.v_th.data(), net.ref_steps.data(), v_.data(),
           ref_.data(), fired_.data(), cur[0], in[0], p21[0], p11[0], cur[1], in[1], p21[1], p11[1], in_delta);
}

void TrialState::update_neurons_general(std::uint64_t k) {
    const CompiledNetwork& net = *net_;
    const std::uint32_t n = net.n;
    const std::size_t slot = ((k + 1) % net.ring_depth) * n;
    thread_local std::vector<double> vn;
    vn.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) vn[i] = net.p22[i] * v_[i] + a_[i];
    for (std::uint32_t rec : exp_receptors_) {
        double* cur = current_[rec].data();
        double* in = ring_[rec].data() + slot;
        const double* p21 = net.receptors[rec].p21.data();
        const double p11 = net.receptors[rec].p11;
        for (std::uint32_t i = 0; i < n; ++i) {
            vn[i] += p21[i] * cur[i];
            cur[i] = cur[i] * p11 + in[i];
            in[i] = 0.0;
        }
    }
    if (delta_receptor_ >= 0) {
        double* in = ring_[delta_receptor_].data() + slot;
        for (std::uint32_t i = 0; i < n; ++i) {
            vn[i] += in[i];
            in[i] = 0.0;
        }
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool refractory = ref_[i] > 0.5f;
        const double v_new = refractory ? net.v_reset[i] : vn[i];
        const float ref_new = refractory ? ref_[i] - 1.0f : ref_[i];
        const bool spike = v_new >= net.v_th[i];
        v_[i] = spike ? net.v_reset[i] : v_new;
        ref_[i] = spike ? static_cast<float>(net.ref_steps[i]) : ref_new;
        fired_[i] = spike ? 1 : 0;
    }
}

void TrialState::advance(std::uint64_t k_end, const std::function<const InputWindow&(std::uint64_t)>& window,
                         std::span<const StateKick> kicks, const RecordSpec& spec, TrialRecord& rec) {
    const CompiledNetwork& net = *net_;
    const std::uint32_t n = net.n;
    const std::size_t n_exp = exp_receptors_.size();
    const bool delta = delta_receptor_ >= 0;
    std::size_t next_kick = 0;
    while (next_kick < kicks.size() && kicks[next_kick].step < step_) ++next_kick;
    if (step_ == 0) record_v(spec, rec);
    std::uint64_t poll = 0;
    while (step_ < k_end) {
        const std::uint64_t w = step_ / kInputWindowSteps;
        const InputWindow& win = window(w);
        const std::uint64_t window_end = std::min(k_end, (w + 1) * kInputWindowSteps);
        for (; step_ < window_end; ++step_) {
            const std::uint64_t k = step_;
            if (next_drive_change_ < net.drive_change_steps.size() && net.drive_change_steps[next_drive_change_] == k) {
                refresh_drive(k);
            }
            for (; next_kick < kicks.size() && kicks[next_kick].step == k; ++next_kick) {
                const StateKick& kick = kicks[next_kick];
                for (std::size_t j = 0; j < kick.neurons.size(); ++j) {
                    const std::uint32_t i = kick.neurons[j];
                    if (kick.kind == StateKick::Kind::extra_spike) {
                        force_spike(i, rec);
                    } else if (ref_[i] <= 0.5f) { // a refractory membrane is clamped: the kick is lost
                        v_[i] += kick.values[j];
                    }
                }
            }
            // External events of step k arrive at t_{k+1}, with the recurrent arrivals of that time.
            const std::size_t slot = ((k + 1) % net.ring_depth) * n;
            const std::uint64_t s = k - win.first_step();
            for (std::uint32_t e = win.offsets[s]; e < win.offsets[s + 1]; ++e) {
                const InputEvent& ev = win.events[e];
                ring_[ev.receptor][slot + ev.neuron] += ev.increment;
            }
            if (n_exp == 1 && !delta)
                update_neurons<1, false>(k);
            else if (n_exp == 0 && delta)
                update_neurons<0, true>(k);
            else if (n_exp == 1 && delta)
                update_neurons<1, true>(k);
            else if (n_exp == 2 && !delta)
                update_neurons<2, false>(k);
            else
                update_neurons_general(k);
            // Threshold crossings at t_{k+1} (already reset by the kernel): a vectorised OR over blocks
            // of 64 flags finds the few blocks worth scanning one by one.
            const std::uint8_t* fired = fired_.data();
            const double t = static_cast<double>(k + 1) * net.dt;
            for (std::uint32_t i0 = 0; i0 < n; i0 += kFlagBlock) {
                std::uint64_t words[kFlagBlock / 8], any = 0;
                std::memcpy(words, fired + i0, kFlagBlock);
                for (const std::uint64_t w : words) any |= w;
                if (any == 0) continue;
                for (std::uint32_t i = i0; i < i0 + kFlagBlock; ++i) {
                    if (!fired[i]) continue;
                    last_spike_step_[i] = k + 1;
                    rec.spike_times.push_back(t);
                    rec.spike_ids.push_back(static_cast<std::int32_t>(i));
                    deliver(i, k + 1);
                }
            }
            step_ = k + 1;
            record_v(spec, rec);
            step_ = k;
            if ((++poll & 1023u) == 0) check_interrupt();
        }
    }
}

} // namespace chaoslab
