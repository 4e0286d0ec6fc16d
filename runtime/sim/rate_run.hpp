// Batches of trials of a rate network (each from its own initial state), integrated in parallel
// over fixed chunks of trials, with the recorder of chosen units' states or rates.
#pragma once

#include "sim/flow_map.hpp"
#include "sim/rate_system.hpp"

#include <cstdint>
#include <vector>

namespace chaoslab {

struct RateRecordSpec {
    std::vector<std::uint32_t> units; // 0-based unit indices; empty = every unit
    double every_ms = 0.0;            // sampling interval (rounded to whole steps); 0 = every step
    bool phi = false;                 // record phi(x) (the rates of the current form) instead of x
};

struct RateRunOptions {
    double duration_ms = 0.0;
    double dt_ms = 0.1;
    FlowMethod method = FlowMethod::euler;
    std::vector<Seed> trials; // one initial state per trial seed
    RateRecordSpec record;
};

struct RateRun {
    std::vector<double> times;               // ms, the sample times (from 0)
    std::size_t units = 0;                   // recorded units
    std::vector<std::vector<double>> traces; // per trial: units x samples, row-major (one row per unit)
    std::vector<std::vector<double>> finals; // per trial: the state at the end (every unit)
};

// Each trial's result is bitwise the same whatever the other trials and the thread count. Errors
// name "run" ("run: option 'duration' must be at least one step (dt = 0.1 ms), got 0.01").
RateRun run_rate_trials(const RateSystem& system, const RateRunOptions& options);

} // namespace chaoslab
