// Rate networks and Lyapunov analysis from Lua (issue 5; in progress).
#include "module.hpp"

namespace chaoslab::lua {

void register_rate(lua_State*) {}

} // namespace chaoslab::lua
