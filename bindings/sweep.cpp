// chaoslab.sweep{...}: the Lua front-end of the sweep engine (runtime/sweep/engine): reads its
// option table (the axes or the list of points, which runtime/sweep/plan makes the sweep's points),
// calls the script's run(point, ctx) for the points this rank is given, and returns the gathered
// results on every rank (runtime/sweep/results checks rows and sums up). Also chaoslab.rank()/ranks().
#include "sweep.hpp"

#include "convert.hpp"
#include "module.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "parallel/comm.hpp"
#include "parallel/threads.hpp"
#include "sweep/engine.hpp"
#include "sweep/identity.hpp"
#include "sweep/plan.hpp"
#include "sweep/results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <span>
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

// ---- the declaration: axes or points ------------------------------------------------------------

[[noreturn]] void fail(const std::string& msg) { throw ConfigError("sweep: " + msg); }
[[noreturn]] void fail(const std::string& where, const std::string& what) { fail(where + " " + what); }

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
        }
    } else {
        values.push_back(param_value(L, idx, where));
    }
    return values;
}

// The string keys of the table at idx, sorted: values are read in name order so that which bad
// value is reported first does not depend on the table's hashing. `bad_key` words a non-name key.
template <class BadKey> std::vector<std::string> table_names(lua_State* L, int idx, BadKey bad_key) {
    std::vector<std::string> names;
    lua_pushnil(L);
    while (lua_next(L, idx)) { // [.., k, v]
        if (lua_type(L, -2) != LUA_TSTRING) bad_key(describe_value(L, -2));
        names.emplace_back(lua_tostring(L, -2));
        lua_pop(L, 1);
    }
    std::sort(names.begin(), names.end());
    return names;
}

// What chaoslab.sweep{} reads: the engine's options and the declaration around them. The points
// are planned (runtime/sweep/plan) once the whole table has been read.
struct SweepCall : SweepOptions {
    std::optional<std::vector<SweepAxis>> params;  // a grid's axes
    std::optional<std::vector<SweepPoint>> points; // or a list of points
    std::optional<std::vector<std::string>> order;
    bool has_run = false; // the function itself stays in the option table
    std::uint64_t session = 1;
    std::string id;
    std::map<std::string, std::string> units;
};

// params = {axis = values, ...}
void read_params(const OptionContext& c, SweepCall& s) {
    if (!lua_istable(c.L, c.idx)) c.fail("must be a table {axis = values, ...}, got " + c.got());
    std::vector<SweepAxis> axes;
    for (std::string& name :
         table_names(c.L, c.idx, [&](const std::string& key) { c.fail("must have axis names as keys, got " + key); })) {
        lua_getfield(c.L, c.idx, name.c_str()); // [.., params, values]
        std::vector<Value> values = axis_values(c.L, -1, name);
        lua_pop(c.L, 1);
        axes.push_back({std::move(name), std::move(values)});
    }
    s.params = std::move(axes);
}

// points = {{name = value, ...}, ...}
void read_points(const OptionContext& c, SweepCall& s) {
    lua_State* L = c.L;
    const lua_Integer n = lua_istable(L, c.idx) ? static_cast<lua_Integer>(lua_rawlen(L, c.idx)) : 0;
    if (n == 0) c.fail("must be a non-empty list of tables, got " + c.got());
    std::vector<SweepPoint> points(static_cast<std::size_t>(n));
    for (lua_Integer k = 1; k <= n; ++k) {
        const std::string where = "point " + std::to_string(k);
        lua_rawgeti(L, c.idx, k); // [.., points, point]
        const int point = lua_gettop(L);
        if (!lua_istable(L, point)) fail(where, "must be a table, got " + describe_value(L, point));
        for (std::string& name :
             table_names(L, point, [&](const std::string& key) { fail(where, "has a non-name key " + key); })) {
            lua_getfield(L, point, name.c_str()); // [.., points, point, value]
            Value v = param_value(L, -1, where + " " + name);
            lua_pop(L, 1);
            points[static_cast<std::size_t>(k - 1)].emplace_back(std::move(name), std::move(v));
        }
        lua_pop(L, 1);
    }
    s.points = std::move(points);
}

// order = {name, ...} as the script gave it; plan.hpp checks it against the axes.
void read_order(const OptionContext& c, SweepCall& s) {
    if (!lua_istable(c.L, c.idx)) c.fail("must be a list of the axis names, got " + c.got());
    std::vector<std::string> order;
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(c.L, c.idx));
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_rawgeti(c.L, c.idx, k); // [.., order, name]
        if (lua_type(c.L, -1) != LUA_TSTRING) c.fail("must list axis names, got " + describe_value(c.L, -1));
        order.emplace_back(lua_tostring(c.L, -1));
        lua_pop(c.L, 1);
    }
    s.order = std::move(order);
}

