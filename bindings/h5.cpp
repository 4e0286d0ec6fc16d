// chaoslab.h5: read any HDF5 file (sweep results included) into tables and arrays, list it, read
// its attributes, and write ad-hoc data. Files are written by rank 0 only unless asked.
#include "convert.hpp"
#include "module.hpp"

#include "core/errors.hpp"
#include "io/h5_tree.hpp"
#include "parallel/comm.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace chaoslab::lua {

namespace {

void push_h5_value(lua_State* L, const H5Value& v) {
    if (v.is_string) {
        if (v.shape.empty()) {
            lua_pushstring(L, v.strings.empty() ? "" : v.strings.front().c_str());
            return;
        }
        lua_createtable(L, static_cast<int>(v.strings.size()), 0);
        for (std::size_t k = 0; k < v.strings.size(); ++k) {
            lua_pushlstring(L, v.strings[k].data(), v.strings[k].size());
            lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
        }
        return;
    }
    if (v.shape.empty()) {
        // HDF5's float64 does not keep Lua's integer/float subtype: a scalar with an integral value
        // (a count such as a sweep's 'ranks') comes back as an integer; -0 stays a float.
        const double x = v.numbers.empty() ? 0.0 : v.numbers.front();
        const bool exact = std::abs(x) < 9007199254740992.0; // 2^53
        const bool whole = exact && x == std::floor(x) && !(x == 0.0 && std::signbit(x));
        if (v.is_integer ? exact : whole) {
            lua_pushinteger(L, static_cast<lua_Integer>(x));
        } else {
            lua_pushnumber(L, x);
        }
        return;
    }
    push_array(L, Array::from_vector(v.numbers, v.shape));
}

void push_node(lua_State* L, const H5Node& node) {
    luaL_checkstack(L, 4, "HDF5 groups nested too deeply");
    if (!node.is_group) {
        push_h5_value(L, node.value);
        return;
    }
    lua_createtable(L, 0, static_cast<int>(node.children.size()));
    for (const H5Node& child : node.children) {
        push_node(L, child);
        lua_setfield(L, -2, child.name.c_str());
    }
}

// A Lua value as a dataset or attribute value; `where` names it in errors ("data.x").
H5Value to_h5_value(lua_State* L, int idx, const std::string& where) {
    H5Value v;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        v.numbers = {lua_tonumber(L, idx)};
    } else if (lua_type(L, idx) == LUA_TSTRING) {
        v.is_string = true;
        v.strings = {lua_tostring(L, idx)};
    } else if (Array* a = test_array(L, idx)) {
        v.shape = a->shape();
        v.numbers = a->to_vector();
    } else {
        throw ConfigError("h5.write: " + where + " must be a number, string, chaoslab.Array or table, got " +
                          type_name(L, idx));
    }
    return v;
}

