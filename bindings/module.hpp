// The entry point of the chaoslab Lua module, shared by the executable and the binding tests.
#pragma once

#include <lua.hpp>

#include <string>

namespace chaoslab::lua {

// Where the Lua stdlib lives (stdlib/ in the source tree, share/chaoslab/lua when built or
// installed). Must be set before open(); the host derives it from the executable's location.
void set_stdlib_dir(std::string dir);
const std::string& stdlib_dir();

// luaopen_chaoslab: builds the module table, registers every area in order, then loads the
// stdlib prelude. Use with luaL_requiref(L, "chaoslab", open, 1).
int open(lua_State* L);

// Registration of each bound area (one per bindings/<area>.cpp); the module table is on top.
void register_core(lua_State* L);
void register_random(lua_State* L);
void register_array(lua_State* L);
void register_network(lua_State* L); // the Network and Population types (before any family)
void register_spiking(lua_State* L); // the spiking family (first: the default family)
void register_rate(lua_State* L);    // the rate family
void register_kick(lua_State* L);
void register_perturbation(lua_State* L);
void register_lyapunov(lua_State* L);
void register_measures(lua_State* L);
void register_h5(lua_State* L);
void register_sweep(lua_State* L);
void register_connectome(lua_State* L);

} // namespace chaoslab::lua
