// LuaFixture: a fresh lua_State per Catch2 test case, opened the way the executable opens it
// (STYLE.md C10), plus helpers that run snippets and fail the test clearly when they error.
#pragma once

#include <lua.hpp>

#include <memory>
#include <string>

namespace chaoslab::test {

// Chunk name of every snippet: error messages read "test:1: ..." (Lua's "=name" convention).
inline constexpr const char* kChunkName = "=test";

struct LuaFixture {
    LuaFixture();
    LuaFixture(const LuaFixture&) = delete;
    LuaFixture& operator=(const LuaFixture&) = delete;

    lua_State* state() const { return owner_.get(); }

    // "" if the chunk loaded and ran, else the Lua error message (syntax errors included).
    std::string run_error(const char* code);
    // Runs a chunk that must succeed (the test fails with the Lua message otherwise).
    void run(const char* code);
    // Evaluates `return <expr>`; the test fails if it errors or the result has another type.
    double eval_number(const char* expr);
    std::string eval_string(const char* expr);
    bool eval_bool(const char* expr);

private:
    // Loads `code` as chunk "test" and calls it with nresults results; returns the Lua status
    // (the error message is then on the stack top).
    int load_and_call(const char* code, int nresults);
    // Pushes the single value of `return <expr>` or fails the test.
    void eval(const char* expr);

    std::unique_ptr<lua_State, decltype(&lua_close)> owner_;

public:
    lua_State* const L; // the same state as state(), named as in Lua's own sources
};

} // namespace chaoslab::test