// A list of strings or of numbers becomes one 1-D dataset; a table with names becomes a group.
H5Node to_node(lua_State* L, int idx, const std::string& where, int depth) {
    idx = lua_absindex(L, idx);
    if (depth > 64) throw ConfigError("h5.write: " + where + " is nested more than 64 levels deep");
    H5Node node;
    if (!lua_istable(L, idx) || test_array(L, idx)) {
        node.value = to_h5_value(L, idx, where);
        return node;
    }
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
    if (n > 0) {
        lua_rawgeti(L, idx, 1);
        const int first = lua_type(L, -1);
        lua_pop(L, 1);
        if (first == LUA_TSTRING || first == LUA_TNUMBER) {
            lua_Integer entries = 0;
            lua_pushnil(L);
            while (lua_next(L, idx)) { // [.., k, v]
                ++entries;
                lua_pop(L, 1);
            }
            if (entries != n)
                throw ConfigError("h5.write: " + where + " mixes a list with named entries; use one or the other");
            node.value.is_string = first == LUA_TSTRING;
            node.value.shape = {static_cast<std::size_t>(n)};
            for (lua_Integer k = 1; k <= n; ++k) {
                lua_rawgeti(L, idx, k);
                if (lua_type(L, -1) != first) {
                    throw ConfigError("h5.write: " + where + " mixes " + lua_typename(L, first) + "s and " +
                                      luaL_typename(L, -1) + "s (item " + std::to_string(k) + ")");
                }
                if (first == LUA_TSTRING) {
                    node.value.strings.emplace_back(lua_tostring(L, -1));
                } else {
                    node.value.numbers.push_back(lua_tonumber(L, -1));
                }
                lua_pop(L, 1);
            }
            return node;
        }
    }
    node.is_group = true;
    lua_pushnil(L);
    while (lua_next(L, idx)) { // [.., k, v]
        if (lua_type(L, -2) != LUA_TSTRING) {
            throw ConfigError("h5.write: " + where + " has a key " + describe_value(L, -2) + "; names must be strings");
        }
        const std::string name = lua_tostring(L, -2);
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
            throw ConfigError("h5.write: name '" + name + "' in " + where + " cannot be empty or contain '/'");
        }
        node.children.push_back(to_node(L, -1, where + "." + name, depth + 1));
        node.children.back().name = name;
        lua_pop(L, 1);
    }
    std::sort(node.children.begin(), node.children.end(),
              [](const H5Node& a, const H5Node& b) { return a.name < b.name; });
    return node;
}

struct WriteCall {
    bool append = false; // mode 'a'
    H5Attributes attributes;
    bool every_rank = false;
};

// Option 'mode': the one mapping of its names, with h5.write's message ("must be \"w\" or \"a\", got \"x\"").
Option<WriteCall> mode_option() {
    static constexpr Choice<bool> kModes[] = {{"w", false}, {"a", true}};
    Option<WriteCall> o = choice("mode", &WriteCall::append, kModes,
                                 "'w' replaces the file (written to a temporary name and renamed: never half-written); "
                                 "'a' adds to or replaces objects of an existing file");
    o.read = [](const OptionContext& c, WriteCall& s) {
        const std::string v = detail::read_string(c);
        for (const Choice<bool>& m : kModes) {
            if (v == m.text) {
                s.append = m.value;
                return;
            }
        }
        c.fail("must be \"w\" or \"a\", got \"" + v + "\"");
    };
    return o;
}

const OptionTable<WriteCall> kWriteOptions{
    "h5.write",
    {
        mode_option(),
        custom<WriteCall>("attributes", "", "none", "attributes of the root group: {name = number | string | array}",
                          [](const OptionContext& c, WriteCall& s) {
                              lua_State* L = c.L;
                              if (!lua_istable(L, c.idx)) c.fail("must be a table {name = value}, got " + c.got());
                              lua_pushnil(L);
                              while (lua_next(L, c.idx)) { // [.., name, value]
                                  if (lua_type(L, -2) != LUA_TSTRING)
                                      c.fail("must have names as keys, got " + describe_value(L, -2));
                                  const std::string name = lua_tostring(L, -2);
                                  s.attributes.emplace_back(name, to_h5_value(L, -1, "attribute " + name));
                                  lua_pop(L, 1);
                              }
                          }),
        flag("every_rank", &WriteCall::every_rank,
             "under mpirun, write from every rank (default: rank 0 only; others return false)"),
    }};

// h5.read(path [, name]) -> table | chaoslab.Array | number | string
int h5_read(lua_State* L) {
    const char* path = luaL_checkstring(L, 1);
    const char* object = luaL_optstring(L, 2, "/");
    push_node(L, chaoslab::h5_read("h5.read", path, object));
    return 1;
}

// h5.attributes(path [, name]) -> table
int h5_attributes(lua_State* L) {
    const char* path = luaL_checkstring(L, 1);
    const char* object = luaL_optstring(L, 2, "/");
    const H5Attributes attrs = h5_read_attributes("h5.attributes", path, object);
    lua_createtable(L, 0, static_cast<int>(attrs.size()));
    for (const auto& [name, value] : attrs) {
        push_h5_value(L, value);
        lua_setfield(L, -2, name.c_str());
    }
    return 1;
}

