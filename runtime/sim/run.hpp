// Batches of independent trials of one network (each with its own input noise and initial state),
// run in parallel over trials: the result of a trial never depends on the batch or the threads.
#pragma once

#include "network/spiking_network.hpp"
#include "sim/engine.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace chaoslab {

struct RunOptions {
    double dt_ms = 0.1;
    double duration_ms = 0.0;
    std::vector<std::uint64_t> trials{0}; // trial numbers: Seed{session, block, trial} of each run
    Integration method = Integration::exact;
    Precision precision = Precision::float64;
    RecordSpec record;
    double v_every_ms = 0.0;  // run_network: sampling interval of record.v_neurons (whole steps); 0 = dt
    double rate_bin_ms = 0.0; // run_network: bin of the population rate; 0 = none
    // Perturbations applied to every trial (sorted by step); each must fall inside the run.
    std::vector<StateKick> kicks;
};

// The trial seed of trial number `trial` of a network.
Seed trial_seed(const SpikingNetwork& net, std::uint64_t trial);

// One record per entry of options.trials, in that order.
std::vector<TrialRecord> run_trials(const SpikingNetwork& net, const RunOptions& options);

// What net:run returns: the trials' records and what is derived from them.
struct SpikingRun {
    std::vector<TrialRecord> trials;
    double duration_ms = 0.0;              // whole steps x dt
    std::vector<double> v_times;           // ms, the potentials' sample times
    std::vector<std::vector<double>> v;    // per trial: recorded neurons x samples (one row per neuron)
    std::vector<double> rate_times;        // ms, bin centres
    std::vector<std::vector<double>> rate; // per trial: population rate (Hz per neuron) per bin
};

// A trial's spikes from t_from on (1e-9 ms slack), as equal-length columns: times (ms) and ids
// numbered from 1, as scripts and files number neurons.
struct SpikeTable {
    std::vector<double> times, ids;
};
SpikeTable spike_table(const TrialRecord& rec, double t_from = -1.0);

// run_trials, with v_every_ms turned into whole steps and the recordings arranged per neuron.
SpikingRun run_network(const SpikingNetwork& net, RunOptions options);

// Population rate (Hz per neuron) of n neurons in bins of bin_ms over [0, duration_ms); a spike at
// the end of a bin (t = k bin, up to rounding) belongs to the bin it closes.
std::vector<double> population_rate(std::span<const double> spike_times, std::uint32_t n, double bin_ms,
                                    double duration_ms);
// The centres of those bins.
std::vector<double> bin_centres(double bin_ms, double duration_ms);

// Checks a duration option ("run: option 'duration' must be > 0 ms, got -5").
void check_duration(double ms, const char* fn, const char* option);

} // namespace chaoslab
