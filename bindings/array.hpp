// Lua side of chaoslab::Array: the chaoslab.Array userdata and its converters for other bindings.
#pragma once

#include "core/array.hpp"

#include <lua.hpp>

namespace chaoslab::lua {

inline constexpr char kArrayMT[] = "chaoslab.Array";

void push_array(lua_State* L, Array a);
// The array at idx (Lua's "chaoslab.Array expected, got X" otherwise).
Array& check_array(lua_State* L, int idx);
// nullptr when the value at idx is not a live array.
Array* test_array(lua_State* L, int idx);
// A shape argument: an integer n (1-D) or a table of integers.
Shape check_shape(lua_State* L, int idx);

// Adds array constructors to the module table at the stack top and registers the type.
void register_array(lua_State* L);

} // namespace chaoslab::lua
