// chaoslab.version, threads, sleep, type and methods: the runtime's general services.
#include "module.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "parallel/threads.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace chaoslab::lua {

namespace {

// chaoslab.threads([n]) -> n    (OpenMP threads used by parallel kernels)
int core_threads(lua_State* L) {
    if (!lua_isnoneornil(L, 1)) {
        const auto n = check_int_in(L, 1, 1, 1024);
        set_thread_count(static_cast<int>(n));
    }
    lua_pushinteger(L, thread_count());
    return 1;
}

// chaoslab.sleep(ms)    (interruptible with Ctrl-C)
int core_sleep(lua_State* L) {
    const double ms = check_finite(L, 1);
    luaL_argcheck(L, ms >= 0, 1, "duration must be >= 0 ms");
    using Clock = std::chrono::steady_clock;
    const auto end =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(ms));
    while (Clock::now() < end) {
        check_interrupt();
        const Clock::duration left = end - Clock::now();
        std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(5)));
    }
    check_interrupt();
    return 0;
}

// chaoslab.type(x) -> "chaoslab.Array" for chaoslab objects, else Lua's type name
int core_type(lua_State* L) {
    luaL_checkany(L, 1);
    if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) { // [x, mt]
        if (lua_getfield(L, -1, "__name") == LUA_TSTRING) return 1;
        lua_pop(L, 2);
    }
    lua_pushstring(L, luaL_typename(L, 1));
    return 1;
}

// chaoslab.methods(x) -> sorted list of method names of a chaoslab object (empty otherwise)
int core_methods(lua_State* L) {
    luaL_checkany(L, 1);
    std::vector<std::string> names;
    if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) { // [x, mt]
        if (lua_getfield(L, -1, "__methods") == LUA_TTABLE) {        // [x, mt, methods]
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                if (lua_type(L, -2) == LUA_TSTRING) names.emplace_back(lua_tostring(L, -2));
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 2);
    }
    std::sort(names.begin(), names.end());
    lua_createtable(L, static_cast<int>(names.size()), 0);
    for (std::size_t i = 0; i < names.size(); ++i) {
        lua_pushstring(L, names[i].c_str());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    return 1;
}

// chaoslab.clock() -> seconds (monotonic wall clock, for timing; os.clock counts CPU time of all threads)
int core_clock(lua_State* L) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    lua_pushnumber(L, std::chrono::duration<double>(now).count());
    return 1;
}

// chaoslab._docs() -> {names = {...}, values = {...}}  (the registry behind help())
int core_docs(lua_State* L) {
    push_docs(L);
    return 1;
}

} // namespace

void register_core(lua_State* L) {
    lua_pushliteral(L, CHAOSLAB_VERSION);
    lua_setfield(L, -2, "version");
    set_function(L, "threads", wrap<core_threads>,
                 {"chaoslab.threads", "threads([n]) -> n",
                  "Gets or sets the number of OpenMP threads used by parallel kernels (1..1024; the command-line "
                  "option --threads and OMP_NUM_THREADS set it at start). Results do not depend on it."});
    set_function(L, "sleep", wrap<core_sleep>,
                 {"chaoslab.sleep", "sleep(ms)", "Waits ms milliseconds; Ctrl-C interrupts it."});
    set_function(
        L, "type", wrap<core_type>,
        {"chaoslab.type", "type(x) -> string",
         "The type name of x: 'chaoslab.Array', 'chaoslab.Seed', ... for chaoslab objects, else Lua's type()."});
    set_function(L, "methods", wrap<core_methods>,
                 {"chaoslab.methods", "methods(x) -> {name, ...}",
                  "Sorted method names of a chaoslab object (an empty table for other values)."});
    set_function(L, "clock", wrap<core_clock>,
                 {"chaoslab.clock", "clock() -> seconds",
                  "A monotonic wall clock in seconds, for timing (os.clock adds up the CPU time of all threads)."});
    set_function(L, "_docs", wrap<core_docs>,
                 {"chaoslab._docs", "_docs() -> {names = {...}, values = {...}}",
                  "The documentation registry behind help(): docs by full name and by function value."});
}

} // namespace chaoslab::lua
