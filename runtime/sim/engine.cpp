// Step order (t_k -> t_{k+1}): drive changes and kicks at t_k; external events of step k join the
// arrivals of t_{k+1}; V advances with the currents of t_k, currents decay and take the arrivals,
// refractory neurons stay at v_reset; V >= v_th spikes at t_{k+1}, delivered d >= 1 steps later.
#include "sim/engine.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "sim/spike_flags.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace chaoslab {

namespace {
constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
// Rows are prefetched this many spikes ahead of their delivery (1 and 4 measured a little slower).
constexpr std::size_t kPrefetchAhead = 2;
} // namespace

template <class Real> BasicTrialState<Real>::BasicTrialState(const CompiledNetwork& net, const Seed& trial_seed)
    : net_(&net), arrays_(&net.step_arrays<Real>()), seed_(trial_seed) {
    const std::uint32_t n = net.n;
    if (arrays_->p22.size() != n) throw ConfigError("run: network compiled for another precision"); // a bug guard
    v_.resize(n);
    for (std::uint32_t p = 0; p < net.network->populations().size(); ++p) {
        const SpikingPopulation& pop = net.network->populations()[p];
        const std::vector<double> v0 = initial_potentials(pop.spec, pop.neurons, trial_seed, p);
        std::copy(v0.begin(), v0.end(), v_.begin() + pop.offset); // rounded once to Real
    }
    ref_.assign(n, 0);
    if (net.long_refractory) ref_rest_.assign(n, 0);
    a_.resize(n);
    ring_.assign(net.receptors.size() * std::size_t{net.ring_depth} * n, Real(0));
    current_.resize(net.receptors.size());
    for (std::uint32_t r = 0; r < net.receptors.size(); ++r) {
        if (net.receptors[r].model.kind == SynapseKind::exponential) {
            current_[r].assign(n, Real(0));
            exp_receptors_.push_back(r);
        } else {
            delta_receptor_ = static_cast<int>(r);
        }
    }
    last_spike_step_.assign(n, kNever);
    fired_.assign((std::size_t{n} + kFlagBlock - 1) / kFlagBlock * kFlagBlock, 0); // padded to whole blocks
    refresh_drive(0);
}

template <class Real> void BasicTrialState<Real>::refresh_drive(std::uint64_t k) {
    thread_local std::vector<double> drive;
    net_->drive_at(k, drive);
    const std::vector<double>& p22 = net_->f64.p22;
    for (std::uint32_t i = 0; i < net_->n; ++i)
        a_[i] = static_cast<Real>((1.0 - p22[i]) * (net_->v_rest[i] + drive[i]));
    uniform_ = net_->uniform;
    for (std::uint32_t i = 1; i < net_->n && uniform_; ++i) uniform_ = a_[i] == a_[0];
    const auto& changes = net_->drive_change_steps;
    next_drive_change_ =
        static_cast<std::size_t>(std::upper_bound(changes.begin(), changes.end(), k) - changes.begin());
}

template <class Real> void BasicTrialState<Real>::deliver(std::uint32_t neuron, std::uint64_t spike_step) {
    const CompiledNetwork& net = *net_;
    const std::uint32_t pop = net.population_of[neuron];
    const std::size_t n = net.n;
    for (std::uint32_t pi : net.outgoing[pop]) {
        const CompiledProjection& p = net.projections[pi];
        const auto [first, last] = p.row_of(neuron);
        const std::uint32_t* targets = p.synapses->targets.data();
        const Real* inc = arrays_->increment[pi].data();
        if (p.delay_steps_per_synapse.empty()) {
            Real* slot = ring_slot(p.receptor, spike_step + p.delay_steps) + p.post_offset;
            for (std::uint64_t q = first; q < last; ++q) slot[targets[q]] += inc[q];
        } else {
            Real* ring = ring_slot(p.receptor, 0) + p.post_offset;
            for (std::uint64_t q = first; q < last; ++q) {
                const std::uint64_t arrival = spike_step + p.delay_steps_per_synapse[q];
                ring[(arrival % net.ring_depth) * n + targets[q]] += inc[q];
            }
        }
    }
}

