// Shared machinery of every binding file: the exception wrapper, userdata handling, argument and
// option-table checks that produce DESIGN.md's error format, and the registry behind help().
#pragma once

#include <lua.hpp>

#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chaoslab::lua {

// A bad positional argument found below the binding function; wrap<> reports it with Lua's
// wording: "bad argument #arg to 'fn' (msg)".
class ArgError : public std::runtime_error {
public:
    ArgError(int arg_index, const std::string& msg) : std::runtime_error(msg), arg(arg_index) {}
    int arg;
};

namespace detail {
int raise_pending(lua_State* L, int arg); // message on the stack top -> Lua error (never returns)
}

// Every registered function goes through wrap<>: C++ exceptions become Lua errors *after* the
// catch block has finished (so no C++ frame is skipped while an exception is live). Lua's own
// errors are not std::exceptions and pass through untouched.
template <lua_CFunction F> int wrap(lua_State* L) {
    int arg = -1;
    try {
        return F(L);
    } catch (const ArgError& e) {
        arg = e.arg;
        lua_pushstring(L, e.what());
    } catch (const std::bad_alloc&) {
        arg = 0;
        lua_pushliteral(L, "not enough memory");
    } catch (const std::exception& e) {
        arg = 0;
        lua_pushstring(L, e.what());
    }
    return detail::raise_pending(L, arg);
}

// ---- userdata: a std::shared_ptr<T> placed inside the Lua block (STYLE.md C3) ---------------

template <class T> using Ref = std::shared_ptr<T>;

// Pushes a new userdata holding `ref` with metatable `mt` (which must be registered).
template <class T> void push_ref(lua_State* L, Ref<T> ref, const char* mt) {
    void* block = lua_newuserdatauv(L, sizeof(Ref<T>), 1);
    new (block) Ref<T>(std::move(ref));
    luaL_setmetatable(L, mt);
}

// The Ref inside a userdata of type `mt` at idx (Lua's "bad argument" error if it is not one).
template <class T> Ref<T>& check_ref_slot(lua_State* L, int idx, const char* mt) {
    return *static_cast<Ref<T>*>(luaL_checkudata(L, idx, mt));
}

// The live object; a released husk raises "bad argument #idx to 'f' (chaoslab.X was released)".
template <class T> T& check_object(lua_State* L, int idx, const char* mt) {
    Ref<T>& ref = check_ref_slot<T>(L, idx, mt);
    if (!ref) {
        lua_pushfstring(L, "%s was released", mt);
        luaL_argerror(L, idx, lua_tostring(L, -1));
    }
    return *ref;
}

// Like check_object but returns nullptr when the value is not of that type; a released object
// of that type is still an error ("chaoslab.X was released"), never mistaken for another type.
template <class T> T* test_object(lua_State* L, int idx, const char* mt) {
    auto* ref = static_cast<Ref<T>*>(luaL_testudata(L, idx, mt));
    if (ref && !*ref) throw ArgError(idx, std::string(mt) + " was released");
    return ref ? ref->get() : nullptr;
}

// __gc: drop the reference and leave a null husk, so later use reports "released" (Luanti).
template <class T, const char* MT> int gc_ref(lua_State* L) {
    Ref<T>& ref = check_ref_slot<T>(L, 1, MT);
    ref.reset();
    return 0;
}

// Creates metatable `mt` with metamethods `meta`, methods table `methods` as __index (unless
// meta already sets __index), and a locked __metatable. Leaves nothing on the stack.
void new_type(lua_State* L, const char* mt, const luaL_Reg* meta, const luaL_Reg* methods);

// ---- checks with Lua's wording ---------------------------------------------------------------

// luaL_checknumber that also rejects NaN and infinities ("number must be finite, got nan").
double check_finite(lua_State* L, int idx);
// An integer-valued number (3 or 3.0) within [lo, hi]; message names the bounds.
std::int64_t check_int_in(lua_State* L, int idx, std::int64_t lo, std::int64_t hi);

// The type name Lua's own messages use: __name for chaoslab objects ("chaoslab.Seed").
std::string type_name(lua_State* L, int idx);

// How a value looks in an error message: numbers as %.14g, strings quoted, else the type name.
std::string describe_value(lua_State* L, int idx);

// The closest name among `candidates` (edit distance <= 2 or a prefix), or "" if none is close.
std::string suggest(std::string_view key, std::span<const std::string_view> candidates);

// ---- option tables (DESIGN.md principle 5, STYLE.md C5) ---------------------------------------

// What a numeric option must satisfy; the text of the error follows from it.
enum class Check { any, finite, positive, non_negative, probability, integer, non_negative_integer, positive_integer };

// One option as help() shows it (convert.hpp's OptionTable makes these from its options).
struct OptionSpec {
    const char* name;
    const char* unit;         // "ms", "mV", "Hz", "" for dimensionless
    const char* default_text; // as shown by help(): "20", "required", "none"
    const char* doc;
    Check check = Check::any;
};

// The text of a constraint, as in "must be > 0".
const char* check_text(Check check);
bool passes(Check check, double x);

// ---- documentation registry behind help() -----------------------------------------------------

struct FunctionDoc {
    const char* name;      // full name: "chaoslab.linspace" or "chaoslab.Array:mean"
    const char* signature; // "linspace(a, b, n) -> chaoslab.Array"
    const char* summary;   // what it does, with units
    std::span<const OptionSpec> options = {};
};

// Records `doc` for the function at the stack top (registry "chaoslab.docs"); keeps the stack.
void document(lua_State* L, const FunctionDoc& doc);
// Sets field `field` of the table at the stack top to `f` and documents it.
void set_function(lua_State* L, const char* field, lua_CFunction f, const FunctionDoc& doc);
// Documents the method `name` of a methods list (the function registered under that name).
void document_method(lua_State* L, const luaL_Reg* methods, const char* name, const FunctionDoc& doc);
// Documents a type ("chaoslab.Array") or a topic with a free-text summary.
void document_type(lua_State* L, const char* name, const char* summary);
// Pushes the docs registry table {names = {...}, values = {...}} (created on first use).
void push_docs(lua_State* L);

} // namespace chaoslab::lua
