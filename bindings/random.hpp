// Lua side of seeds and distributions, and the converter that lets every per-neuron or
// per-synapse parameter accept a number, a distribution or an array.
#pragma once

#include "core/distribution.hpp"
#include "core/rng.hpp"

#include <lua.hpp>

namespace chaoslab::lua {

inline constexpr char kSeedMT[] = "chaoslab.Seed";
inline constexpr char kDistributionMT[] = "chaoslab.Distribution";

void push_seed(lua_State* L, const Seed& seed);
Seed& check_seed(lua_State* L, int idx);

// A number (constant), a chaoslab.Distribution or a 1-D chaoslab.Array (explicit values).
Distribution check_distribution(lua_State* L, int idx);
// Option `name` of an option table as a distribution (number, distribution or 1-D array);
// `fallback` when absent; "fn: option 'v_th' must be a number, distribution or array, got 'x'".
class Options;
Distribution option_distribution(lua_State* L, const Options& options, const char* name, const Distribution& fallback);

// A stream argument: a name (hashed) or a non-negative integer id; `fallback` when absent.
StreamId check_stream(lua_State* L, int idx, const char* fallback);

} // namespace chaoslab::lua