// Asks the caches for every line of the neuron's out-going rows (targets, increments), so that they
// arrive while the spikes before it are delivered: rows live in L3 or memory at random places, and
// waiting for each row's first lines cost a fifth of delivery (tests/bench/lif_floor.cpp measures it).
template <class Real> void BasicTrialState<Real>::prefetch_rows(std::uint32_t neuron) const {
    const CompiledNetwork& net = *net_;
    for (std::uint32_t pi : net.outgoing[net.population_of[neuron]]) {
        const CompiledProjection& p = net.projections[pi];
        const auto [first, last] = p.row_of(neuron);
        const auto* targets = reinterpret_cast<const char*>(p.synapses->targets.data() + first);
        const auto* inc = reinterpret_cast<const char*>(arrays_->increment[pi].data() + first);
        const std::size_t target_bytes = (last - first) * sizeof(std::uint32_t),
                          inc_bytes = (last - first) * sizeof(Real);
        for (std::size_t b = 0; b < target_bytes; b += 64) __builtin_prefetch(targets + b);
        for (std::size_t b = 0; b < inc_bytes; b += 64) __builtin_prefetch(inc + b);
    }
}

// After a spike has loaded the first kRefCountMax steps of a longer refractory period: the rest
// waits in ref_rest_.
template <class Real> void BasicTrialState<Real>::start_refractory(std::uint32_t i) {
    constexpr std::uint32_t kMax = CompiledNetwork::kRefCountMax;
    if (!net_->long_refractory || net_->ref_steps[i] <= kMax) return;
    if (ref_rest_[i] == 0) long_refractory_.push_back(i); // (a forced spike may restart a long period)
    ref_rest_[i] = net_->ref_steps[i] - kMax;
}

// At the end of a step: counts that ran out while steps remain are reloaded (so the next step is
// still clamped), at most kRefCountMax at a time; a neuron leaves the list when nothing remains.
template <class Real> void BasicTrialState<Real>::top_up_refractory() {
    for (std::size_t j = 0; j < long_refractory_.size();) {
        const std::uint32_t i = long_refractory_[j];
        if (ref_[i] == 0) {
            const std::uint32_t take = std::min(ref_rest_[i], CompiledNetwork::kRefCountMax);
            ref_[i] = static_cast<std::uint8_t>(take);
            ref_rest_[i] -= take;
        }
        if (ref_rest_[i] == 0) {
            long_refractory_[j] = long_refractory_.back();
            long_refractory_.pop_back();
        } else {
            ++j;
        }
    }
}

template <class Real> void BasicTrialState<Real>::force_spike(std::uint32_t i, TrialRecord& rec) {
    if (last_spike_step_[i] == step_) return; // it spiked at this very time: nothing extra to add
    v_[i] = arrays_->v_reset[i];
    ref_[i] = net_->ref_first[i];
    start_refractory(i);
    last_spike_step_[i] = step_;
    rec.spike_times.push_back(time_ms());
    rec.spike_ids.push_back(static_cast<std::int32_t>(i));
    deliver(i, step_);
}

