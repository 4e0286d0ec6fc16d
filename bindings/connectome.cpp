// chaoslab.connectome: reading connectivity files (CSV edge lists, Matrix Market, HDF5 CSR).
// (placeholder: filled in by the connectome work of issue 5)
#include "module.hpp"

namespace chaoslab::lua {

void register_connectome(lua_State*) {}

} // namespace chaoslab::lua
