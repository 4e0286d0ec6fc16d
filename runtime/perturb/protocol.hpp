// The perturbation protocol: a control run and perturbed twins that share the control's input noise
// and state up to the perturbation (frozen noise), so a zero-size perturbation gives zero divergence.
#pragma once

#include "network/spiking_network.hpp"
#include "sim/engine.hpp"

#include <cstdint>
#include <vector>

namespace chaoslab {

// What one twin receives at the perturbation time.
struct Kick {
    enum class Kind {
        extra_spike, // one auxiliary spike of each neuron (seed 000)
        voltage,     // V += size mV for each neuron
        state,       // V += size · u, u a random unit vector over the neurons (all if empty)
    };
    Kind kind = Kind::extra_spike;
    std::vector<std::uint32_t> neurons; // global indices
    double size = 0.0;                  // mV (voltage), the norm epsilon in mV (state)
};

struct ProtocolOptions {
    double dt_ms = 0.1;
    double baseline_ms = 50.0; // the perturbation time
    double observe_ms = 500.0; // after it
    std::uint64_t trial = 0;
    Integration method = Integration::exact;
    Precision precision = Precision::float64;
    RecordSpec record;
};

struct ProtocolRun {
    double t_pert_ms = 0.0;
    double end_ms = 0.0;
    TrialRecord control;            // from 0 to the end
    std::vector<TrialRecord> twins; // spikes from the perturbation time on (earlier ones are the control's)
};

// Runs the control to the perturbation time once, then the control and every twin from that state in
// parallel (twins and control share each input window, generated once). The twins' results are
// bitwise independent of the thread count and of which other twins are in the call.
ProtocolRun run_protocol(const SpikingNetwork& net, const ProtocolOptions& options, std::span<const Kick> kicks);

// The engine-level kicks of one Kick at `step`; a state kick's direction comes from
// RandomStream(seed, "perturbation.state_kick", sub = twin).
std::vector<StateKick> state_kicks(const SpikingNetwork& net, const Kick& kick, std::uint64_t step, const Seed& seed,
                                   std::uint64_t twin);

// k distinct neurons of [0, n) drawn from the network structure seed (seed 000: 20 perturbed neurons
// per point, chosen by the point's seed): Floyd's algorithm on stream "perturbation.targets".
// `fn` names the kick in the error for k > n ("voltage_kick: cannot choose 301 distinct neurons from 300").
std::vector<std::uint32_t> draw_targets(const SpikingNetwork& net, std::uint32_t first, std::uint32_t n,
                                        std::uint32_t k, const char* fn = "extra_spike");

} // namespace chaoslab