template <class Real> void BasicTrialState<Real>::record_v(const RecordSpec& spec, TrialRecord& rec) const {
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
template <class Real, int R, bool Delta, bool Uniform> [[gnu::noinline]] void
membrane_kernel(std::size_t n, const Real* __restrict p22, const Real* __restrict a, const Real* __restrict v_reset,
                const Real* __restrict v_th, const std::uint8_t* __restrict ref_first, Real* __restrict v,
                std::uint8_t* __restrict ref, std::uint8_t* __restrict fired, Real* __restrict cur0,
                Real* __restrict in0, const Real* __restrict p21_0, Real p11_0, Real* __restrict cur1,
                Real* __restrict in1, const Real* __restrict p21_1, Real p11_1, Real* __restrict in_delta) {
    const Real p22_s = p22[0], a_s = a[0], v_reset_s = v_reset[0];
    const std::uint8_t ref_first_s = ref_first[0];
    const Real p21_0s = R >= 1 ? p21_0[0] : Real(0), p21_1s = R >= 2 ? p21_1[0] : Real(0);
    for (std::size_t i = 0; i < n; ++i) {
        const Real p22_i = Uniform ? p22_s : p22[i];
        const Real a_i = Uniform ? a_s : a[i];
        const Real v_reset_i = Uniform ? v_reset_s : v_reset[i];
        const std::uint8_t ref_first_i = Uniform ? ref_first_s : ref_first[i];
        Real vn = p22_i * v[i] + a_i;
        if constexpr (R >= 1) {
            vn += (Uniform ? p21_0s : p21_0[i]) * cur0[i];
            cur0[i] = cur0[i] * p11_0 + in0[i];
            in0[i] = Real(0);
        }
        if constexpr (R >= 2) {
            vn += (Uniform ? p21_1s : p21_1[i]) * cur1[i];
            cur1[i] = cur1[i] * p11_1 + in1[i];
            in1[i] = Real(0);
        }
        if constexpr (Delta) {
            vn += in_delta[i];
            in_delta[i] = Real(0);
        }
        // Refractory neurons stay at v_reset (< v_th, so they cannot fire); crossings reset here too, so
        // the caller only collects the flags.
        const bool refractory = ref[i] != 0;
        const Real v_new = refractory ? v_reset_i : vn;
        const auto ref_new = static_cast<std::uint8_t>(refractory ? ref[i] - 1 : 0);
        const bool spike = v_new >= v_th[i];
        v[i] = spike ? v_reset_i : v_new;
        ref[i] = spike ? ref_first_i : ref_new;
        fired[i] = spike ? 1 : 0;
    }
}

} // namespace

// The membrane update of all neurons for step k, specialised for R exponential receptors and an
// optional delta receptor so the common cases compile to one vectorised loop with no inner loop.
template <class Real> template <int R, bool Delta> void BasicTrialState<Real>::update_neurons(std::uint64_t k) {
    const CompiledNetwork& net = *net_;
    const StepArrays<Real>& arr = *arrays_;
    Real* cur[2] = {nullptr, nullptr};
    Real* in[2] = {nullptr, nullptr};
    const Real* p21[2] = {nullptr, nullptr};
    Real p11[2] = {0, 0};
    for (int r = 0; r < R; ++r) {
        const std::uint32_t rec = exp_receptors_[r];
        cur[r] = current_[rec].data();
        in[r] = ring_slot(rec, k + 1);
        p21[r] = arr.p21[rec].data();
        p11[r] = static_cast<Real>(net.receptors[rec].p11);
    }
    Real* in_delta = Delta ? ring_slot(delta_receptor_, k + 1) : nullptr;
    auto kernel = uniform_ ? membrane_kernel<Real, R, Delta, true> : membrane_kernel<Real, R, Delta, false>;
    kernel(net.n, arr.p22.data(), a_.data(), arr.v_reset.data(), arr.v_th.data(), net.ref_first.data(), v_.data(),
           ref_.data(), fired_.data(), cur[0], in[0], p21[0], p11[0], cur[1], in[1], p21[1], p11[1], in_delta);
}

template <class Real> void BasicTrialState<Real>::update_neurons_general(std::uint64_t k) {
    const CompiledNetwork& net = *net_;
    const StepArrays<Real>& arr = *arrays_;
    const std::uint32_t n = net.n;
    thread_local std::vector<Real> vn;
    vn.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) vn[i] = arr.p22[i] * v_[i] + a_[i];
    for (std::uint32_t rec : exp_receptors_) {
        Real* cur = current_[rec].data();
        Real* in = ring_slot(rec, k + 1);
        const Real* p21 = arr.p21[rec].data();
        const auto p11 = static_cast<Real>(net.receptors[rec].p11);
        for (std::uint32_t i = 0; i < n; ++i) {
            vn[i] += p21[i] * cur[i];
            cur[i] = cur[i] * p11 + in[i];
            in[i] = Real(0);
        }
    }
    if (delta_receptor_ >= 0) {
        Real* in = ring_slot(delta_receptor_, k + 1);
        for (std::uint32_t i = 0; i < n; ++i) {
            vn[i] += in[i];
            in[i] = Real(0);
        }
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool refractory = ref_[i] != 0;
        const Real v_new = refractory ? arr.v_reset[i] : vn[i];
        const auto ref_new = static_cast<std::uint8_t>(refractory ? ref_[i] - 1 : 0);
        const bool spike = v_new >= arr.v_th[i];
        v_[i] = spike ? arr.v_reset[i] : v_new;
        ref_[i] = spike ? net.ref_first[i] : ref_new;
        fired_[i] = spike ? 1 : 0;
    }
}

