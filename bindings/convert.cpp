// The converters declared in convert.hpp: handles, lists, option values and the shared options.
#include "convert.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chaoslab::lua {

// ---- handles ---------------------------------------------------------------------------------

void push_array(lua_State* L, Array a) {
    // Lua's collector only sees the small userdata, not the storage behind it, so a loop making
    // large temporaries would grow memory without bound. Report fresh storage as if Lua had
    // allocated it: the collector then paces itself by the real memory use.
    const std::size_t fresh = a.sole_owner() ? a.storage_bytes() : 0;
    push_ref(L, std::make_shared<Array>(std::move(a)), kArrayMT);
    if (fresh >= std::size_t{64} * 1024)
        lua_gc(L, LUA_GCSTEP, static_cast<int>(std::min<std::size_t>(fresh / 1024, INT32_MAX)));
}

void push_array(lua_State* L, std::vector<double> values, Shape shape) {
    push_array(L, Array::from_vector(std::move(values), std::move(shape)));
}

Array& check_array(lua_State* L, int idx) { return check_object<Array>(L, idx, kArrayMT); }

Array* test_array(lua_State* L, int idx) { return test_object<Array>(L, idx, kArrayMT); }

void push_seed(lua_State* L, const Seed& seed) {
    new (lua_newuserdatauv(L, sizeof(Seed), 0)) Seed(seed); // trivially destructible: no __gc
    luaL_setmetatable(L, kSeedMT);
}

Seed& check_seed(lua_State* L, int idx) { return *static_cast<Seed*>(luaL_checkudata(L, idx, kSeedMT)); }

Distribution check_distribution(lua_State* L, int idx) {
    if (lua_type(L, idx) == LUA_TNUMBER) return Distribution::constant(lua_tonumber(L, idx));
    if (Distribution* d = test_object<Distribution>(L, idx, kDistributionMT)) return *d;
    if (Array* a = test_array(L, idx)) {
        if (a->ndim() != 1)
            throw ArgError(idx, "an array of values must be 1-D, got shape " + Array::shape_text(a->shape()));
        return Distribution::array(std::make_shared<const std::vector<double>>(a->to_vector()));
    }
    throw ArgError(idx, "number, distribution or array expected, got " + type_name(L, idx));
}

StreamId check_stream(lua_State* L, int idx, const char* fallback) {
    if (lua_isnoneornil(L, idx)) return stream_id(fallback);
    if (lua_type(L, idx) == LUA_TSTRING) return stream_id(lua_tostring(L, idx));
    return static_cast<StreamId>(check_int_in(L, idx, 0, INT64_MAX));
}

void push_network(lua_State* L, std::shared_ptr<NetworkHandle> net) { push_ref(L, std::move(net), kNetworkMT); }

std::shared_ptr<NetworkHandle>& check_network(lua_State* L, int idx) {
    auto& ref = check_ref_slot<NetworkHandle>(L, idx, kNetworkMT);
    if (!ref) throw ArgError(idx, std::string(kNetworkMT) + " was released");
    return ref;
}

void push_population(lua_State* L, const std::shared_ptr<NetworkHandle>& net, std::uint32_t index) {
    auto h = std::make_shared<PopulationHandle>();
    h->network = net;
    h->index = index;
    push_ref(L, std::move(h), kPopulationMT);
}

std::shared_ptr<PopulationHandle>& check_population(lua_State* L, int idx) {
    auto& ref = check_ref_slot<PopulationHandle>(L, idx, kPopulationMT);
    if (!ref) throw ArgError(idx, std::string(kPopulationMT) + " was released");
    return ref;
}

void push_kick(lua_State* L, KickHandle kick) { push_ref(L, std::make_shared<KickHandle>(std::move(kick)), kKickMT); }

KickHandle& check_kick(lua_State* L, int idx) { return check_object<KickHandle>(L, idx, kKickMT); }

void push_spikes(lua_State* L, const TrialRecord& rec, double t_from) {
    SpikeTable t = spike_table(rec, t_from);
    lua_createtable(L, 0, 2); // [.., spikes]
    push_array(L, std::move(t.times));
    lua_setfield(L, -2, "times");
    push_array(L, std::move(t.ids));
    lua_setfield(L, -2, "ids");
}

// ---- lists ------------------------------------------------------------------------------------

