// Firing statistics of one run: per-neuron rates, the silent fraction, ISI coefficient of variation and
// spike-count Fano factor (seed 000's spontaneous-activity tests, spec seed_algorithms.md 1.7).
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

struct FiringStatsOptions {
    double t0_ms = 0.0;          // analysed window [t0, t0 + duration)
    double duration_ms = 0.0;    // > 0
    double fano_bin_ms = 10.0;   // spike-count window of the Fano factor (seed: 10 ms), in (0, duration]
    std::size_t min_spikes = 10; // fewer spikes: NaN ISI CV and Fano, left out of the means (seed: >= 10)
};

struct FiringStats {
    std::vector<double> rate_hz; // spikes in the window / duration, per neuron
    double mean_rate_hz = 0.0;   // over all neurons, silent ones included
    double silent_fraction = 0.0;
    std::vector<double> cv_isi; // std/mean (population std) of the ISIs inside the window
    double mean_cv_isi = 0.0;   // over non-NaN neurons; NaN if none
    std::vector<double> fano;   // variance/mean (population) of counts in whole fano_bin windows
    double mean_fano = 0.0;     // over non-NaN neurons; NaN if none
};

FiringStats firing_stats(const SpikeView& spikes, std::size_t n_neurons, const FiringStatsOptions& options);

} // namespace chaoslab
