// What the runtime decides about a sweep's results around the engine: the session it runs with,
// where its HDF5 file goes, which keys a result row may use, and how the sweep ended (counts, the
// first failed point and the closing message).
#pragma once

#include "io/sweep_table.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace chaoslab {

// The session a sweep runs with: --session from the command line replaces the script's, and the
// note says so ("sweep: session 7 from the command line (the script says 1)"); "" when they agree.
struct SessionChoice {
    std::uint64_t session = 0;
    std::string note;
};
SessionChoice choose_session(std::uint64_t script, std::optional<std::uint64_t> command_line);

// The HDF5 path of a sweep: `output` as the script gives it, under `output_dir` (--output-dir)
// when it is relative; "" (results in memory only) stays "".
std::string output_path(const std::string& output, const std::string& output_dir);
// Creates the folders of `output` (rank 0, before the sweep starts); throws ConfigError "sweep:
// cannot create the folder <dir> of output <output>: <reason>".
void make_output_folder(const std::string& output);

// The fields of the results table beside the results: no result may take their names.
inline constexpr const char* kReservedResultKeys[] = {"params", "status", "errors", "info"};

// "" when `key` may name a result (a field of the results table and a dataset under /results);
// else why not: "sweep: result key 'status' is reserved (params, status, errors, info)" or
// "sweep: result key 'a/b' cannot be empty or contain '/'".
std::string check_result_key(const std::string& key);
// Sorts a row by key: the order rows are compared, journaled and stored in.
void sort_row(ResultRow& row);

// How a sweep ended.
struct SweepSummary {
    std::size_t points = 0, done = 0, failed = 0, pending = 0;
    std::optional<std::size_t> first_failed; // 0-based
};
SweepSummary summarize(const SweepTable& t);

// Point p (0-based) as messages name it: "point 2 (g = 0.5, syn = \"delta\")".
std::string point_text(const SweepTable& t, std::size_t p);

// The closing message of a sweep with failed points, "" when none failed: "sweep: 3 of 400 points
// failed, see /errors in <output> (first: point 2 (g = 2): <its error>)"; with no output (results
// in memory only) "see results.errors".
std::string failure_message(const SweepTable& t, const SweepSummary& s, const std::string& output);

} // namespace chaoslab
