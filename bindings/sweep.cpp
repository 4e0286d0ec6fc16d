// chaoslab.sweep{...}: the Lua front-end of the sweep engine (runtime/sweep/engine):
// declares points from axes or a list, calls the script's run(point, ctx) for the points this
// rank is given, and returns the gathered results on every rank. Also chaoslab.rank()/ranks().
#include "sweep.hpp"

#include "array.hpp"
#include "module.hpp"
#include "random.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "parallel/comm.hpp"
#include "sweep/engine.hpp"
#include "sweep/identity.hpp"
#include "parallel/threads.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace chaoslab::lua {

namespace {

RunInfo& run_info_slot() {
    static RunInfo info;
    return info;
}
bool g_failures_seen = false;
std::string g_shared_error;

const OptionSpec kSweepOptions[] = {
    {"params", "", "none",
     "grid axes: {name = values, ...}; values a chaoslab.Array, a list of numbers or of "
     "strings; the grid is their product (first axis of 'order' slowest)"},
    {"points", "", "none", "instead of params: a list of points, each a table {name = value, ...}"},
    {"order", "", "axis names sorted", "axis order (a list of the axis names): first is slowest in the grid"},
    {"run", "", "required",
     "function(point, ctx) -> table of results (numbers, strings, chaoslab arrays of a "
     "fixed shape per key); ctx = {index, block, seed, rank, ranks, points}"},
    {"session", "", "1", "seed session; each point's ctx.seed is seed{session = session, block = index}",
     Check::non_negative_integer},
    {"output", "", "none",
     "HDF5 file of the sweep (written by rank 0; resumes a killed sweep); none: results "
     "in memory only"},
    {"id", "", "''",
     "version string: part of the sweep's identity, so a changed experiment is not resumed "
     "into an old file"},
    {"overwrite", "", "false", "replace an output file that holds a different sweep"},
    {"schedule", "", "'static'",
     "'static' (point j of the pending ones on rank j % ranks) or 'dynamic' (the next "
     "point to the first free rank: for uneven point costs)"},
    {"units", "", "none", "units of axes and results, {name = 'ms', ...}: stored as 'units' attributes"},
    {"checkpoint", "s", "60",
     "rewrite the HDF5 file at most this often while running (the journal has every "
     "finished point at once)",
     Check::positive},
    {"progress", "", "true", "true: a live bar on a terminal, log lines otherwise; 'bar', 'log', or false"},
    {"progress_interval", "s", "10", "time between progress log lines", Check::positive},
};

constexpr const char* kReserved[] = {"params", "status", "errors", "info"};

[[noreturn]] void fail(const std::string& msg) { throw ConfigError("sweep: " + msg); }

bool valid_name(const std::string& s) {
    return !s.empty() && s.find('/') == std::string::npos && s != "." && s != "..";
}

// One parameter value at idx: a finite number or a string.
Value param_value(lua_State* L, int idx, const std::string& where) {
    if (lua_type(L, idx) == LUA_TNUMBER) {
        const double x = lua_tonumber(L, idx);
        if (!std::isfinite(x)) fail(where + " must be finite, got " + format_number(x));
        return Value::of(x);
    }
    if (lua_type(L, idx) == LUA_TSTRING) return Value::of(std::string(lua_tostring(L, idx)));
    fail(where + " must be a number or a string, got " + describe_value(L, idx));
}

// The values of one axis: an array, a list of numbers/strings, or a single value.
std::vector<Value> axis_values(lua_State* L, int idx, const std::string& axis) {
    std::vector<Value> values;
    const std::string where = "axis '" + axis + "'";
    if (Array* a = test_array(L, idx)) {
        if (a->ndim() != 1) fail(where + " must be a 1-D array, got " + std::to_string(a->ndim()) + "-D");
        for (std::size_t k = 0; k < a->size(); ++k) {
            const double x = a->flat(k);
            if (!std::isfinite(x))
                fail(where + " value " + std::to_string(k + 1) + " must be finite, got " + format_number(x));
            values.push_back(Value::of(x));
        }
    } else if (lua_type(L, idx) == LUA_TTABLE) {
        const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
        for (lua_Integer k = 1; k <= n; ++k) {
            lua_rawgeti(L, idx, k); // [.., v]
            values.push_back(param_value(L, -1, where + " value " + std::to_string(k)));
            lua_pop(L, 1);
            if (values.back().kind != values.front().kind) fail(where + " mixes numbers and strings");
        }
    } else {
        values.push_back(param_value(L, idx, where));
    }
    if (values.empty()) fail(where + " is empty");
    return values;
}

// Axis names from option 'order' (must be exactly the given names) or sorted.
std::vector<std::string> axis_order(lua_State* L, const Options& o, std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    if (o.push("order") == LUA_TNIL) {
        lua_pop(L, 1);
        return names;
    }
    if (!lua_istable(L, -1)) o.fail("order", "must be a list of the axis names, got " + describe_value(L, -1));
    std::vector<std::string> order;
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_rawgeti(L, -1, k);
        if (lua_type(L, -1) != LUA_TSTRING) o.fail("order", "must list axis names, got " + describe_value(L, -1));
        order.emplace_back(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    std::vector<std::string> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != names) {
        std::string have;
        for (const auto& s : names) have += (have.empty() ? "" : ", ") + s;
        o.fail("order", "must list each axis once (" + have + ")");
    }
    return order;
}

void declare_grid(lua_State* L, const Options& o, SweepTable& t) {
    o.push("params"); // [.., params]
    const int params = lua_gettop(L);
    if (!lua_istable(L, params))
        o.fail("params", "must be a table {axis = values, ...}, got " + describe_value(L, params));
    std::vector<std::string> names;
    lua_pushnil(L);
    while (lua_next(L, params)) { // [.., params, k, v]
        if (lua_type(L, -2) != LUA_TSTRING)
            o.fail("params", "must have axis names as keys, got " + describe_value(L, -2));
        std::string name = lua_tostring(L, -2);
        if (!valid_name(name)) fail("axis name '" + name + "' cannot be empty or contain '/'");
        names.push_back(std::move(name));
        lua_pop(L, 1);
    }
    if (names.empty()) o.fail("params", "has no axes");
    t.axes = axis_order(L, o, names);
    std::size_t points = 1;
    for (const std::string& axis : t.axes) {
        lua_getfield(L, params, axis.c_str());
        t.grid.push_back(axis_values(L, -1, axis));
        lua_pop(L, 1);
        if (points > (std::size_t{1} << 32) / t.grid.back().size()) fail("the grid has more than 2^32 points");
        points *= t.grid.back().size();
    }
    lua_pop(L, 1);
    // Row-major product: the last axis varies fastest.
    t.params.assign(t.axes.size(), {});
    for (std::size_t p = 0; p < points; ++p) {
        std::size_t rest = p;
        for (std::size_t a = t.axes.size(); a-- > 0;) {
            const std::size_t n = t.grid[a].size();
            t.params[a].push_back(t.grid[a][rest % n]);
            rest /= n;
        }
    }
}

void declare_points(lua_State* L, const Options& o, SweepTable& t) {
    o.push("points"); // [.., points]
    const int list = lua_gettop(L);
    const lua_Integer n = lua_istable(L, list) ? static_cast<lua_Integer>(lua_rawlen(L, list)) : 0;
    if (n == 0) o.fail("points", "must be a non-empty list of tables, got " + describe_value(L, list));
    std::vector<std::string> first_keys;
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_rawgeti(L, list, k); // [.., points, point]
        if (!lua_istable(L, -1)) fail("point " + std::to_string(k) + " must be a table, got " + describe_value(L, -1));
        std::vector<std::string> keys;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                fail("point " + std::to_string(k) + " has a non-name key " + describe_value(L, -2));
            keys.emplace_back(lua_tostring(L, -2));
            lua_pop(L, 1);
        }
        std::sort(keys.begin(), keys.end());
        if (k == 1) {
            if (keys.empty()) fail("point 1 has no parameters");
            for (const auto& name : keys) {
                if (!valid_name(name)) fail("axis name '" + name + "' cannot be empty or contain '/'");
            }
            first_keys = keys;
            t.axes = axis_order(L, o, keys);
            t.params.assign(t.axes.size(), {});
        } else if (keys != first_keys) {
            std::string a, b;
            for (const auto& s : keys) a += (a.empty() ? "" : ", ") + s;
            for (const auto& s : first_keys) b += (b.empty() ? "" : ", ") + s;
            fail("point " + std::to_string(k) + " has parameters {" + a + "} but point 1 has {" + b + "}");
        }
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            lua_getfield(L, -1, t.axes[a].c_str());
            t.params[a].push_back(param_value(L, -1, "point " + std::to_string(k) + " " + t.axes[a]));
            lua_pop(L, 1);
            if (t.params[a].back().kind != t.params[a].front().kind)
                fail("axis '" + t.axes[a] + "' mixes numbers and strings");
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

// The result table at idx as a row (sorted keys); "" or the reason it is not a valid result.
std::string read_row(lua_State* L, int idx, ResultRow& row) {
    if (!lua_istable(L, idx) || test_array(L, idx)) {
        return "sweep: run must return a table of results, got " + describe_value(L, idx);
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) { // [.., k, v]
        if (lua_type(L, -2) != LUA_TSTRING) {
            const std::string key = describe_value(L, -2);
            lua_pop(L, 2);
            return "sweep: run returned a result with key " + key + "; result keys must be names";
        }
        const std::string key = lua_tostring(L, -2);
        if (std::find(std::begin(kReserved), std::end(kReserved), key) != std::end(kReserved)) {
            lua_pop(L, 2);
            return "sweep: result key '" + key + "' is reserved (params, status, errors, info)";
        }
        if (!valid_name(key)) {
            lua_pop(L, 2);
            return "sweep: result key '" + key + "' cannot be empty or contain '/'";
        }
        if (lua_type(L, -1) == LUA_TNUMBER) {
            row.emplace_back(key, Value::of(lua_tonumber(L, -1)));
        } else if (lua_type(L, -1) == LUA_TSTRING) {
            row.emplace_back(key, Value::of(std::string(lua_tostring(L, -1))));
        } else if (Array* a = test_array(L, -1)) {
            row.emplace_back(key, Value::of(a->shape(), a->to_vector()));
        } else {
            const std::string what = type_name(L, -1);
            lua_pop(L, 2);
            return "sweep: result '" + key + "' is a " + what + "; results hold numbers, strings and chaoslab arrays";
        }
        lua_pop(L, 1);
    }
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return "";
}

void push_value(lua_State* L, const Value& v) {
    switch (v.kind) {
    case Value::Kind::number:
        // Whole numbers come back as Lua integers, as the script wrote them ("n" .. 3 is "n3").
        if (v.number == std::floor(v.number) && std::abs(v.number) < 9007199254740992.0) {
            lua_pushinteger(L, static_cast<lua_Integer>(v.number));
        } else {
            lua_pushnumber(L, v.number);
        }
        break;
    case Value::Kind::string:
        lua_pushlstring(L, v.text.data(), v.text.size());
        break;
    case Value::Kind::array:
        push_array(L, Array::from_vector(v.data, v.shape));
        break;
    }
}

// A column of values: an array for numbers, a list for strings.
void push_column(lua_State* L, const std::vector<Value>& values) {
    if (!values.empty() && values.front().kind == Value::Kind::string) {
        lua_createtable(L, static_cast<int>(values.size()), 0);
        for (std::size_t p = 0; p < values.size(); ++p) {
            push_value(L, values[p]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
        }
        return;
    }
    std::vector<double> x(values.size());
    for (std::size_t p = 0; p < values.size(); ++p) x[p] = values[p].number;
    push_array(L, Array::from_vector(std::move(x)));
}

// results.<key>: one row per point; points without results hold NaN (numbers) or "" (strings).
void push_result_column(lua_State* L, const SweepTable& t, std::size_t k, const Value& like) {
    if (like.kind == Value::Kind::string) {
        const std::vector<std::string> s = text_column(t, k);
        lua_createtable(L, static_cast<int>(s.size()), 0);
        for (std::size_t p = 0; p < s.size(); ++p) {
            lua_pushlstring(L, s[p].data(), s[p].size());
            lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
        }
        return;
    }
    Shape shape{t.n_points()};
    shape.insert(shape.end(), like.shape.begin(), like.shape.end());
    push_array(L, Array::from_vector(number_column(t, k, like), shape));
}

void push_results(lua_State* L, const SweepTable& t, const std::string& output) {
    lua_newtable(L); // [.., results]
    lua_newtable(L);
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
        push_column(L, t.params[a]);
        lua_setfield(L, -2, t.axes[a].c_str());
    }
    lua_setfield(L, -2, "params");
    if (const ResultRow* ref = first_done_row(t)) {
        for (std::size_t k = 0; k < ref->size(); ++k) {
            push_result_column(L, t, k, (*ref)[k].second);
            lua_setfield(L, -2, (*ref)[k].first.c_str());
        }
    }
    std::size_t done = 0, failed = 0;
    lua_createtable(L, static_cast<int>(t.n_points()), 0);
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        lua_pushstring(L, status_name(t.status[p]));
        lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
        done += t.status[p] == PointStatus::done;
        failed += t.status[p] == PointStatus::failed;
    }
    lua_setfield(L, -2, "status");
    lua_createtable(L, static_cast<int>(t.n_points()), 0);
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        lua_pushstring(L, t.errors[p].c_str());
        lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
    }
    lua_setfield(L, -2, "errors");
    lua_newtable(L); // [.., results, info]
    lua_createtable(L, static_cast<int>(t.axes.size()), 0);
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
        lua_pushstring(L, t.axes[a].c_str());
        lua_rawseti(L, -2, static_cast<lua_Integer>(a + 1));
    }
    lua_setfield(L, -2, "axes");
    if (!t.grid.empty()) {
        lua_newtable(L);
        lua_createtable(L, static_cast<int>(t.axes.size()), 0);
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            push_column(L, t.grid[a]);
            lua_setfield(L, -3, t.axes[a].c_str());
            lua_pushinteger(L, static_cast<lua_Integer>(t.grid[a].size()));
            lua_rawseti(L, -2, static_cast<lua_Integer>(a + 1));
        }
        lua_setfield(L, -2, "shape");
        lua_setfield(L, -2, "grid");
    }
    lua_pushinteger(L, static_cast<lua_Integer>(t.n_points()));
    lua_setfield(L, -2, "points");
    lua_pushinteger(L, static_cast<lua_Integer>(done));
    lua_setfield(L, -2, "done");
    lua_pushinteger(L, static_cast<lua_Integer>(failed));
    lua_setfield(L, -2, "failed");
    lua_pushinteger(L, static_cast<lua_Integer>(t.session));
    lua_setfield(L, -2, "session");
    // The units option, so figures and reports label axes without being told again.
    lua_createtable(L, 0, static_cast<int>(t.units.size()));
    for (const auto& [name, unit] : t.units) {
        lua_pushstring(L, unit.c_str());
        lua_setfield(L, -2, name.c_str());
    }
    lua_setfield(L, -2, "units");
    if (!output.empty()) {
        lua_pushstring(L, output.c_str());
        lua_setfield(L, -2, "output");
    }
    lua_setfield(L, -2, "info");
}

