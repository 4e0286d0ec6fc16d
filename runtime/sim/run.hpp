// Batches of independent trials of one network (each with its own input noise and initial state),
// run in parallel over trials: the result of a trial never depends on the batch or the threads.
#pragma once

#include "network/network.hpp"
#include "sim/engine.hpp"

#include <cstdint>
#include <vector>

namespace chaoslab {

struct RunOptions {
    double dt_ms = 0.1;
    double duration_ms = 0.0;
    std::vector<std::uint64_t> trials{0}; // trial numbers: Seed{session, block, trial} of each run
    Integration method = Integration::exact;
    Precision precision = Precision::float64;
    RecordSpec record;
    // Perturbations applied to every trial (sorted by step); each must fall inside the run.
    std::vector<StateKick> kicks;
};

// The trial seed of trial number `trial` of a network.
Seed trial_seed(const Network& net, std::uint64_t trial);

// One record per entry of options.trials, in that order.
std::vector<TrialRecord> run_trials(const Network& net, const RunOptions& options);

// Checks a duration option ("run: option 'duration' must be > 0 ms, got -5").
void check_duration(double ms, const char* fn, const char* option);

} // namespace chaoslab