// The indices of this step's flags, ascending: each block of 64 flags becomes one word of bits
// (sim/spike_flags.hpp), quiet blocks cost a test, and each set bit is found by counting trailing zeros.
template <class Real> void BasicTrialState<Real>::collect_spiking() {
    const std::uint8_t* fired = fired_.data();
    spiking_.clear();
    for (std::uint32_t i0 = 0; i0 < net_->n; i0 += kFlagBlock) {
        for (std::uint64_t bits = flag_bits(fired + i0); bits != 0; bits &= bits - 1)
            spiking_.push_back(i0 + static_cast<std::uint32_t>(std::countr_zero(bits)));
    }
}

template <class Real>
void BasicTrialState<Real>::advance(std::uint64_t k_end, const std::function<const InputWindow&(std::uint64_t)>& window,
                                    std::span<const StateKick> kicks, const RecordSpec& spec, TrialRecord& rec) {
    const CompiledNetwork& net = *net_;
    const std::size_t n_exp = exp_receptors_.size();
    const Real* input_increment = arrays_->input_increment.data();
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
                    } else if (ref_[i] == 0) { // a refractory membrane is clamped: the kick is lost
                        v_[i] += static_cast<Real>(kick.values[j]);
                    }
                }
            }
            // External events of step k arrive at t_{k+1}, with the recurrent arrivals of that time.
            Real* arrivals = ring_slot(0, k + 1);
            const std::uint64_t s = k - win.first_step();
            const std::uint32_t* landing = win.landing.data();
            if (win.sources.empty()) { // one increment for all (sim/input_window.hpp)
                const Real increment = net.input_at.empty() ? Real(0) : input_increment[0];
                for (std::uint32_t e = win.offsets[s]; e < win.offsets[s + 1]; ++e) arrivals[landing[e]] += increment;
            } else {
                for (std::uint32_t e = win.offsets[s]; e < win.offsets[s + 1]; ++e)
                    arrivals[landing[e]] += input_increment[win.sources[e]];
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
            // Threshold crossings at t_{k+1} (already reset by the kernel), delivered in ascending order.
            collect_spiking();
            const double t = static_cast<double>(k + 1) * net.dt;
            for (std::size_t j = 0; j < spiking_.size(); ++j) {
                const std::uint32_t i = spiking_[j];
                if (j + kPrefetchAhead < spiking_.size()) prefetch_rows(spiking_[j + kPrefetchAhead]);
                last_spike_step_[i] = k + 1;
                start_refractory(i);
                rec.spike_times.push_back(t);
                rec.spike_ids.push_back(static_cast<std::int32_t>(i));
                deliver(i, k + 1);
            }
            if (!long_refractory_.empty()) top_up_refractory();
            step_ = k + 1;
            record_v(spec, rec);
            step_ = k;
            if ((++poll & 1023u) == 0) check_interrupt();
        }
    }
}

void check_kick_resolution(std::span<const StateKick> kicks, Precision precision, const char* fn) {
    if (precision != Precision::float32) return;
    for (const StateKick& kick : kicks) {
        if (kick.kind != StateKick::Kind::voltage || kick.values.empty()) continue;
        double sum2 = 0.0;
        for (double x : kick.values) sum2 += x * x;
        const double rms = std::sqrt(sum2 / static_cast<double>(kick.values.size()));
        if (rms > 0.0 && rms < 1e-4) {
            throw ConfigError(std::string(fn) + ": a voltage kick of " + format_number(rms) +
                              " mV per neuron is below what precision 'single' resolves near -65 mV (1e-4 mV); use "
                              "precision 'double'");
        }
    }
}

template class BasicTrialState<double>;
template class BasicTrialState<float>;

} // namespace chaoslab