// h5.write(path, data [, {mode =, attributes =, every_rank =}]) -> boolean
int h5_write(lua_State* L) {
    const char* path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const WriteCall call = kWriteOptions.read(L, 3);
    // Converted on every rank, so a bad table fails the same way whatever the rank.
    H5Node root = to_node(L, 2, "data", 0);
    if (!root.is_group) throw ConfigError("h5.write: data must be a table of names, got a list");
    if (world_rank() != 0 && !call.every_rank) {
        lua_pushboolean(L, 0);
        return 1;
    }
    chaoslab::h5_write("h5.write", path, root, call.append, call.attributes);
    lua_pushboolean(L, 1);
    return 1;
}

// h5.list(path) -> {{name =, kind =, shape =, type =}, ...}
int h5_list(lua_State* L) {
    const char* path = luaL_checkstring(L, 1);
    const std::vector<H5Entry> entries = chaoslab::h5_list("h5.list", path);
    lua_createtable(L, static_cast<int>(entries.size()), 0);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const H5Entry& e = entries[k];
        lua_createtable(L, 0, 4);
        lua_pushstring(L, e.name.c_str());
        lua_setfield(L, -2, "name");
        lua_pushstring(L, e.is_group ? "group" : "dataset");
        lua_setfield(L, -2, "kind");
        lua_pushstring(L, e.type.c_str());
        lua_setfield(L, -2, "type");
        if (!e.is_group) {
            lua_createtable(L, static_cast<int>(e.shape.size()), 0);
            for (std::size_t d = 0; d < e.shape.size(); ++d) {
                lua_pushinteger(L, static_cast<lua_Integer>(e.shape[d]));
                lua_rawseti(L, -2, static_cast<lua_Integer>(d + 1));
            }
            lua_setfield(L, -2, "shape");
        }
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
    return 1;
}

} // namespace

void register_h5(lua_State* L) {
    lua_newtable(L); // [M, h5]
    set_function(L, "read", wrap<h5_read>,
                 {"chaoslab.h5.read", "h5.read(path [, name]) -> table | chaoslab.Array | number | string",
                  "Loads an HDF5 file (or one group or dataset of it, e.g. '/results/lz'): groups become tables, "
                  "numeric datasets of any integer or float type chaoslab arrays of their shape (scalars numbers; "
                  "integral values as Lua integers), string datasets lists of strings (scalars strings), enums "
                  "(a sweep's /status) lists of their names. Units, where the file has them, are in "
                  "h5.attributes(path, name).units. Errors name the file and the missing object."});
    set_function(L, "attributes", wrap<h5_attributes>,
                 {"chaoslab.h5.attributes", "h5.attributes(path [, name]) -> table",
                  "The attributes of the file's root group (or of the named object): a sweep's script, "
                  "command line, session, ranks, times, and 'units' of its datasets. Strings and numbers as "
                  "themselves, lists of strings as tables, numeric arrays as chaoslab arrays."});
    set_function(L, "write", wrap<h5_write>,
                 {"chaoslab.h5.write",
                  "h5.write(path, data [, {mode = 'w', attributes =, every_rank = false}]) -> boolean",
                  "Stores a table: numbers become float64 scalar datasets, strings UTF-8 string datasets, "
                  "chaoslab arrays float64 datasets of their shape, lists of strings or numbers 1-D datasets, "
                  "subtables with names groups. No units are added: store them as attributes. Returns true "
                  "when written, false without writing on MPI ranks other than 0 (unless every_rank).",
                  kWriteOptions.specs()});
    set_function(L, "list", wrap<h5_list>,
                 {"chaoslab.h5.list", "h5.list(path) -> {{name =, kind =, type =, shape =}, ...}",
                  "Every group and dataset of the file (full names, parents first) with kind 'group' or "
                  "'dataset', type ('float64', 'int32', 'string', 'enum', ...) and shape (a list of sizes; "
                  "{} for a scalar). Prints nothing."});
    lua_setfield(L, -2, "h5");
}

} // namespace chaoslab::lua
