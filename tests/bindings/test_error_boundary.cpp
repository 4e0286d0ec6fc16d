// The C++/Lua error boundary (STYLE.md C4, C10; Luanti's test_lua.cpp): exceptions thrown inside a
// wrap<>ped function arrive in Lua as errors carrying the message and the script position, the
// C++ frames they skip are unwound (destructors run), and the state stays usable afterwards.
#include "lua_fixture.hpp"

#include "core/errors.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <new>
#include <stdexcept>
#include <string>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using chaoslab::test::LuaFixture;

namespace {

// Set by ~Sentinel; reset by each test before it calls into Lua.
int g_destroyed = 0;

struct Sentinel {
    ~Sentinel() { ++g_destroyed; }
};

// fn(kind [, x]): builds a Sentinel (a C++ object with a destructor), then throws the exception
// named by `kind` -- exactly the situation wrap<> exists for.
int throwing(lua_State* L) {
    const std::string kind = luaL_checkstring(L, 1); // checks first (STYLE.md C4)
    Sentinel guard;
    if (kind == "config") throw chaoslab::ConfigError("config went wrong (tau_m = -5)");
    if (kind == "runtime") throw std::runtime_error("plain runtime_error text");
    if (kind == "arg") throw chaoslab::lua::ArgError(2, "x must be positive, got -1");
    if (kind == "alloc") throw std::bad_alloc();
    if (kind == "numerical") throw chaoslab::NumericalError("rate became nan at t = 3 ms");
    lua_pushinteger(L, 42); // "none": returns normally
    return 1;
}

// checker(x): a Lua error raised by luaL_checknumber inside a wrapped function.
int checking(lua_State* L) {
    const double x = luaL_checknumber(L, 1);
    lua_pushnumber(L, 2 * x);
    return 1;
}

// late(): a Lua error (luaL_error) raised *after* a C++ object with a destructor exists. With Lua
// built as C++ (lua5.4-c++, STYLE.md facts) the error unwinds the C++ frame and ~Sentinel runs.
int late_lua_error(lua_State* L) {
    Sentinel guard;
    return luaL_error(L, "late Lua error after %s", "a destructor-bearing object");
}

void register_test_functions(lua_State* L) {
    lua_register(L, "fn", chaoslab::lua::wrap<throwing>);
    lua_register(L, "checker", chaoslab::lua::wrap<checking>);
    lua_register(L, "late", chaoslab::lua::wrap<late_lua_error>);
}

} // namespace

TEST_CASE_METHOD(LuaFixture, "wrap<> passes results through when nothing throws", "[bindings][boundary]") {
    register_test_functions(L);
    g_destroyed = 0;
    CHECK(eval_number("fn('none')") == 42);
    CHECK(g_destroyed == 1); // the normal return path destroys the guard too
    CHECK(eval_number("checker(21)") == 42);
}

TEST_CASE_METHOD(LuaFixture, "C++ exceptions become Lua errors with message and position", "[bindings][boundary]") {
    register_test_functions(L);
    g_destroyed = 0;

    SECTION("chaoslab::ConfigError") {
        CHECK_THAT(run_error("fn('config')"), Equals("test:1: config went wrong (tau_m = -5)"));
    }
    SECTION("chaoslab::NumericalError") {
        CHECK_THAT(run_error("fn('numerical')"), Equals("test:1: rate became nan at t = 3 ms"));
    }
    SECTION("std::runtime_error") {
        CHECK_THAT(run_error("fn('runtime')"), Equals("test:1: plain runtime_error text"));
    }
    SECTION("std::bad_alloc") { CHECK_THAT(run_error("fn('alloc')"), Equals("test:1: not enough memory")); }
    SECTION("the position is the line of the call, not of the chunk start") {
        CHECK_THAT(run_error("local x = 1\n\nfn('config')"), StartsWith("test:3: config went wrong"));
    }
    CHECK(g_destroyed == 1); // the guard was destroyed exactly once whichever exception flew
}

