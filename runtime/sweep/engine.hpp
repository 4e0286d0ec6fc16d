// The sweep engine: every rank calls run_sweep with the same declaration; rank 0 loads earlier
// progress (HDF5 file + journal), hands points to ranks, journals every finished point, rewrites
// the HDF5 file crash-safely, and finally every rank gets the complete table.
#pragma once

#include "core/errors.hpp"
#include "io/sweep_table.hpp"
#include "parallel/comm.hpp"
#include "sweep/codec.hpp"
#include "sweep/progress.hpp"
#include "sweep/schedule.hpp"

#include <functional>
#include <string>

namespace chaoslab {

struct SweepOptions {
    std::string output;     // HDF5 path; "" keeps the results in memory only (no resume)
    bool overwrite = false; // replace a file that holds a different sweep
    Schedule schedule = Schedule::static_split;
    double checkpoint_s = 60.0; // rewrite the HDF5 file at most this often while running
    ProgressMode progress = ProgressMode::automatic;
    double progress_interval_s = 10.0; // between log lines (not on a terminal)
};

// Computes one point. Errors of the point's own code come back as a failed outcome; an exception
// (interrupt, out of memory) ends the sweep on this rank.
using ComputePoint = std::function<PointOutcome(std::size_t index)>;

// `declared`: identity and provenance of this run, every point pending. Collective over `comm`:
// returns the same table on every rank, or throws the same ConfigError on every rank (a
// different sweep in the file, a damaged journal, ...). Notes go to stderr on rank 0.
SweepTable run_sweep(SweepTable declared, const SweepOptions& options, Comm& comm, const ComputePoint& compute);

// An error that rank 0 shared with every rank (all of them raise it together, so nobody has to
// abort the others).
class SharedError : public ConfigError {
public:
    using ConfigError::ConfigError;
};

// Message tags of the engine's protocol.
inline constexpr int kTagRequest = 101; // worker -> 0: [u8 has_outcome][outcome]
inline constexpr int kTagAssign = 102;  // 0 -> worker: [u8 has_point][u64 point]

} // namespace chaoslab
