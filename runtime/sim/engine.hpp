// The time-driven spiking engine: one trial's state and its advance over steps, with exact (or Euler)
// membrane updates, ring-buffer delays, spike delivery over outgoing CSR rows and recording.
#pragma once

#include "sim/compiled_network.hpp"
#include "sim/input_window.hpp"

#include <cstdint>
#include <functional>
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

class TrialState {
public:
    TrialState(const CompiledNetwork& net, const Seed& trial_seed);

    std::uint64_t step() const { return step_; }
    double time_ms() const { return static_cast<double>(step_) * net_->dt; }
    const Seed& seed() const { return seed_; }
    const std::vector<double>& potentials() const { return v_; }

    // Advances to step k_end. `window(w)` returns input window w of this trial (same seed). Kicks
    // whose step falls in [step(), k_end) are applied at their step; they must be sorted by step.
    // Records spikes into rec (and potentials if spec asks), from the current step on.
    void advance(std::uint64_t k_end, const std::function<const InputWindow&(std::uint64_t)>& window,
                 std::span<const StateKick> kicks, const RecordSpec& spec, TrialRecord& rec);

private:
    void refresh_drive(std::uint64_t k);
    void record_v(const RecordSpec& spec, TrialRecord& rec) const;
    void deliver(std::uint32_t neuron, std::uint64_t spike_step);
    void force_spike(std::uint32_t neuron, TrialRecord& rec);
    template <int R, bool Delta> void update_neurons(std::uint64_t k);
    void update_neurons_general(std::uint64_t k);

    const CompiledNetwork* net_;
    Seed seed_;
    std::uint64_t step_ = 0;
    std::vector<double> v_, a_; // potential, (1 - p22) V_inf
    std::vector<float> ref_;    // refractory steps left: whole numbers below 2^24, exact in float, half the bytes
    std::vector<std::vector<double>> current_; // per receptor (exponential ones), mV/ms
    std::vector<std::vector<double>> ring_;    // per receptor: ring_depth x n arrivals
    std::vector<std::uint32_t> exp_receptors_;
    int delta_receptor_ = -1;
    std::vector<std::uint8_t> fired_;            // this step's threshold crossings, one flag per neuron
    std::vector<std::uint64_t> last_spike_step_; // for "unless they just did"
    std::size_t next_drive_change_ = 0;
    bool uniform_ = false; // CompiledNetwork::uniform and one drive for all neurons
};

} // namespace chaoslab
