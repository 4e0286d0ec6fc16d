// What makes two sweeps the same sweep (session, id, axes and points) and two result rows the
// same shape of result (keys, kinds, array shapes); the differences read as user messages.
#pragma once

#include "io/sweep_table.hpp"

#include <string>

namespace chaoslab {

// "" when `there` (a file or journal) and `here` (the script) declare the same points, session
// and id; else the first difference, e.g. "session 2 there, 1 here" or "point 17 has g = 0.5
// there, 0.55 here".
std::string identity_difference(const SweepTable& there, const SweepTable& here);

// "" when `row` has the keys, kinds and shapes of `reference`; else what differs, e.g.
// "result 'rate' has shape {20} here but {10} before" or "the result keys are {a, b} here but
// {a, c} before".
std::string row_difference(const ResultRow& reference, const ResultRow& row);
// Whether the two rows have the same set of keys (the part of a result that is identity).
bool same_keys(const ResultRow& a, const ResultRow& b);
std::string key_list(const ResultRow& row); // "{a, b}"

// How a parameter value reads in messages: 0.5, "exc".
std::string describe(const Value& v);

} // namespace chaoslab
