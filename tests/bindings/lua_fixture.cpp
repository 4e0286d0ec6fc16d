// LuaFixture: opens each test's state through chaoslab::lua::open exactly as the host does, and
// runs snippets under lua_pcall so a Lua error becomes a readable test failure, never an abort.
#include "lua_fixture.hpp"

#include "module.hpp"

#include <catch2/catch.hpp>

#include <string>

#ifndef CHAOSLAB_TEST_STDLIB_DIR
#error "tests/CMakeLists.txt must define CHAOSLAB_TEST_STDLIB_DIR (the stdlib/ folder of the source tree)"
#endif

namespace chaoslab::test {

namespace {

// The host's pmain steps (bindings/host/main.cpp), run protected so a failure is reported.
int open_like_host(lua_State* L) {
    luaL_openlibs(L);
    chaoslab::lua::set_stdlib_dir(CHAOSLAB_TEST_STDLIB_DIR);
    luaL_requiref(L, "chaoslab", chaoslab::lua::open, 1); // [chaoslab]; also global `chaoslab`
    lua_pop(L, 1);
    return 0;
}

std::string error_text(lua_State* L, int idx) {
    const char* msg = lua_tostring(L, idx);
    return msg ? msg : std::string("(error object is a ") + luaL_typename(L, idx) + " value)";
}

std::string type_and_value(lua_State* L, int idx) {
    const char* s = luaL_tolstring(L, idx, nullptr); // [.., s]
    std::string out = std::string(luaL_typename(L, idx)) + " " + (s ? s : "?");
    lua_pop(L, 1);
    return out;
}

} // namespace

LuaFixture::LuaFixture() : owner_(luaL_newstate(), &lua_close), L(owner_.get()) {
    if (!L) FAIL("luaL_newstate() failed");
    lua_pushcfunction(L, open_like_host);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        const std::string msg = error_text(L, -1);
        FAIL("opening the chaoslab module failed: " << msg);
    }
    REQUIRE(lua_gettop(L) == 0);
}

int LuaFixture::load_and_call(const char* code, int nresults) {
    const std::string text(code);
    int status = luaL_loadbuffer(L, text.data(), text.size(), kChunkName); // [f] or [msg]
    if (status == LUA_OK) status = lua_pcall(L, 0, nresults, 0);           // [results] or [msg]
    return status;
}

std::string LuaFixture::run_error(const char* code) {
    const int top = lua_gettop(L);
    std::string msg;
    if (load_and_call(code, 0) != LUA_OK) msg = error_text(L, -1);
    lua_settop(L, top);
    return msg;
}

void LuaFixture::run(const char* code) {
    const std::string msg = run_error(code);
    if (!msg.empty()) FAIL("Lua chunk failed:\n" << code << "\nerror: " << msg);
}

void LuaFixture::eval(const char* expr) {
    const std::string code = std::string("return ") + expr;
    if (load_and_call(code.c_str(), 1) != LUA_OK) {
        const std::string msg = error_text(L, -1);
        lua_pop(L, 1);
        FAIL("Lua expression failed: " << expr << "\nerror: " << msg);
    }
}

double LuaFixture::eval_number(const char* expr) {
    eval(expr); // [v]
    if (lua_type(L, -1) != LUA_TNUMBER) {
        const std::string got = type_and_value(L, -1);
        lua_pop(L, 1);
        FAIL("expected a number from: " << expr << "\ngot: " << got);
    }
    const double x = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return x;
}

std::string LuaFixture::eval_string(const char* expr) {
    eval(expr); // [v]
    if (lua_type(L, -1) != LUA_TSTRING) {
        const std::string got = type_and_value(L, -1);
        lua_pop(L, 1);
        FAIL("expected a string from: " << expr << "\ngot: " << got);
    }
    std::string s(lua_tostring(L, -1), lua_rawlen(L, -1));
    lua_pop(L, 1);
    return s;
}

bool LuaFixture::eval_bool(const char* expr) {
    eval(expr); // [v]
    if (lua_type(L, -1) != LUA_TBOOLEAN) {
        const std::string got = type_and_value(L, -1);
        lua_pop(L, 1);
        FAIL("expected a boolean from: " << expr << "\ngot: " << got);
    }
    const bool b = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return b;
}

} // namespace chaoslab::test
