// Shared pieces of the chaoslab executable: protected calls with tracebacks and Ctrl-C
// handling (main.cpp), and the interactive REPL (repl.cpp).
#pragma once

#include <lua.hpp>

namespace chaoslab::host {

// lua_pcall of a function with narg arguments below it, with a traceback message handler and
// SIGINT armed (Ctrl-C raises "interrupted" in Lua code and in native loops).
int docall(lua_State* L, int narg, int nres);

// Prints the error message on the stack top (if any) to stderr and pops it; returns status.
int report(lua_State* L, int status);

// Runs the interactive loop until end of input; returns the exit status.
int run_repl(lua_State* L);

// Switches off strict globals (the REPL runs without them).
void disable_strict(lua_State* L);

} // namespace chaoslab::host
