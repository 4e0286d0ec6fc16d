// chaoslab.network{} and the Network and Population types, generic over model families: each
// family's binding file (spiking.cpp, rate.cpp) plugs in its population constructors, connect and
// run with add_family() and add_network_method(); this file knows no family.
#pragma once

#include "convert.hpp"

#include <lua.hpp>

#include <memory>

namespace chaoslab::lua {

// What a model family plugs into chaoslab.Network.
struct FamilyBinding {
    const char* name;      // FamilyNetwork::family(): "spiking", "rate"
    const char* noun;      // in messages: "lif: the network already holds <noun> populations"
    lua_CFunction connect; // net:connect(pre, post, {...}) between populations of this family
    lua_CFunction run;     // net:run{...}
};

// Registers a family with the help of its connect and run. The first family registered is the
// default: net:run of a network without populations is its run, and help(net.connect) shows its
// connect; the others' are documented under their own names ("chaoslab.Network:connect (rate)").
void add_family(lua_State* L, const FamilyBinding& family, const FunctionDoc& connect_doc, const FunctionDoc& run_doc);

// Adds method `name` to chaoslab.Network (the type must be registered) and documents it.
void add_network_method(lua_State* L, const char* name, lua_CFunction f, const FunctionDoc& doc);

// The family network F of a handle, made on first use with the handle's seed; a handle that holds
// another family is an error from `fn` ("rate: the network already holds LIF populations (use
// another network)").
template <class F> F& family_network(NetworkHandle& h, const char* fn);

// A population argument at idx that must belong to the network `net` (ArgError otherwise).
std::uint32_t population_of(lua_State* L, int idx, const std::shared_ptr<NetworkHandle>& net);

namespace detail {
[[noreturn]] void wrong_family(const NetworkHandle& h, const char* fn);
}

template <class F> F& family_network(NetworkHandle& h, const char* fn) {
    // A network whose first population failed to build holds no family yet.
    if (!h.model || (!h.as<F>() && h.model->population_count() == 0)) h.model = std::make_shared<F>(h.seed);
    F* f = h.as<F>();
    if (!f) detail::wrong_family(h, fn);
    return *f;
}


} // namespace chaoslab::lua
