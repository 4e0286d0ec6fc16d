// Lua side of rate networks: net:rate{}, net:connect() between rate populations, net:run{} of a rate
// network, and chaoslab.lyapunov (divergence, renormalization, spectrum).
#pragma once

#include <lua.hpp>

namespace chaoslab::lua {

int network_rate(lua_State* L); // net:rate{...}
int rate_connect(lua_State* L); // net:connect(pre, post, {...}) when the populations are rate populations
int rate_run(lua_State* L);     // net:run{...} of a network of rate populations

} // namespace chaoslab::lua