TEST_CASE_METHOD(LuaFixture, "ArgError is reported with Lua's bad-argument wording", "[bindings][boundary]") {
    register_test_functions(L);
    g_destroyed = 0;
    CHECK_THAT(run_error("fn('arg', -1)"), Equals("test:1: bad argument #2 to 'fn' (x must be positive, got -1)"));
    CHECK(g_destroyed == 1);

    // Through a field of a table the function name is the field name.
    g_destroyed = 0;
    CHECK_THAT(run_error("local t = {g = fn}; t.g('arg', -1)"),
               Equals("test:1: bad argument #2 to 'g' (x must be positive, got -1)"));
    CHECK(g_destroyed == 1);
}

TEST_CASE_METHOD(LuaFixture, "Lua errors inside wrapped functions keep Lua's wording", "[bindings][boundary]") {
    register_test_functions(L);
    CHECK_THAT(run_error("checker('abc')"),
               Equals("test:1: bad argument #1 to 'checker' (number expected, got string)"));
    CHECK_THAT(run_error("checker()"), Equals("test:1: bad argument #1 to 'checker' (number expected, got no value)"));
    CHECK_THAT(run_error("fn()"), Equals("test:1: bad argument #1 to 'fn' (string expected, got no value)"));

    g_destroyed = 0;
    CHECK_THAT(run_error("late()"), Equals("test:1: late Lua error after a destructor-bearing object"));
    CHECK(g_destroyed == 1);
}

TEST_CASE_METHOD(LuaFixture, "errors caught by pcall leave the state usable", "[bindings][boundary]") {
    register_test_functions(L);
    g_destroyed = 0;
    run(R"(
        results = {}
        for _, kind in ipairs { "config", "runtime", "arg", "alloc", "numerical" } do
            local ok, err = pcall(function() fn(kind, 1) end)
            assert(not ok, kind .. " did not raise")
            results[#results + 1] = err
        end
    )");
    CHECK(g_destroyed == 5);
    CHECK_THAT(eval_string("results[1]"), Equals("test:4: config went wrong (tau_m = -5)"));
    CHECK_THAT(eval_string("results[3]"), Equals("test:4: bad argument #2 to 'fn' (x must be positive, got -1)"));
    CHECK_THAT(eval_string("results[4]"), Equals("test:4: not enough memory"));

    // pcall(fn, ...) directly: the caller is pcall itself (a C function), so there is no position.
    CHECK_THAT(eval_string("select(2, pcall(fn, 'config'))"), Equals("config went wrong (tau_m = -5)"));

    // The state still works: new calls, the chaoslab module, and a clean C stack.
    CHECK(lua_gettop(L) == 0);
    CHECK(eval_number("fn('none') + checker(1)") == 44);
    CHECK(eval_number("chaoslab.linspace(0, 1, 3):sum()") == 1.5);
    CHECK(eval_bool("select('#', pcall(error)) == 2"));

    // Many errors in a row do not grow the stack or leak (each one unwinds completely).
    run("for i = 1, 1000 do assert(not pcall(fn, 'runtime')) end");
    CHECK(lua_gettop(L) == 0);
    CHECK(g_destroyed == 5 + 1 + 1 + 1000); // the loop above, pcall(fn), fn('none'), this loop
}

TEST_CASE_METHOD(LuaFixture, "errors through lua_pcall from C leave the state usable", "[bindings][boundary]") {
    register_test_functions(L);
    lua_getglobal(L, "fn");
    lua_pushliteral(L, "config");
    REQUIRE(lua_pcall(L, 1, 0, 0) == LUA_ERRRUN);
    CHECK_THAT(std::string(lua_tostring(L, -1)), Equals("config went wrong (tau_m = -5)"));
    lua_pop(L, 1);
    CHECK(lua_gettop(L) == 0);
    CHECK(run_error("assert(chaoslab.zeros(4):size() == 4)").empty());
}