namespace {

// "<fn>: option '<option>' <msg>", or "<option> <msg>" for a positional argument (no fn).
[[noreturn]] void list_fail(const ListSource& from, const std::string& msg) {
    if (from.fn.empty()) throw ConfigError(from.option + " " + msg);
    throw ConfigError(from.fn + ": option '" + from.option + "' " + msg);
}

// Calls item(value, position) for each element of the list or array at idx, or for a lone number.
template <class Item>
void each_item(lua_State* L, int idx, const ListSource& from, bool scalar, const char* what, Item item) {
    idx = lua_absindex(L, idx);
    if (Array* a = test_array(L, idx)) {
        const std::vector<double> values = a->to_vector();
        for (std::size_t k = 0; k < values.size(); ++k) {
            lua_pushnumber(L, values[k]); // [.., x]
            item(k + 1);
            lua_pop(L, 1);
        }
        return;
    }
    if (scalar && lua_type(L, idx) == LUA_TNUMBER) {
        lua_pushvalue(L, idx); // [.., x]
        item(std::size_t{1});
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, idx)) {
        list_fail(from, std::string("must be a table or array of ") + what + ", got " + describe_value(L, idx));
    }
    const lua_Integer n = luaL_len(L, idx);
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_geti(L, idx, k); // [.., x]
        item(static_cast<std::size_t>(k));
        lua_pop(L, 1);
    }
}

std::string position_text(lua_State* L, std::size_t k) {
    return describe_value(L, -1) + " at position " + std::to_string(k);
}

} // namespace

std::vector<double> read_numbers(lua_State* L, int idx, const ListSource& from, bool scalar) {
    std::vector<double> out;
    each_item(L, idx, from, scalar, "numbers", [&](std::size_t k) {
        if (lua_type(L, -1) != LUA_TNUMBER) list_fail(from, "must hold numbers, got " + position_text(L, k));
        out.push_back(lua_tonumber(L, -1));
    });
    return out;
}

std::vector<std::int64_t> read_integers(lua_State* L, int idx, const ListSource& from, bool scalar) {
    std::vector<std::int64_t> out;
    each_item(L, idx, from, scalar, "integers", [&](std::size_t k) {
        int is_int = 0;
        const lua_Integer x = lua_tointegerx(L, -1, &is_int);
        if (!is_int || lua_type(L, -1) != LUA_TNUMBER)
            list_fail(from, "must hold integers, got " + position_text(L, k));
        out.push_back(x);
    });
    return out;
}

std::vector<std::int64_t> read_ids(lua_State* L, int idx, const ListSource& from, bool scalar) {
    std::vector<std::int64_t> out;
    each_item(L, idx, from, scalar, "ids", [&](std::size_t k) {
        int is_int = 0;
        const lua_Integer x = lua_tointegerx(L, -1, &is_int);
        if (!is_int || lua_type(L, -1) != LUA_TNUMBER)
            list_fail(from, "must hold integer ids, got " + position_text(L, k));
        // 1-based to 0-based; the extremes stay out of range (the runtime reports them) without overflow.
        out.push_back(x == INT64_MIN ? x : x - 1);
    });
    return out;
}

std::vector<std::string> read_strings(lua_State* L, int idx, const ListSource& from) {
    std::vector<std::string> out;
    each_item(L, idx, from, false, "strings", [&](std::size_t k) {
        if (lua_type(L, -1) != LUA_TSTRING) list_fail(from, "must hold strings, got " + position_text(L, k));
        out.emplace_back(lua_tostring(L, -1));
    });
    return out;
}

void push_ids(lua_State* L, std::span<const std::size_t> indices) {
    std::vector<double> ids(indices.size());
    for (std::size_t k = 0; k < indices.size(); ++k) ids[k] = static_cast<double>(indices[k] + 1);
    push_array(L, std::move(ids));
}

