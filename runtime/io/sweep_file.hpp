// The HDF5 file of a sweep (layout in the helper's implementation notes); placeholder header until
// the implementation lands.
#pragma once

#include "io/sweep_table.hpp"

#include <string>

namespace chaoslab {
void write_sweep_file(const std::string& path, const SweepTable& t);
SweepTable read_sweep_file(const std::string& path);
bool is_sweep_file(const std::string& path);
} // namespace chaoslab
