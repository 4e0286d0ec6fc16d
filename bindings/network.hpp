// Lua side of networks and populations: chaoslab.network{}, net:lif{}, net:connect(), inputs and
// net:run{}, plus the converters the perturbation and measure bindings share.
#pragma once

#include "network/network.hpp"
#include "sim/engine.hpp"

#include <lua.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace chaoslab::lua {

inline constexpr char kNetworkMT[] = "chaoslab.Network";
inline constexpr char kPopulationMT[] = "chaoslab.Population";

// A population as Lua sees it: its network (kept alive) and its index there.
struct PopulationHandle {
    std::shared_ptr<Network> network;
    std::uint32_t index = 0;
    const Population& population() const { return network->populations()[index]; }
};

std::shared_ptr<Network>& check_network(lua_State* L, int idx);

// Neuron ids from a Lua table or array of 1-based integers in [1, n] -> 0-based;
// "fn: option 'neurons' has 0 at position 1, outside 1..1000".
std::vector<std::uint32_t> check_neuron_list(lua_State* L, int idx, std::uint64_t n, const char* fn,
                                             const char* option);

// Pushes {times = Array (ms), ids = Array (1-based)} for the spikes of `rec` with time >= t_from.
void push_spikes(lua_State* L, const TrialRecord& rec, double t_from = -1.0);

// Adds network constructors to the module table at the stack top and registers the types.
void register_network(lua_State* L);

} // namespace chaoslab::lua
