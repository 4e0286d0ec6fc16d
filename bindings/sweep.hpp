// What the host tells the sweep front-end about this run: provenance for the HDF5 file, batch
// overrides from the command line, and whether a sweep ended with failed points.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chaoslab::lua {

struct RunInfo {
    std::string script_path;              // "" for -e chunks or the REPL
    std::string script_text;              // the script (or -e chunks) as run: stored as provenance
    std::string command_line;             // argv joined by spaces
    std::optional<std::uint64_t> session; // --session: replaces the sweeps' session
    std::string output_dir;               // --output-dir: where relative sweep outputs go
};

void set_run_info(RunInfo info);
const RunInfo& run_info();

// The message of the last error that every rank raised together (a refused sweep), "" if none:
// the host need not abort the other ranks for it.
const std::string& last_shared_error();

// True once a sweep in this process ended with failed points (the host then exits with 1).
bool sweep_failures_seen();

} // namespace chaoslab::lua
