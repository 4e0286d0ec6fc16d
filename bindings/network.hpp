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
// help() text of the 'precision' option of net:run and chaoslab.perturbation.
inline constexpr char kPrecisionHelp[] =
    "'double' or 'single': the floating-point type of membrane potentials, currents and arrivals. Single "
    "halves the memory traffic (about 1.6x faster at N = 10^4) and rounds parameters to 7 digits; its "
    "trajectories differ from double's like any rounding of a chaotic run, its statistics do not; voltage "
    "kicks below 1e-4 mV are refused";

// A population as Lua sees it: its network (kept alive), its kind and its index there.
struct PopulationHandle {
    std::shared_ptr<Network> network;
    std::uint32_t index = 0;
    bool rate = false; // a rate population (net:rate) rather than LIF neurons (net:lif)
    const Population& population() const { return network->populations()[index]; }
    const RatePopulation& rate_population() const { return network->rate().populations()[index]; }
};

class Options;

void push_population(lua_State* L, const std::shared_ptr<Network>& net, std::uint32_t index, bool rate = false);
PopulationHandle& check_population_handle(lua_State* L, int idx);
// A required option: "fn: option 'x' is required".
void require(const Options& o, const char* name);
// A list of integers (Lua table or 1-D array) as int64 values.
std::vector<std::int64_t> integer_list(lua_State* L, const Options& o, const char* name);
// Option 'seed': a chaoslab.Seed or an integer session (seed(0) when absent).
Seed seed_option(lua_State* L, const Options& o);
// Option 'trials': a count (trials seed.trial, seed.trial + 1, ...) or a list of trial numbers.
std::vector<std::uint64_t> trials_option(lua_State* L, const Options& o, const Network& net);
// Option 'precision': 'double' (default) or 'single', the floating-point type of a spiking run's state.
Precision precision_option(const Options& o);

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
