// chaoslab.array and friends: construction, 1-based indexing and views, reductions in C++,
// element-wise arithmetic through metamethods, and summarised printing.
#include "convert.hpp"

#include "core/errors.hpp"
#include "support.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace chaoslab::lua {

namespace {

constexpr std::size_t kMaxElements = std::size_t{1} << 36; // 512 GiB: beyond is surely a typo

std::string fmt(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

// 1-based Lua index (negative counts from the end) -> 0-based, or an error naming the index, the
// axis (when axis > 0) and the valid length.
std::size_t to_offset(lua_State* L, int idx, std::size_t length, std::size_t axis = 0) {
    const std::string where = axis ? " for axis " + std::to_string(axis) + " of length " : " for length ";
    lua_Integer i = 0;
    if (lua_isinteger(L, idx)) {
        i = lua_tointeger(L, idx);
    } else {
        const double x = luaL_checknumber(L, idx);
        if (std::floor(x) != x) throw ConfigError("array index must be an integer, got " + format_number(x));
        if (!(std::fabs(x) < 9.0e18)) // also catches inf; casting such a double would be undefined
            throw ConfigError("array index " + format_number(x) + " out of range" + where + std::to_string(length));
        i = static_cast<lua_Integer>(x);
    }
    const auto n = static_cast<lua_Integer>(length);
    const lua_Integer k = i < 0 ? n + i + 1 : i;
    if (k < 1 || k > n)
        throw ConfigError("array index " + std::to_string(i) + " out of range" + where + std::to_string(length));
    return static_cast<std::size_t>(k - 1);
}

std::size_t check_size(std::size_t n) {
    if (n > kMaxElements) throw ConfigError("array of " + std::to_string(n) + " elements is too large");
    return n;
}

// A shape argument: an integer n (1-D) or a table of integers.
Shape check_shape(lua_State* L, int idx) {
    Shape shape;
    if (lua_type(L, idx) == LUA_TTABLE) {
        const std::size_t n = lua_rawlen(L, idx);
        for (std::size_t i = 1; i <= n; ++i) {
            lua_rawgeti(L, idx, static_cast<lua_Integer>(i));
            const double x = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : -1.0;
            const bool ok = lua_type(L, -1) == LUA_TNUMBER && std::floor(x) == x && x <= 1e15;
            const double v = ok ? x : -1.0;
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            if (!ok || v < 0) throw ArgError(idx, "shape entries must be non-negative integers, got " + got);
            shape.push_back(static_cast<std::size_t>(v));
        }
        if (shape.empty()) throw ArgError(idx, "shape must have at least one axis");
    } else if (lua_type(L, idx) == LUA_TNUMBER) {
        shape.push_back(static_cast<std::size_t>(check_int_in(L, idx, 0, static_cast<std::int64_t>(kMaxElements))));
    } else {
        throw ArgError(idx, "shape expected (an integer or a table of integers), got " + type_name(L, idx));
    }
    std::size_t total = 1;
    for (std::size_t d : shape) {
        if (d != 0 && total > kMaxElements / d) throw ArgError(idx, "shape has too many elements");
        total *= d;
    }
    check_size(total);
    return shape;
}

// ---- constructors -----------------------------------------------------------------------------

// The shape of a nested table, read along the first elements ({{1,2},{3,4}} -> {2, 2}).
Shape probe_shape(lua_State* L, int idx) {
    Shape shape{lua_rawlen(L, idx)};
    const int top = lua_gettop(L);
    lua_pushvalue(L, idx);                                               // [.., t]
    while (lua_rawlen(L, -1) > 0 && lua_rawgeti(L, -1, 1) == LUA_TTABLE) // [.., t, t[1]]
        shape.push_back(lua_rawlen(L, -1));
    lua_settop(L, top);
    return shape;
}

// Reads the nested table at idx (depth `depth`) into out, checking it is rectangular.
void read_nested(lua_State* L, int idx, std::size_t depth, const Shape& shape, std::vector<double>& out,
                 const std::string& path) {
    const std::size_t n = lua_rawlen(L, idx);
    if (n != shape[depth])
        throw ConfigError("array: rows must have equal lengths, " + (path.empty() ? "the table" : "element " + path) +
                          " has " + std::to_string(n) + " instead of " + std::to_string(shape[depth]));
    const bool leaf = depth + 1 == shape.size();
    for (std::size_t i = 1; i <= n; ++i) {
        const int t = lua_rawgeti(L, idx, static_cast<lua_Integer>(i)); // [.., v]
        const std::string here = path + "[" + std::to_string(i) + "]";
        if (leaf && t == LUA_TNUMBER)
            out.push_back(lua_tonumber(L, -1));
        else if (!leaf && t == LUA_TTABLE)
            read_nested(L, lua_gettop(L), depth + 1, shape, out, here);
        else if (leaf)
            throw ConfigError("array: element " + here + " must be a number, got " + describe_value(L, -1));
        else
            throw ConfigError("array: element " + here + " must be a table (a row), got " + describe_value(L, -1));
        lua_pop(L, 1);
    }
}

// chaoslab.array(tbl [, shape]) -> Array      (nested tables give N-D arrays)
int array_new(lua_State* L) {
    if (Array* a = test_array(L, 1)) {
        push_array(L, lua_isnoneornil(L, 2) ? a->copy() : a->copy().reshape(check_shape(L, 2)));
        return 1;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    const Shape shape = probe_shape(L, 1);
    std::vector<double> values;
    read_nested(L, 1, 0, shape, values, "");
    Array a = Array::from_vector(std::move(values), shape);
    if (!lua_isnoneornil(L, 2)) a = a.reshape(check_shape(L, 2));
    push_array(L, std::move(a));
    return 1;
}

// chaoslab.zeros(shape) -> Array
int array_zeros(lua_State* L) {
    push_array(L, Array(check_shape(L, 1), 0.0));
    return 1;
}

// chaoslab.ones(shape) -> Array
int array_ones(lua_State* L) {
    push_array(L, Array(check_shape(L, 1), 1.0));
    return 1;
}

// chaoslab.full(shape, x) -> Array
int array_full(lua_State* L) {
    const double x = luaL_checknumber(L, 2);
    push_array(L, Array(check_shape(L, 1), x));
    return 1;
}

// chaoslab.linspace(a, b, n) -> Array
int array_linspace(lua_State* L) {
    const double a = check_finite(L, 1), b = check_finite(L, 2);
    const auto n = static_cast<std::size_t>(check_int_in(L, 3, 1, static_cast<std::int64_t>(kMaxElements)));
    push_array(L, Array::linspace(a, b, n));
    return 1;
}

// chaoslab.range(a, b [, step]) -> Array       (inclusive of b, like Lua's numeric for)
int array_range(lua_State* L) {
    const double a = check_finite(L, 1), b = check_finite(L, 2);
    const double step = lua_isnoneornil(L, 3) ? 1.0 : check_finite(L, 3);
    luaL_argcheck(L, step != 0.0, 3, "step must be non-zero");
    push_array(L, Array::range(a, b, step));
    return 1;
}

// ---- shape and element access -----------------------------------------------------------------

// a:shape() -> {n1, n2, ...}
int array_shape(lua_State* L) {
    const Array& a = check_array(L, 1);
    lua_createtable(L, static_cast<int>(a.ndim()), 0);
    for (std::size_t i = 0; i < a.ndim(); ++i) {
        lua_pushinteger(L, static_cast<lua_Integer>(a.shape()[i]));
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    return 1;
}

// a:ndim() -> integer
int array_ndim(lua_State* L) {
    lua_pushinteger(L, static_cast<lua_Integer>(check_array(L, 1).ndim()));
    return 1;
}

// a:size() -> number of elements
int array_size(lua_State* L) {
    lua_pushinteger(L, static_cast<lua_Integer>(check_array(L, 1).size()));
    return 1;
}

// #a -> length of the first axis
int array_len(lua_State* L) {
    const Array& a = check_array(L, 1);
    lua_pushinteger(L, a.ndim() ? static_cast<lua_Integer>(a.shape()[0]) : 1);
    return 1;
}

// Reads indices idx..idx+ndim-1 as a multi-index.
std::vector<std::size_t> check_index(lua_State* L, const Array& a, int first, int count) {
    if (count != static_cast<int>(a.ndim()))
        throw ConfigError("expected " + std::to_string(a.ndim()) + " indices for a " + std::to_string(a.ndim()) +
                          "-D array, got " + std::to_string(count));
    std::vector<std::size_t> index(a.ndim());
    for (std::size_t d = 0; d < a.ndim(); ++d)
        index[d] = to_offset(L, first + static_cast<int>(d), a.shape()[d], d + 1);
    return index;
}

// a:get(i, j, ...) -> number
int array_get(lua_State* L) {
    const Array& a = check_array(L, 1);
    const auto index = check_index(L, a, 2, lua_gettop(L) - 1);
    lua_pushnumber(L, a.at(index));
    return 1;
}

// a:set(i, j, ..., value)
int array_set(lua_State* L) {
    Array& a = check_array(L, 1);
    const int top = lua_gettop(L);
    const double v = luaL_checknumber(L, top);
    const auto index = check_index(L, a, 2, top - 2);
    a.at(index) = v;
    return 0;
}

// a[i]: a number for 1-D arrays, a row view otherwise; string keys are methods.
int array_index(lua_State* L) {
    if (lua_type(L, 2) == LUA_TSTRING) {
        check_ref_slot<Array>(L, 1, kArrayMT); // a released array still finds its methods, which then say so
        lua_getmetatable(L, 1);                // [a, key, mt]
        lua_getfield(L, -1, "__methods");      // [a, key, mt, methods]
        lua_pushvalue(L, 2);
        lua_rawget(L, -2); // [a, key, mt, methods, method|nil]
        return 1;
    }
    const Array& a = check_array(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER) throw ConfigError("array index must be an integer, got " + describe_value(L, 2));
    if (a.ndim() == 0) throw ConfigError("a 0-D array has no elements to index");
    const std::size_t i = to_offset(L, 2, a.shape()[0]);
    if (a.ndim() == 1) {
        const std::size_t index[1] = {i};
        lua_pushnumber(L, a.at(index));
    } else {
        push_array(L, a.row(i));
    }
    return 1;
}

// a[i] = x (a number, or for N-D a number filling the row or an array of the row's shape)
int array_newindex(lua_State* L) {
    Array& a = check_array(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER)
        throw ConfigError("array index must be an integer, got " + describe_value(L, 2) +
                          " (arrays have no fields to set)");
    if (a.ndim() == 0) throw ConfigError("a 0-D array has no elements to index");
    const std::size_t i = to_offset(L, 2, a.shape()[0]);
    if (a.ndim() == 1) {
        const std::size_t index[1] = {i};
        if (lua_type(L, 3) != LUA_TNUMBER)
            throw ConfigError("array element must be a number, got " + describe_value(L, 3));
        a.at(index) = lua_tonumber(L, 3);
        return 0;
    }
    Array row = a.row(i);
    if (lua_type(L, 3) == LUA_TNUMBER)
        row.fill(lua_tonumber(L, 3));
    else if (Array* src = test_array(L, 3))
        row.assign(*src);
    else
        throw ConfigError("array row must be set from a number or an array, got " + describe_value(L, 3));
    return 0;
}

// a:slice(i [, j [, step]]) -> view of elements i..j (inclusive, 1-based) along the first axis
int array_slice(lua_State* L) {
    const Array& a = check_array(L, 1);
    if (a.ndim() == 0) throw ConfigError("slice: a 0-D array has no axis to slice");
    const std::size_t n = a.shape()[0];
    const lua_Integer step = lua_isnoneornil(L, 4) ? 1 : check_int_in(L, 4, 1, INT64_MAX);
    auto bound = [&](int idx, lua_Integer dflt) {
        lua_Integer v = lua_isnoneornil(L, idx) ? dflt : check_int_in(L, idx, INT64_MIN / 2, INT64_MAX / 2);
        if (v < 0) v += static_cast<lua_Integer>(n) + 1;
        return std::clamp<lua_Integer>(v, 0, static_cast<lua_Integer>(n) + 1);
    };
    const lua_Integer i = std::max<lua_Integer>(bound(2, 1), 1);
    const lua_Integer j = std::min<lua_Integer>(bound(3, static_cast<lua_Integer>(n)), static_cast<lua_Integer>(n));
    const std::size_t begin = static_cast<std::size_t>(i - 1);
    const std::size_t end = j >= i ? static_cast<std::size_t>(j) : begin;
    push_array(L, a.slice(begin, end, static_cast<std::size_t>(step)));
    return 1;
}

// a:transpose() -> view with the axes reversed
int array_transpose(lua_State* L) {
    push_array(L, check_array(L, 1).transpose());
    return 1;
}

// a:reshape(shape) -> view (or copy when a is not contiguous)
int array_reshape(lua_State* L) {
    const Array& a = check_array(L, 1);
    push_array(L, a.reshape(check_shape(L, 2)));
    return 1;
}

// a:copy() -> new contiguous array
int array_copy(lua_State* L) {
    push_array(L, check_array(L, 1).copy());
    return 1;
}

// a:fill(x) -> a
int array_fill(lua_State* L) {
    Array& a = check_array(L, 1);
    a.fill(luaL_checknumber(L, 2));
    lua_settop(L, 1);
    return 1;
}

void push_table(lua_State* L, const Array& a) {
    if (a.ndim() == 0) {
        lua_pushnumber(L, a.flat(0));
        return;
    }
    const std::size_t n = a.shape()[0];
    lua_createtable(L, static_cast<int>(n), 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (a.ndim() == 1) {
            const std::size_t index[1] = {i};
            lua_pushnumber(L, a.at(index));
        } else {
            push_table(L, a.row(i));
        }
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
}

// a:totable() -> nested Lua table (an explicit copy)
int array_totable(lua_State* L) {
    push_table(L, check_array(L, 1));
    return 1;
}

// ---- reductions ---------------------------------------------------------------------------------

// The optional axis/options argument at 2: nothing, an integer axis, or {axis=, ddof=}.
struct ReduceArgs {
    std::optional<std::int64_t> axis; // 1-based
    std::size_t ddof = 0;
};

std::vector<Option<ReduceArgs>> reduce_fields() {
    return {
        integer("axis", &ReduceArgs::axis, "axis to reduce (1-based); omitted: reduce every element",
                Check::positive_integer)
            .shows("all"),
        integer("ddof", &ReduceArgs::ddof, "delta degrees of freedom for var/std (1 gives the sample estimate)",
                Check::non_negative_integer),
    };
}

// One table per method, so that messages name it ("var: option 'ddof' ...").
const OptionTable<ReduceArgs> kSumOptions{"sum", reduce_fields()};
const OptionTable<ReduceArgs> kMeanOptions{"mean", reduce_fields()};
const OptionTable<ReduceArgs> kVarOptions{"var", reduce_fields()};
const OptionTable<ReduceArgs> kStdOptions{"std", reduce_fields()};
const OptionTable<ReduceArgs> kMinOptions{"min", reduce_fields()};
const OptionTable<ReduceArgs> kMaxOptions{"max", reduce_fields()};

ReduceArgs reduce_args(lua_State* L, const Array& a, const OptionTable<ReduceArgs>& options) {
    if (lua_type(L, 2) == LUA_TNUMBER) {
        ReduceArgs r;
        r.axis = check_int_in(L, 2, 1, static_cast<std::int64_t>(std::max<std::size_t>(a.ndim(), 1)));
        return r;
    }
    const ReduceArgs r = options.read(L, 2);
    if (r.axis && *r.axis > static_cast<std::int64_t>(a.ndim())) {
        throw ConfigError(std::string(options.fn()) + ": option 'axis' must be <= " + std::to_string(a.ndim()) +
                          " for this array, got " + std::to_string(*r.axis));
    }
    return r;
}

template <Array::Reduction Op> int reduce_impl(lua_State* L, const OptionTable<ReduceArgs>& options) {
    const Array& a = check_array(L, 1);
    const ReduceArgs r = reduce_args(L, a, options);
    if (r.axis && a.ndim() > 1) {
        push_array(L, a.reduce(static_cast<std::size_t>(*r.axis - 1), Op, r.ddof));
        return 1;
    }
    if (a.size() == 0 && Op != Array::Reduction::sum)
        throw ConfigError(std::string(options.fn()) + ": the array is empty");
    double v = 0.0;
    switch (Op) {
    case Array::Reduction::sum:
        v = a.sum();
        break;
    case Array::Reduction::mean:
        v = a.mean();
        break;
    case Array::Reduction::var:
        v = a.var(r.ddof);
        break;
    case Array::Reduction::std:
        v = std::sqrt(a.var(r.ddof));
        break;
    case Array::Reduction::min:
        v = a.min();
        break;
    case Array::Reduction::max:
        v = a.max();
        break;
    }
    lua_pushnumber(L, v);
    return 1;
}

// a:sum([axis | {axis=}]) -> number or array
int array_sum(lua_State* L) { return reduce_impl<Array::Reduction::sum>(L, kSumOptions); }
// a:mean([axis | {axis=}]) -> number or array
int array_mean(lua_State* L) { return reduce_impl<Array::Reduction::mean>(L, kMeanOptions); }
// a:var([axis | {axis=, ddof=}]) -> number or array
int array_var(lua_State* L) { return reduce_impl<Array::Reduction::var>(L, kVarOptions); }
// a:std([axis | {axis=, ddof=}]) -> number or array
int array_std(lua_State* L) { return reduce_impl<Array::Reduction::std>(L, kStdOptions); }
// a:min([axis | {axis=}]) -> number or array
int array_min(lua_State* L) { return reduce_impl<Array::Reduction::min>(L, kMinOptions); }
// a:max([axis | {axis=}]) -> number or array
int array_max(lua_State* L) { return reduce_impl<Array::Reduction::max>(L, kMaxOptions); }

// Pushes the 1-based position of the first largest (or smallest) element, one index per axis.
int push_extreme_position(lua_State* L, bool largest, const char* fn) {
    const Array& a = check_array(L, 1);
    if (a.size() == 0) throw ConfigError(std::string(fn) + ": the array is empty");
    std::size_t flat = largest ? a.argmax() : a.argmin();
    std::vector<lua_Integer> idx(a.ndim());
    for (std::size_t d = a.ndim(); d-- > 0;) {
        idx[d] = static_cast<lua_Integer>(flat % a.shape()[d]) + 1;
        flat /= a.shape()[d];
    }
    for (lua_Integer i : idx) lua_pushinteger(L, i);
    return static_cast<int>(idx.size());
}

// a:argmax() -> i [, j, ...]
int array_argmax(lua_State* L) { return push_extreme_position(L, true, "argmax"); }

// a:argmin() -> i [, j, ...]
int array_argmin(lua_State* L) { return push_extreme_position(L, false, "argmin"); }

// ---- element-wise ---------------------------------------------------------------------------------

using Bin = Array::BinaryOp;
using Un = Array::UnaryOp;

template <Bin Op> int arith(lua_State* L) {
    Array* a = test_array(L, 1);
    Array* b = test_array(L, 2);
    if (a && b)
        push_array(L, Array::zip(*a, *b, Op));
    else if (a && lua_type(L, 2) == LUA_TNUMBER)
        push_array(L, a->map_scalar(lua_tonumber(L, 2), Op, false));
    else if (b && lua_type(L, 1) == LUA_TNUMBER)
        push_array(L, b->map_scalar(lua_tonumber(L, 1), Op, true));
    else {
        const int bad = a ? 2 : 1;
        throw ConfigError("arithmetic on chaoslab.Array needs a number or an array, got " + describe_value(L, bad));
    }
    return 1;
}

template <Un Op> int unary(lua_State* L) {
    push_array(L, check_array(L, 1).map(Op));
    return 1;
}

// a == b: same shape and equal elements
int array_eq(lua_State* L) {
    const Array* a = test_array(L, 1);
    const Array* b = test_array(L, 2);
    bool eq = a && b && a->shape() == b->shape();
    if (eq) {
        const std::vector<double> x = a->to_vector(), y = b->to_vector();
        eq = x == y;
    }
    lua_pushboolean(L, eq);
    return 1;
}

// ---- printing and lifetime ----------------------------------------------------------------------

void summary_1d(const Array& a, std::string& s) {
    const std::size_t n = a.shape()[0];
    s += "{";
    auto item = [&](std::size_t i) {
        const std::size_t index[1] = {i};
        return fmt(a.at(index));
    };
    if (n <= 10) {
        for (std::size_t i = 0; i < n; ++i) s += (i ? ", " : "") + item(i);
    } else {
        for (std::size_t i = 0; i < 3; ++i) s += item(i) + ", ";
        s += "...";
        for (std::size_t i = n - 3; i < n; ++i) s += ", " + item(i);
    }
    s += "}";
}

// tostring(a): shape plus at most a few values per axis, never the whole array
int array_tostring(lua_State* L) {
    const Ref<Array>& ref = check_ref_slot<Array>(L, 1, kArrayMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Array (released)");
        return 1;
    }
    const Array& a = *ref;
    std::string s = "array";
    if (a.ndim() == 0) {
        s += "(" + fmt(a.flat(0)) + ")";
    } else if (a.ndim() == 1) {
        summary_1d(a, s);
        if (a.shape()[0] > 10) s += " (" + std::to_string(a.shape()[0]) + " elements)";
    } else {
        std::string dims;
        for (std::size_t d = 0; d < a.ndim(); ++d) {
            if (d) dims += 'x';
            dims += std::to_string(a.shape()[d]);
        }
        s += " " + dims;
        if (a.ndim() == 2) {
            const std::size_t rows = a.shape()[0];
            s += " {";
            for (std::size_t i = 0; i < rows; ++i) {
                if (rows > 6 && i == 3) {
                    s += ", ...";
                    i = rows - 3;
                }
                s += i ? ", " : "";
                summary_1d(a.row(i), s);
            }
            s += "}";
        }
    }
    lua_pushstring(L, s.c_str());
    return 1;
}

const luaL_Reg kArrayMeta[] = {
    {"__index", wrap<array_index>},
    {"__newindex", wrap<array_newindex>},
    {"__len", wrap<array_len>},
    {"__tostring", wrap<array_tostring>},
    {"__gc", wrap<gc_ref<Array, kArrayMT>>},
    {"__add", wrap<arith<Bin::add>>},
    {"__sub", wrap<arith<Bin::sub>>},
    {"__mul", wrap<arith<Bin::mul>>},
    {"__div", wrap<arith<Bin::div>>},
    {"__pow", wrap<arith<Bin::pow>>},
    {"__mod", wrap<arith<Bin::mod>>},
    {"__unm", wrap<unary<Un::neg>>},
    {"__eq", wrap<array_eq>},
    {nullptr, nullptr},
};

struct MethodEntry {
    const char* name;
    lua_CFunction f;
    const char* signature;
    const char* summary;
    std::span<const OptionSpec> options = {};
};

const MethodEntry kMethods[] = {
    {"shape", wrap<array_shape>, "a:shape() -> {n1, n2, ...}", "The length of each axis, as a Lua table."},
    {"ndim", wrap<array_ndim>, "a:ndim() -> integer", "The number of axes."},
    {"size", wrap<array_size>, "a:size() -> integer", "The number of elements (#a is the length of the first axis)."},
    {"get", wrap<array_get>, "a:get(i, j, ...) -> number",
     "The element at 1-based indices (one per axis; negative counts from the end)."},
    {"set", wrap<array_set>, "a:set(i, j, ..., x)", "Sets the element at 1-based indices to x."},
    {"slice", wrap<array_slice>, "a:slice(i [, j [, step]]) -> chaoslab.Array",
     "A view (shared storage, no copy) of elements i..j inclusive along the first axis; negative indices count from "
     "the end; j defaults to the end."},
    {"transpose", wrap<array_transpose>, "a:transpose() -> chaoslab.Array", "A view with the axes reversed."},
    {"reshape", wrap<array_reshape>, "a:reshape(shape) -> chaoslab.Array",
     "The same elements in another shape (a view when a is contiguous, else a copy)."},
    {"copy", wrap<array_copy>, "a:copy() -> chaoslab.Array", "A new array with its own storage."},
    {"fill", wrap<array_fill>, "a:fill(x) -> a", "Sets every element (through views too) to x."},
    {"totable", wrap<array_totable>, "a:totable() -> table",
     "A nested Lua table of the values: an explicit copy, use for small data."},
    {"sum", wrap<array_sum>, "a:sum([axis | {axis=}]) -> number | chaoslab.Array",
     "Sum of all elements (pairwise summation), or along one axis.", kSumOptions.specs()},
    {"mean", wrap<array_mean>, "a:mean([axis | {axis=}]) -> number | chaoslab.Array",
     "Arithmetic mean of all elements, or along one axis.", kMeanOptions.specs()},
    {"var", wrap<array_var>, "a:var([axis | {axis=, ddof=}]) -> number | chaoslab.Array",
     "Variance (divides by n - ddof; ddof = 0 by default), or along one axis.", kVarOptions.specs()},
    {"std", wrap<array_std>, "a:std([axis | {axis=, ddof=}]) -> number | chaoslab.Array",
     "Standard deviation (sqrt of var), or along one axis.", kStdOptions.specs()},
    {"min", wrap<array_min>, "a:min([axis | {axis=}]) -> number | chaoslab.Array",
     "Smallest element (NaN if any is NaN).", kMinOptions.specs()},
    {"max", wrap<array_max>, "a:max([axis | {axis=}]) -> number | chaoslab.Array",
     "Largest element (NaN if any is NaN).", kMaxOptions.specs()},
    {"argmin", wrap<array_argmin>, "a:argmin() -> i [, j, ...]",
     "1-based position of the first smallest element, one index per axis."},
    {"argmax", wrap<array_argmax>, "a:argmax() -> i [, j, ...]",
     "1-based position of the first largest element, one index per axis."},
    {"abs", wrap<unary<Un::abs>>, "a:abs() -> chaoslab.Array", "Element-wise absolute value."},
    {"sqrt", wrap<unary<Un::sqrt>>, "a:sqrt() -> chaoslab.Array", "Element-wise square root."},
    {"exp", wrap<unary<Un::exp>>, "a:exp() -> chaoslab.Array", "Element-wise exponential."},
    {"log", wrap<unary<Un::log>>, "a:log() -> chaoslab.Array", "Element-wise natural logarithm."},
    {"tanh", wrap<unary<Un::tanh>>, "a:tanh() -> chaoslab.Array", "Element-wise hyperbolic tangent."},
};

} // namespace

void register_array(lua_State* L) {
    std::vector<luaL_Reg> methods;
    for (const MethodEntry& m : kMethods) methods.push_back({m.name, m.f});
    methods.push_back({nullptr, nullptr});
    new_type(L, kArrayMT, kArrayMeta, methods.data());
    document_type(L, kArrayMT,
                  "N-dimensional row-major array of doubles owned by the runtime. 1-based indexing: a[i] is a "
                  "number (1-D) or a row view (N-D); slices and rows share storage; reductions run in C++; "
                  "+ - * / ^ % work element-wise with numbers and broadcastable arrays.");
    for (const MethodEntry& m : kMethods) {
        lua_pushcfunction(L, m.f);
        document(L, {(std::string(kArrayMT) + ":" + m.name).c_str(), m.signature, m.summary, m.options});
        lua_pop(L, 1);
    }

    set_function(
        L, "array", wrap<array_new>,
        {"chaoslab.array", "array(tbl [, shape]) -> chaoslab.Array",
         "An array from a table of numbers; nested tables give N-D arrays (rows must have equal "
         "lengths). With shape, the values are laid out row-major in that shape. An array argument is copied."});
    set_function(
        L, "zeros", wrap<array_zeros>,
        {"chaoslab.zeros", "zeros(shape) -> chaoslab.Array", "An array of zeros; shape is n or {n1, n2, ...}."});
    set_function(L, "ones", wrap<array_ones>,
                 {"chaoslab.ones", "ones(shape) -> chaoslab.Array", "An array of ones; shape is n or {n1, n2, ...}."});
    set_function(L, "full", wrap<array_full>,
                 {"chaoslab.full", "full(shape, x) -> chaoslab.Array", "An array with every element x."});
    set_function(L, "linspace", wrap<array_linspace>,
                 {"chaoslab.linspace", "linspace(a, b, n) -> chaoslab.Array",
                  "n evenly spaced values from a to b, both included (n >= 1)."});
    set_function(L, "range", wrap<array_range>,
                 {"chaoslab.range", "range(a, b [, step]) -> chaoslab.Array",
                  "a, a+step, ... up to b inclusive, like Lua's numeric for (step defaults to 1, may be negative)."});
}

} // namespace chaoslab::lua
