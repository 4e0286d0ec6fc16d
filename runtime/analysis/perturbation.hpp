// A perturbation experiment of a spiking network (seed 000): the frozen-noise protocol of perturb/
// with the kick plan, then the chaos measures of measures/divergence on its spikes, as columns over
// the twins -- what chaoslab.perturbation{} returns.
#pragma once

#include "measures/divergence.hpp"
#include "perturb/kick_plan.hpp"
#include "perturb/protocol.hpp"

#include <optional>
#include <vector>

namespace chaoslab {

struct PerturbationExperiment {
    ProtocolOptions protocol;   // its trial: see perturbation_trial
    DivergenceOptions measures; // n_neurons and the window are set from the run
    KickPlan kick;
};

struct PerturbationResult {
    std::vector<std::uint32_t> neurons; // the perturbed neuron of each twin (spike and voltage kicks)
    // Per twin.
    std::vector<double> lz, lz_normalized, hamming_slope, differences;
    std::vector<double> hamming;      // twins x bins, row-major
    std::vector<double> hamming_time; // ms from the perturbation, bin centres
    // measures.pattern_stats: per twin.
    std::vector<double> symbol_entropy, spike_entropy, unique_patterns, settling_time;
    // measures.coincidence: per twin.
    std::vector<double> gamma, kistler;
    FiringStats control;                   // over the analysis window
    Dimensionality control_dimensionality; // measures.dimensionality
    double t_pert_ms = 0.0, observe_ms = 0.0;
    ProtocolRun run; // the spikes of the control and the twins
    double seconds_simulate = 0.0, seconds_measure = 0.0;
};

// The trial of an experiment: `trial` if given, else the trial of `seed` (whose session and block
// must be the network's: "perturbation: option 'seed' has session 1, block 2 but the network was
// built with session 3, block 4"), else the network seed's trial.
std::uint64_t perturbation_trial(const Seed& network, const std::optional<Seed>& seed,
                                 const std::optional<std::int64_t>& trial);

PerturbationResult run_perturbation(const SpikingNetwork& net, const PerturbationExperiment& experiment);

} // namespace chaoslab
