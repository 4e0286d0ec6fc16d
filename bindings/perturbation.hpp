// Lua side of perturbations: the kick constructors (chaoslab.extra_spike{}, voltage_kick{}, state_kick{})
// and chaoslab.perturbation{}, the control/twin protocol with its chaos measures.
#pragma once

#include "network/network.hpp"
#include "sim/engine.hpp"

#include <lua.hpp>

#include <vector>

namespace chaoslab::lua {

inline constexpr char kKickMT[] = "chaoslab.Kick";

// A list of kicks with `at` times (net:run's perturb option) -> engine kicks sorted by step.
std::vector<StateKick> check_timed_kicks(lua_State* L, int idx, const Network& net, double dt_ms);

void register_perturbation(lua_State* L);

} // namespace chaoslab::lua
