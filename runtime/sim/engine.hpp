// The time-driven spiking engine: one trial's state (double or single precision) and its advance over
// steps, with exact (or Euler) membrane updates, ring-buffer delays, delivery over outgoing CSR rows.
#pragma once

#include "sim/compiled_network.hpp"
#include "sim/input_window.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace chaoslab {

// What one trial records. Spikes always; the membrane potential of chosen neurons optionally.
struct RecordSpec {
    std::vector<std::uint32_t> v_neurons; // global indices
    std::uint64_t v_every_steps = 1;
};

struct TrialRecord {
    std::vector<double> spike_times;     // ms, ascending (ties: ascending neuron)
    std::vector<std::int32_t> spike_ids; // global neuron index, 0-based
    std::vector<double> v;               // v_neurons.size() x v_times.size(), row-major
    std::vector<double> v_times;         // ms
};

// A perturbation applied to the state at time step·dt, before that step's update.
struct StateKick {
    enum class Kind {
        extra_spike, // the neurons spike now (reset, refractory, delivered) unless they just did
        voltage,     // V += values[k] of neurons[k]
    };
    Kind kind = Kind::extra_spike;
    std::uint64_t step = 0;
    std::vector<std::uint32_t> neurons;
    std::vector<double> values;
};

// Real is the precision of the state (double or float, CompiledNetwork::precision says which the
// network was compiled for); everything recorded is double either way.
template <class Real> class BasicTrialState {
public:
    BasicTrialState(const CompiledNetwork& net, const Seed& trial_seed);

    std::uint64_t step() const { return step_; }
    double time_ms() const { return static_cast<double>(step_) * net_->dt; }
    const Seed& seed() const { return seed_; }

    // Advances to step k_end. `window(w)` returns input window w of this trial (same seed). Kicks
    // whose step falls in [step(), k_end) are applied at their step; they must be sorted by step.
    // Records spikes into rec (and potentials if spec asks), from the current step on.
    void advance(std::uint64_t k_end, const std::function<const InputWindow&(std::uint64_t)>& window,
                 std::span<const StateKick> kicks, const RecordSpec& spec, TrialRecord& rec);

private:
    void refresh_drive(std::uint64_t k);
    void record_v(const RecordSpec& spec, TrialRecord& rec) const;
    void deliver(std::uint32_t neuron, std::uint64_t spike_step);
    void prefetch_rows(std::uint32_t neuron) const;
    Real* ring_slot(std::uint32_t receptor, std::uint64_t step) {
        return ring_.data() + (receptor * std::uint64_t{net_->ring_depth} + step % net_->ring_depth) * net_->n;
    }
    void collect_spiking();
    void start_refractory(std::uint32_t i);
    void top_up_refractory();
    void force_spike(std::uint32_t i, TrialRecord& rec);
    template <int R, bool Delta> void update_neurons(std::uint64_t k);
    void update_neurons_general(std::uint64_t k);

    const CompiledNetwork* net_;
    const StepArrays<Real>* arrays_;
    Seed seed_;
    std::uint64_t step_ = 0;
    std::vector<Real> v_, a_;       // potential, (1 - p22) V_inf
    std::vector<std::uint8_t> ref_; // refractory steps left, at most CompiledNetwork::kRefCountMax
    // Beyond those: the steps still to load into ref_, and the neurons with some (long_refractory).
    std::vector<std::uint32_t> ref_rest_;
    std::vector<std::uint32_t> long_refractory_;
    std::vector<std::vector<Real>> current_; // per receptor (exponential ones), mV/ms
    std::vector<Real> ring_; // arrivals: receptors x ring_depth x n, slot s of receptor r at (r·ring_depth + s)·n
    std::vector<std::uint32_t> exp_receptors_;
    int delta_receptor_ = -1;
    std::vector<std::uint8_t> fired_;            // this step's threshold crossings, one flag per neuron
    std::vector<std::uint32_t> spiking_;         // their indices, ascending
    std::vector<std::uint64_t> last_spike_step_; // for "unless they just did"
    std::size_t next_drive_change_ = 0;
    bool uniform_ = false; // CompiledNetwork::uniform and one drive for all neurons
};

extern template class BasicTrialState<double>;
extern template class BasicTrialState<float>;

// Calls f.template operator()<Real>() with Real the state type of `precision`.
template <class F> decltype(auto) with_precision(Precision precision, F&& f) {
    if (precision == Precision::float32) return f.template operator()<float>();
    return f.template operator()<double>();
}

// A voltage kick (its root mean square over the kicked neurons) that single precision cannot resolve
// near -65 mV is an error, not a silently lost perturbation: 0 < rms < 1e-4 mV with float32.
void check_kick_resolution(std::span<const StateKick> kicks, Precision precision, const char* fn);

} // namespace chaoslab
