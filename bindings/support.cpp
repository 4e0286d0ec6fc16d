// Implementation of the shared binding machinery declared in support.hpp.
#include "support.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace chaoslab::lua {

namespace detail {
int raise_pending(lua_State* L, int arg) {
    if (arg > 0) return luaL_argerror(L, arg, lua_tostring(L, -1));
    return luaL_error(L, "%s", lua_tostring(L, -1)); // adds "file:line:" of the calling script
}
} // namespace detail

void new_type(lua_State* L, const char* mt, const luaL_Reg* meta, const luaL_Reg* methods) {
    luaL_newmetatable(L, mt); // [mt]  (also sets __name)
    if (meta) luaL_setfuncs(L, meta, 0);
    if (methods) {
        lua_newtable(L); // [mt, methods]
        luaL_setfuncs(L, methods, 0);
        lua_pushvalue(L, -1);             // [mt, methods, methods]
        lua_setfield(L, -3, "__methods"); // [mt, methods]
        if (lua_getfield(L, -2, "__index") == LUA_TNIL) {
            lua_pop(L, 1);
            lua_setfield(L, -2, "__index"); // [mt]
        } else {
            lua_pop(L, 2); // [mt]; the custom __index finds __methods
        }
    }
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

double check_finite(lua_State* L, int idx) {
    const double x = luaL_checknumber(L, idx);
    if (!std::isfinite(x)) {
        lua_pushfstring(L, "number must be finite, got %s", format_number(x).c_str());
        luaL_argerror(L, idx, lua_tostring(L, -1));
    }
    return x;
}

std::int64_t check_int_in(lua_State* L, int idx, std::int64_t lo, std::int64_t hi) {
    lua_Integer v = 0;
    if (lua_isinteger(L, idx)) {
        v = lua_tointeger(L, idx);
    } else {
        const double x = luaL_checknumber(L, idx);
        // The range test comes first: casting a double outside int64 is undefined behaviour.
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0) || std::floor(x) != x) {
            lua_pushfstring(L, "integer expected, got %s", format_number(x).c_str());
            luaL_argerror(L, idx, lua_tostring(L, -1));
        }
        v = static_cast<lua_Integer>(x);
    }
    if (v < lo || v > hi) {
        if (hi == INT64_MAX)
            lua_pushfstring(L, "must be >= %I, got %I", static_cast<lua_Integer>(lo), v);
        else
            lua_pushfstring(L, "must be in [%I, %I], got %I", static_cast<lua_Integer>(lo),
                            static_cast<lua_Integer>(hi), v);
        luaL_argerror(L, idx, lua_tostring(L, -1));
    }
    return v;
}

std::string type_name(lua_State* L, int idx) {
    if (luaL_getmetafield(L, idx, "__name") != LUA_TNIL) { // [.., name]
        std::string name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, idx);
        lua_pop(L, 1);
        return name;
    }
    return luaL_typename(L, idx);
}

std::string describe_value(lua_State* L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return std::to_string(lua_tointeger(L, idx));
        return format_number(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        std::string quoted(1, '\''); // built by appending: "'" + s trips GCC 12's -Wrestrict
        quoted += lua_tostring(L, idx);
        quoted += '\'';
        return quoted;
    }
    case LUA_TBOOLEAN:
        return lua_toboolean(L, idx) ? "true" : "false";
    case LUA_TNIL:
        return "nil";
    default:
        return type_name(L, idx);
    }
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}
} // namespace

std::string suggest(std::string_view key, std::span<const std::string_view> candidates) {
    std::string best;
    std::size_t best_d = 3;
    for (std::string_view c : candidates) {
        std::size_t d = edit_distance(key, c);
        if (key.size() >= 2 && c.starts_with(key)) d = std::min<std::size_t>(d, 1);
        if (d < best_d) {
            best_d = d;
            best = std::string(c);
        }
    }
    return best;
}

// ---- option checks -----------------------------------------------------------------------------

const char* check_text(Check check) {
    switch (check) {
    case Check::any:
        return "a number";
    case Check::finite:
        return "finite";
    case Check::positive:
        return "> 0";
    case Check::non_negative:
        return ">= 0";
    case Check::probability:
        return "in [0, 1]";
    case Check::integer:
        return "an integer";
    case Check::non_negative_integer:
        return "an integer >= 0";
    case Check::positive_integer:
        return "an integer >= 1";
    }
    return "valid";
}