void push_integers(lua_State* L, std::span<const std::int64_t> values) {
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    if (std::all_of(values.begin(), values.end(), [](std::int64_t x) { return x >= -kExact && x <= kExact; })) {
        push_array(L, std::vector<double>(values.begin(), values.end()));
        return;
    }
    lua_createtable(L, static_cast<int>(values.size()), 0);
    for (std::size_t k = 0; k < values.size(); ++k) {
        lua_pushinteger(L, static_cast<lua_Integer>(values[k]));
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
}

void push_strings(lua_State* L, std::span<const std::string> values) {
    lua_createtable(L, static_cast<int>(values.size()), 0);
    for (std::size_t k = 0; k < values.size(); ++k) {
        lua_pushlstring(L, values[k].data(), values[k].size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
}

// ---- option values ----------------------------------------------------------------------------

void OptionContext::fail(const std::string& msg) const {
    throw ConfigError(std::string(fn) + ": option '" + name + "' " + msg);
}

namespace detail {

double read_number(const OptionContext& c, Check check) {
    if (lua_type(c.L, c.idx) != LUA_TNUMBER) c.fail("must be a number, got " + c.got());
    const double x = lua_tonumber(c.L, c.idx);
    if (!passes(check, x)) c.fail(std::string("must be ") + check_text(check) + ", got " + format_number(x));
    return x;
}

std::int64_t read_integer(const OptionContext& c, Check check, std::int64_t max) {
    const double x = read_number(c, check);
    if (!std::isfinite(x) || std::floor(x) != x) c.fail("must be an integer, got " + format_number(x));
    // Beyond int64 a cast is undefined; beyond `max` the runtime could not hold it.
    if (!(x <= static_cast<double>(max)) || x < -9223372036854775808.0)
        c.fail("must be <= " + std::to_string(max) + ", got " + format_number(x));
    return lua_isinteger(c.L, c.idx) ? lua_tointeger(c.L, c.idx) : static_cast<std::int64_t>(x);
}

bool read_boolean(const OptionContext& c) {
    if (lua_type(c.L, c.idx) != LUA_TBOOLEAN) c.fail("must be true or false, got " + c.got());
    return lua_toboolean(c.L, c.idx) != 0;
}

std::string read_string(const OptionContext& c) {
    if (lua_type(c.L, c.idx) != LUA_TSTRING) c.fail("must be a string, got " + c.got());
    return lua_tostring(c.L, c.idx);
}

Distribution read_distribution(const OptionContext& c) {
    if (lua_type(c.L, c.idx) == LUA_TNUMBER) {
        const double x = lua_tonumber(c.L, c.idx);
        if (!std::isfinite(x)) c.fail("must be finite, got " + format_number(x));
        return Distribution::constant(x);
    }
    const bool usable = test_object<Distribution>(c.L, c.idx, kDistributionMT) != nullptr ||
                        (test_array(c.L, c.idx) != nullptr && test_array(c.L, c.idx)->ndim() == 1);
    if (!usable) c.fail("must be a number, distribution or 1-D array, got " + c.got());
    return check_distribution(c.L, c.idx);
}

std::string number_text(double x) { return format_number(x); }

std::string distribution_text(const Distribution& d) {
    return d.kind() == Distribution::Kind::constant ? format_number(d.value()) : d.describe();
}

std::string choice_list(std::span<const char* const> names, bool quoted) {
    std::string list;
    for (const char* name : names) {
        if (!list.empty()) list += ", ";
        if (quoted) list += '\'';
        list += name;
        if (quoted) list += '\'';
    }
    return list;
}

void check_keys(lua_State* L, int idx, const char* fn, const std::string& prefix, std::span<const std::string> names) {
    lua_pushnil(L);                 // [.., nil]
    while (lua_next(L, idx) != 0) { // [.., key, value]
        if (lua_type(L, -2) != LUA_TSTRING) {
            // lua_tostring on a number key would corrupt lua_next, so describe a copy.
            const std::string what = describe_value(L, -2);
            lua_pop(L, 2);
            throw ConfigError(std::string(fn) + ": option names must be strings, got " + what +
                              " (a positional value in an option table?)");
        }
        const std::string_view key = lua_tostring(L, -2);
        if (std::find(names.begin(), names.end(), key) == names.end()) {
            std::vector<std::string_view> candidates(names.begin(), names.end());
            std::string msg = std::string(fn) + ": unknown option '" + prefix + std::string(key) + "'";
            const std::string near = suggest(key, candidates);
            if (!near.empty()) msg += " (did you mean '" + prefix + near + "'?)";
            lua_pop(L, 2);
            throw ConfigError(msg);
        }
        lua_pop(L, 1); // [.., key]
    }
}

int push_field(lua_State* L, int idx, const char* name) { return lua_getfield(L, idx, name); }

} // namespace detail

// ---- shared options ----------------------------------------------------------------------------

Seed read_seed(const OptionContext& c) {
    if (lua_type(c.L, c.idx) == LUA_TNUMBER) {
        int is_int = 0;
        const lua_Integer session = lua_tointegerx(c.L, c.idx, &is_int);
        if (!is_int || session < 0) c.fail("must be a chaoslab.Seed or a non-negative integer, got " + c.got());
        return Seed{static_cast<std::uint64_t>(session), 0, 0};
    }
    if (!luaL_testudata(c.L, c.idx, kSeedMT))
        c.fail("must be a chaoslab.Seed or a non-negative integer, got " + c.got());
    return check_seed(c.L, c.idx);
}

TrialSelection read_trials(const OptionContext& c) {
    TrialSelection s;
    if (lua_type(c.L, c.idx) == LUA_TNUMBER) {
        s.count = detail::read_integer(c, Check::integer, INT64_MAX);
        return s;
    }
    s.list = read_integers(c.L, c.idx, c.list());
    return s;
}

std::shared_ptr<NetworkHandle> read_network(const OptionContext& c) {
    if (!luaL_testudata(c.L, c.idx, kNetworkMT)) c.fail("must be a chaoslab.Network, got " + c.got());
    return check_network(c.L, c.idx);
}

} // namespace chaoslab::lua
