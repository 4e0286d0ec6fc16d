// Coincidence factor of Kistler, Gerstner & van Hemmen (1997, Neural Comput. 9:1015) between the spike
// trains of a control and a perturbed run, per neuron and averaged (spec seed_algorithms.md 1.5 item 8).
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

// Per neuron: N1 control spikes, N2 perturbed spikes in the window of length T, nu = N2/T, N_coinc the
// pairs matched within delta (greedy two-pointer over the sorted trains, each spike used once).
//   kistler (default): E = 2·nu·delta·N1 (the expected coincidences of a Poisson train of rate nu),
//     gamma = (N_coinc - E)/(N1/2 + N2/2), kistler = gamma/(1 - 2·nu·delta); neurons silent in both runs
//     are left out (0/0), a neuron silent in one run only counts (it has no coincidences).
//   seed (seed HEAD, for its numbers): E = nu·delta·N1 and 1 - nu·delta (the factor 2 is missing), and
//     neurons silent in either run are left out, which biases the mean towards active neurons.
enum class CoincidenceConvention { kistler, seed };

struct CoincidenceOptions {
    double delta_ms = 2.0; // > 0
    double t0_ms = 0.0;    // window [t0, t0 + duration)
    double duration_ms = 0.0;
    CoincidenceConvention convention = CoincidenceConvention::kistler;
};

struct Coincidence {
    double gamma = 0.0;   // mean over counted neurons; NaN if none
    double kistler = 0.0; // mean of gamma/(1 - 2 nu delta) over counted neurons with a positive normaliser
    std::size_t neurons_counted = 0;
    std::vector<double> gamma_per_neuron; // NaN where left out
};

Coincidence coincidence(const SpikeView& control, const SpikeView& perturbed, std::size_t n_neurons,
                        const CoincidenceOptions& options);

} // namespace chaoslab