bool is_interrupt(const std::string& msg) {
    const std::string tail = "interrupted";
    return msg == tail || (msg.size() > tail.size() + 2 &&
                           msg.compare(msg.size() - tail.size() - 2, std::string::npos, ": " + tail) == 0);
}

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "";
    return buf;
}

std::string point_text(const SweepTable& t, std::size_t p) {
    std::string s = "point " + std::to_string(p + 1) + " (";
    for (std::size_t a = 0; a < t.axes.size(); ++a) s += (a ? ", " : "") + t.axes[a] + " = " + describe(t.params[a][p]);
    return s + ")";
}

// chaoslab.sweep{params = {...} | points = {...}, run = f, session =, output =, ...} -> results
int sweep_run(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    Options o(L, 1, "sweep", kSweepOptions);
    const RunInfo& info = run_info();
    Comm& comm = world();

    SweepTable t;
    const bool grid = o.has("params"), listed = o.has("points");
    if (grid && listed) fail("give either 'params' (a grid) or 'points' (a list), not both");
    if (!grid && !listed) fail("give the points: 'params' (axes of a grid) or 'points' (a list of tables)");
    if (grid) {
        declare_grid(L, o, t);
    } else {
        declare_points(L, o, t);
    }
    const std::size_t n = t.params.front().size();
    t.status.assign(n, PointStatus::pending);
    t.errors.assign(n, std::string());
    t.results.assign(n, ResultRow());

    if (o.push("run") != LUA_TFUNCTION) o.fail("run", "must be a function(point, ctx), got " + describe_value(L, -1));
    const int run = lua_gettop(L); // [.., run]

    t.session = static_cast<std::uint64_t>(o.integer("session", 1));
    if (info.session && *info.session != t.session) {
        if (comm.rank() == 0) {
            std::fprintf(stderr, "sweep: session %llu from the command line (the script says %llu)\n",
                         static_cast<unsigned long long>(*info.session), static_cast<unsigned long long>(t.session));
        }
        t.session = *info.session;
    }
    t.id = o.string("id", "");
    std::string output = o.string("output", "");
    if (!output.empty() && !info.output_dir.empty() && std::filesystem::path(output).is_relative()) {
        output = (std::filesystem::path(info.output_dir) / output).string();
    }
    if (!output.empty() && comm.rank() == 0) {
        const auto dir = std::filesystem::path(output).parent_path();
        std::error_code ec;
        if (!dir.empty()) std::filesystem::create_directories(dir, ec);
        if (ec) fail("cannot create the folder " + dir.string() + " of output " + output + ": " + ec.message());
    }

    SweepOptions so;
    so.output = output;
    so.overwrite = o.boolean("overwrite", false);
    const std::string schedule = o.string("schedule", "static");
    if (schedule == "static") {
        so.schedule = Schedule::static_split;
    } else if (schedule == "dynamic") {
        so.schedule = Schedule::dynamic;
    } else {
        o.fail("schedule", "must be 'static' or 'dynamic', got '" + schedule + "'");
    }
    so.checkpoint_s = o.number("checkpoint", 60.0);
    so.progress_interval_s = o.number("progress_interval", 10.0);
    const int pt = o.push("progress");
    if (pt == LUA_TBOOLEAN) {
        so.progress = lua_toboolean(L, -1) ? ProgressMode::automatic : ProgressMode::off;
    } else if (pt == LUA_TSTRING && std::string(lua_tostring(L, -1)) == "bar") {
        so.progress = ProgressMode::bar;
    } else if (pt == LUA_TSTRING && std::string(lua_tostring(L, -1)) == "log") {
        so.progress = ProgressMode::log;
    } else if (pt != LUA_TNIL) {
        o.fail("progress", "must be true, false, 'bar' or 'log', got " + describe_value(L, -1));
    }
    lua_pop(L, 1);
    if (o.push("units") != LUA_TNIL) {
        if (!lua_istable(L, -1)) o.fail("units", "must be a table {name = 'unit'}, got " + describe_value(L, -1));
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
                o.fail("units",
                       "must map names to unit strings, got " + describe_value(L, -2) + " = " + describe_value(L, -1));
            }
            t.units[lua_tostring(L, -2)] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);

    t.text_attributes = {{"script", info.script_text},
                         {"script_path", info.script_path},
                         {"command_line", info.command_line},
                         {"chaoslab_version", CHAOSLAB_VERSION},
                         {"host", host_name()},
                         {"schedule", schedule}};
    t.number_attributes = {{"threads_per_rank", thread_count()}};

    const ComputePoint compute = [&](std::size_t index) {
        const int base = lua_gettop(L);
        PointOutcome out;
        out.index = index;
        lua_pushvalue(L, run);
        lua_createtable(L, 0, static_cast<int>(t.axes.size())); // [.., run, point]
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            push_value(L, t.params[a][index]);
            lua_setfield(L, -2, t.axes[a].c_str());
        }
        lua_createtable(L, 0, 6); // [.., run, point, ctx]
        lua_pushinteger(L, static_cast<lua_Integer>(index + 1));
        lua_setfield(L, -2, "index");
        lua_pushinteger(L, static_cast<lua_Integer>(index + 1));
        lua_setfield(L, -2, "block");
        push_seed(L, Seed{t.session, index + 1, 0});
        lua_setfield(L, -2, "seed");
        lua_pushinteger(L, comm.rank());
        lua_setfield(L, -2, "rank");
        lua_pushinteger(L, comm.size());
        lua_setfield(L, -2, "ranks");
        lua_pushinteger(L, static_cast<lua_Integer>(n));
        lua_setfield(L, -2, "points");
        if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
            const char* msg = lua_tostring(L, -1);
            out.error = msg ? msg : "(error object is a " + std::string(luaL_typename(L, -1)) + " value)";
            lua_settop(L, base);
            if (is_interrupt(out.error)) throw Interrupted();
            return out;
        }
        out.error = read_row(L, lua_gettop(L), out.row);
        out.ok = out.error.empty();
        if (!out.ok) out.row.clear();
        lua_settop(L, base);
        return out;
    };

    g_shared_error.clear();
    SweepTable result;
    try {
        result = run_sweep(t, so, comm, compute); // a copy: compute reads t's points meanwhile
    } catch (const SharedError& e) {
        g_shared_error = e.what();
        throw;
    }
    std::size_t failed = 0, first_failed = result.n_points();
    for (std::size_t p = 0; p < result.n_points(); ++p) {
        if (result.status[p] == PointStatus::failed) {
            ++failed;
            first_failed = std::min(first_failed, p);
        }
    }
    if (failed) {
        g_failures_seen = true;
        if (comm.rank() == 0) {
            const std::string where = output.empty() ? "results.errors" : "/errors in " + output;
            std::fprintf(stderr, "sweep: %zu of %zu points failed, see %s (first: %s: %s)\n", failed, result.n_points(),
                         where.c_str(), point_text(result, first_failed).c_str(), result.errors[first_failed].c_str());
            std::fflush(stderr);
        }
    }
    push_results(L, result, output);
    return 1;
}