bool passes(Check check, double x) {
    const bool whole = std::isfinite(x) && std::floor(x) == x;
    switch (check) {
    case Check::any:
        return true;
    case Check::finite:
        return std::isfinite(x);
    case Check::positive:
        return std::isfinite(x) && x > 0;
    case Check::non_negative:
        return std::isfinite(x) && x >= 0;
    case Check::probability:
        return x >= 0 && x <= 1;
    case Check::integer:
        return whole;
    case Check::non_negative_integer:
        return whole && x >= 0;
    case Check::positive_integer:
        return whole && x >= 1;
    }
    return false;
}

// ---- docs --------------------------------------------------------------------------------------

namespace {
constexpr const char* kDocsKey = "chaoslab.docs";
}

void push_docs(lua_State* L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, kDocsKey) != LUA_TNIL) return;
    lua_pop(L, 1);
    lua_createtable(L, 0, 2); // [docs]
    lua_newtable(L);
    lua_setfield(L, -2, "names");
    lua_newtable(L); // [docs, values]
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2); // weak keys: docs never keep functions alive
    lua_setfield(L, -2, "values");
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, kDocsKey); // [docs]
}

namespace {
void push_doc_table(lua_State* L, const char* kind, const char* name, const char* signature, const char* summary,
                    std::span<const OptionSpec> options) {
    lua_createtable(L, 0, 5); // [doc]
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "kind");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "name");
    if (signature) {
        lua_pushstring(L, signature);
        lua_setfield(L, -2, "signature");
    }
    lua_pushstring(L, summary);
    lua_setfield(L, -2, "summary");
    lua_createtable(L, static_cast<int>(options.size()), 0); // [doc, opts]
    int i = 0;
    for (const OptionSpec& o : options) {
        lua_createtable(L, 0, 5); // [doc, opts, opt]
        lua_pushstring(L, o.name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, o.unit);
        lua_setfield(L, -2, "unit");
        lua_pushstring(L, o.default_text);
        lua_setfield(L, -2, "default");
        lua_pushstring(L, o.doc);
        lua_setfield(L, -2, "doc");
        if (o.check != Check::any) {
            lua_pushstring(L, check_text(o.check));
            lua_setfield(L, -2, "constraint");
        }
        lua_rawseti(L, -2, ++i); // [doc, opts]
    }
    lua_setfield(L, -2, "options"); // [doc]
}
} // namespace

void document(lua_State* L, const FunctionDoc& doc) {
    const int f = lua_absindex(L, -1);
    push_docs(L);                                                                     // [.., f, docs]
    push_doc_table(L, "function", doc.name, doc.signature, doc.summary, doc.options); // [.., docs, doc]
    lua_getfield(L, -2, "names");                                                     // [.., docs, doc, names]
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, doc.name);
    lua_pop(L, 1);                 // [.., docs, doc]
    lua_getfield(L, -2, "values"); // [.., docs, doc, values]
    lua_pushvalue(L, f);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3); // values[f] = doc
    lua_pop(L, 3);
}

void set_function(lua_State* L, const char* field, lua_CFunction fn, const FunctionDoc& doc) {
    lua_pushcfunction(L, fn); // [tbl, f]
    document(L, doc);
    lua_setfield(L, -2, field); // [tbl]
}

void document_type(lua_State* L, const char* name, const char* summary) {
    push_docs(L);                 // [docs]
    lua_getfield(L, -1, "names"); // [docs, names]
    push_doc_table(L, "type", name, nullptr, summary, {});
    lua_setfield(L, -2, name);
    lua_pop(L, 2);
}

void document_method(lua_State* L, const luaL_Reg* methods, const char* name, const FunctionDoc& doc) {
    for (const luaL_Reg* m = methods; m->name; ++m) {
        if (std::string_view(m->name) == name) {
            lua_pushcfunction(L, m->func);
            document(L, doc);
            lua_pop(L, 1);
        }
    }
}

} // namespace chaoslab::lua
