// The HDF5 file of a sweep: /params/<axis> (units, grid_values), /results/<key> (one row per point,
// NaN or "" where a point has no result), /status (enum pending/done/failed), /errors, and root
// attributes (format "chaoslab sweep 1", session, id, axes, provenance). Self-explaining in h5dump/h5py.
#pragma once

#include "io/sweep_table.hpp"

#include <string>

namespace chaoslab {

// Writes `t` crash-safely (temporary name, sync, rename): a file at `path` is always complete. A
// table whose parts disagree (lengths, result keys/kinds/shapes, reserved attribute names 'format',
// 'session', 'id', 'axes') is a ConfigError and leaves any old file as it was.
void write_sweep_file(const std::string& path, const SweepTable& t);
// Reads a file written by write_sweep_file back (bitwise values for done points, attributes in their
// order); a missing file or one that is not a chaoslab sweep file is a ConfigError, a damaged one
// an Error naming the file and the object.
SweepTable read_sweep_file(const std::string& path);
// True when `path` is an HDF5 file whose root attribute "format" is "chaoslab sweep 1".
bool is_sweep_file(const std::string& path);

} // namespace chaoslab