// chaoslab.rank() -> integer (0-based; 0 outside mpirun)
int sweep_rank(lua_State* L) {
    lua_pushinteger(L, world_rank());
    return 1;
}

// chaoslab.ranks() -> integer (1 outside mpirun)
int sweep_ranks(lua_State* L) {
    lua_pushinteger(L, world_size());
    return 1;
}

} // namespace

void set_run_info(RunInfo info) { run_info_slot() = std::move(info); }
const RunInfo& run_info() { return run_info_slot(); }
bool sweep_failures_seen() { return g_failures_seen; }
const std::string& last_shared_error() { return g_shared_error; }

void register_sweep(lua_State* L) {
    set_function(L, "sweep", wrap<sweep_run>,
                 {"chaoslab.sweep",
                  "sweep{params = {axis = values, ...} | points = {{...}, ...}, run = function(point, ctx), "
                  "session = 1, output = 'file.h5'} -> results",
                  "Runs run(point, ctx) for every point, spread over MPI ranks, and returns on every rank "
                  "results.params.<axis>, results.<key> (one row per point; NaN or '' where a point has no "
                  "result), results.status ('done'/'failed'/'pending'), results.errors and results.info. With "
                  "'output', rank 0 journals each finished point and keeps an HDF5 file; running the same sweep "
                  "again completes only missing and failed points. A point whose run raises an error is recorded "
                  "as failed and the others go on; the script then ends with exit status 1.",
                  kSweepOptions});
    set_function(L, "rank", wrap<sweep_rank>,
                 {"chaoslab.rank", "rank() -> integer",
                  "This process's MPI rank (0-based); 0 outside mpirun. Rank 0 writes files and prints."});
    set_function(L, "ranks", wrap<sweep_ranks>,
                 {"chaoslab.ranks", "ranks() -> integer", "Number of MPI ranks running the script; 1 outside mpirun."});
}

} // namespace chaoslab::lua
