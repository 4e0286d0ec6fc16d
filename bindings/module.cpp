// luaopen_chaoslab: the ordered list of register calls, then the Lua stdlib on top of them.
#include "module.hpp"

#include "support.hpp"

#include <string>

namespace chaoslab::lua {

namespace {
std::string& stdlib_dir_storage() {
    static std::string dir;
    return dir;
}

// Prepends the stdlib folder to package.path once, so `require "chaoslab.x"` finds stdlib/chaoslab/x.lua.
void add_stdlib_path(lua_State* L) {
    const std::string& dir = stdlib_dir();
    lua_getglobal(L, "package"); // [.., package]
    lua_getfield(L, -1, "path"); // [.., package, path]
    const std::string entry = dir + "/?.lua;" + dir + "/?/init.lua";
    const std::string path = lua_tostring(L, -1) ? lua_tostring(L, -1) : "";
    if (path.find(entry) == std::string::npos) {
        const std::string combined = entry + ";" + path;
        lua_pushstring(L, combined.c_str());
        lua_setfield(L, -3, "path");
    }
    lua_pop(L, 2);
}
} // namespace

void set_stdlib_dir(std::string dir) { stdlib_dir_storage() = std::move(dir); }
const std::string& stdlib_dir() { return stdlib_dir_storage(); }

int open(lua_State* L) {
    lua_newtable(L); // [M]
    const int module = lua_gettop(L);
    register_core(L);
    register_random(L);
    register_array(L);
    register_network(L);
    register_spiking(L);
    register_rate(L);
    register_kick(L);
    register_perturbation(L);
    register_lyapunov(L);
    register_measures(L);
    register_h5(L);
    register_sweep(L);
    register_connectome(L);
    lua_settop(L, module);

    // Make `require "chaoslab"` inside the stdlib return this table while we are still opening.
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // [M, loaded]
    lua_pushvalue(L, module);
    lua_setfield(L, -2, "chaoslab");
    lua_pop(L, 1); // [M]

    if (stdlib_dir().empty()) return luaL_error(L, "chaoslab: the location of the Lua stdlib is not set");
    add_stdlib_path(L);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "chaoslab.prelude");
    lua_call(L, 1, 0); // adds help, printing, ... to M
    lua_settop(L, module);
    return 1;
}

} // namespace chaoslab::lua