// units = {name = 'unit', ...}
void read_units(const OptionContext& c, SweepCall& s) {
    lua_State* L = c.L;
    if (!lua_istable(L, c.idx)) c.fail("must be a table {name = 'unit'}, got " + c.got());
    lua_pushnil(L);
    while (lua_next(L, c.idx)) { // [.., units, k, v]
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            c.fail("must map names to unit strings, got " + describe_value(L, -2) + " = " + describe_value(L, -1));
        s.units[lua_tostring(L, -2)] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
}

// "'static' or 'dynamic'"; "true, false, 'bar' or 'log'": the choices as the messages list them.
template <class E> std::string either(std::span<const EnumName<E>> names, std::vector<std::string> before = {}) {
    for (const EnumName<E>& n : names) before.push_back("'" + std::string(n.text) + "'");
    std::string list;
    for (std::size_t k = 0; k < before.size(); ++k) {
        if (k) list += k + 1 == before.size() ? " or " : ", ";
        list += before[k];
    }
    return list;
}

// schedule = 'static' | 'dynamic'
void read_schedule(const OptionContext& c, SweepCall& s) {
    const std::string v = detail::read_string(c);
    for (const EnumName<Schedule>& n : kScheduleNames) {
        if (v == n.text) {
            s.schedule = n.value;
            return;
        }
    }
    c.fail("must be " + either<Schedule>(kScheduleNames) + ", got '" + v + "'");
}

// progress = true | false | 'bar' | 'log'
void read_progress(const OptionContext& c, SweepCall& s) {
    if (lua_type(c.L, c.idx) == LUA_TBOOLEAN) {
        s.progress = lua_toboolean(c.L, c.idx) ? ProgressMode::automatic : ProgressMode::off;
        return;
    }
    if (lua_type(c.L, c.idx) == LUA_TSTRING) {
        const std::string v = lua_tostring(c.L, c.idx);
        for (const EnumName<ProgressMode>& n : kProgressModeNames) {
            if (v == n.text) {
                s.progress = n.value;
                return;
            }
        }
    }
    c.fail("must be " + either<ProgressMode>(kProgressModeNames, {"true", "false"}) + ", got " + c.got());
}

const std::string kDefaultSchedule =
    "'" + std::string(enum_text<Schedule>(kScheduleNames, SweepOptions{}.schedule)) + "'";

const OptionTable<SweepCall> kSweepOptions{
    "sweep",
    {
        custom<SweepCall>("params", "", "none",
                          "grid axes: {name = values, ...}; values a chaoslab.Array, a list of numbers or of "
                          "strings; the grid is their product (first axis of 'order' slowest)",
                          read_params),
        custom<SweepCall>("points", "", "none", "instead of params: a list of points, each a table {name = value, ...}",
                          read_points),
        custom<SweepCall>("order", "", "axis names sorted",
                          "axis order (a list of the axis names): first is slowest in the grid", read_order),
        custom<SweepCall>("run", "", "required",
                          "function(point, ctx) -> table of results (numbers, strings, chaoslab arrays of a "
                          "fixed shape per key); ctx = {index, block, seed, rank, ranks, points}",
                          [](const OptionContext& c, SweepCall& s) {
                              if (lua_type(c.L, c.idx) != LUA_TFUNCTION)
                                  c.fail("must be a function(point, ctx), got " + c.got());
                              s.has_run = true;
                          }),
        integer("session", &SweepCall::session,
                "seed session; each point's ctx.seed is seed{session = session, block = index}",
                Check::non_negative_integer),
        text("output", &SweepOptions::output,
             "HDF5 file of the sweep (written by rank 0; resumes a killed sweep); none: results "
             "in memory only"),
        text("id", &SweepCall::id,
             "version string: part of the sweep's identity, so a changed experiment is not resumed "
             "into an old file")
            .shows("''"),
        flag("overwrite", &SweepOptions::overwrite, "replace an output file that holds a different sweep"),
        custom<SweepCall>("schedule", "", "",
                          "'static' (point j of the pending ones on rank j % ranks) or 'dynamic' (the next "
                          "point to the first free rank: for uneven point costs)",
                          read_schedule)
            .shows(kDefaultSchedule),
        custom<SweepCall>("units", "", "none",
                          "units of axes and results, {name = 'ms', ...}: stored as 'units' attributes", read_units),
        number("checkpoint", &SweepOptions::checkpoint_s, "s",
               "rewrite the HDF5 file at most this often while running (the journal has every "
               "finished point at once)",
               Check::positive),
        custom<SweepCall>("progress", "", "true",
                          "true: a live bar on a terminal, log lines otherwise; 'bar', 'log', or false", read_progress),
        number("progress_interval", &SweepOptions::progress_interval_s, "s", "time between progress log lines",
               Check::positive),
    }};

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
        if (std::string why = check_result_key(key); !why.empty()) {
            lua_pop(L, 2);
            return why;
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
    sort_row(row);
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

void push_results(lua_State* L, const SweepTable& t, const SweepSummary& summary, const std::string& output) {
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
    lua_createtable(L, static_cast<int>(t.n_points()), 0);
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        lua_pushstring(L, status_name(t.status[p]));
        lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
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
    lua_pushinteger(L, static_cast<lua_Integer>(summary.done));
    lua_setfield(L, -2, "done");
    lua_pushinteger(L, static_cast<lua_Integer>(summary.failed));
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

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "";
    return buf;
}

// chaoslab.sweep{params = {...} | points = {...}, run = f, session =, output =, ...} -> results
int sweep_run(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    SweepCall call = kSweepOptions.read(L, 1);
    const RunInfo& info = run_info();
    Comm& comm = world();

    SweepTable t;
    if (call.params && call.points) fail("give either 'params' (a grid) or 'points' (a list), not both");
    if (!call.params && !call.points) fail("give the points: 'params' (axes of a grid) or 'points' (a list of tables)");
    if (call.params) {
        plan_grid(t, std::move(*call.params), call.order);
    } else {
        plan_points(t, *call.points, call.order);
    }
    const std::size_t n = t.params.front().size();
    t.status.assign(n, PointStatus::pending);
    t.errors.assign(n, std::string());
    t.results.assign(n, ResultRow());

    if (!call.has_run) fail("option 'run' must be a function(point, ctx), got nil");
    lua_getfield(L, 1, "run"); // [.., run]
    const int run = lua_gettop(L);

    const SessionChoice session = choose_session(call.session, info.session);
    if (!session.note.empty() && comm.rank() == 0) std::fprintf(stderr, "%s\n", session.note.c_str());
    t.session = session.session;
    t.id = call.id;
    call.output = output_path(call.output, info.output_dir);
    if (!call.output.empty() && comm.rank() == 0) make_output_folder(call.output);
    t.units = call.units;

    t.text_attributes = {{"script", info.script_text},
                         {"script_path", info.script_path},
                         {"command_line", info.command_line},
                         {"chaoslab_version", CHAOSLAB_VERSION},
                         {"host", host_name()},
                         {"schedule", enum_text<Schedule>(kScheduleNames, call.schedule)}};
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
        lua_pushinteger(L, static_cast<lua_Integer>(point_block(index)));
        lua_setfield(L, -2, "block");
        push_seed(L, point_seed(t.session, index));
        lua_setfield(L, -2, "seed");
        lua_pushinteger(L, comm.rank());
        lua_setfield(L, -2, "rank");
        lua_pushinteger(L, comm.size());
        lua_setfield(L, -2, "ranks");
        lua_pushinteger(L, static_cast<lua_Integer>(n));
        lua_setfield(L, -2, "points");
        const InterruptWatch ctrl_c; // Ctrl-C during the point stops the sweep, whatever the error says
        if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
            const char* msg = lua_tostring(L, -1);
            out.error = msg ? msg : "(error object is a " + std::string(luaL_typename(L, -1)) + " value)";
            lua_settop(L, base);
            if (ctrl_c.raised()) throw Interrupted();
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
        result = run_sweep(t, call, comm, compute); // a copy: compute reads t's points meanwhile
    } catch (const SharedError& e) {
        g_shared_error = e.what();
        throw;
    }
    const SweepSummary summary = summarize(result);
    if (summary.failed) {
        g_failures_seen = true;
        if (comm.rank() == 0) {
            std::fprintf(stderr, "%s\n", failure_message(result, summary, call.output).c_str());
            std::fflush(stderr);
        }
    }
    push_results(L, result, summary, call.output);
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
                  kSweepOptions.specs()});
    set_function(L, "rank", wrap<sweep_rank>,
                 {"chaoslab.rank", "rank() -> integer",
                  "This process's MPI rank (0-based); 0 outside mpirun. Rank 0 writes files and prints."});
    set_function(L, "ranks", wrap<sweep_ranks>,
                 {"chaoslab.ranks", "ranks() -> integer", "Number of MPI ranks running the script; 1 outside mpirun."});
}

} // namespace chaoslab::lua
