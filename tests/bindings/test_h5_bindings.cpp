// chaoslab.h5 from Lua (bindings/h5.cpp over io/h5_tree): write -> read round trips of nested tables,
// arrays with their shape, strings and attributes; mode "a"; listing; a sweep file written by
// write_sweep_file read as a plain HDF5 file; help for every function; the exact text of the errors.
#include "lua_fixture.hpp"

#include "io/sweep_file.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using chaoslab::test::LuaFixture;

namespace {

// A fresh state plus a private temporary folder, known to Lua as the global `dir` (removed after
// the test case) and a helper `path(name)`.
struct H5Fixture : LuaFixture {
    H5Fixture() {
        static std::atomic<int> counter{0};
        dir = std::filesystem::temp_directory_path() /
              ("chaoslab_h5_bindings_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        lua_pushstring(L, dir.string().c_str());
        lua_setglobal(L, "dir");
        run(R"lua(
            function path(name) return dir .. "/" .. name end
            function shape_of(a) return table.concat(a:shape(), "x") end
            function bits(x) return string.pack("<d", x) end
        )lua");
    }
    ~H5Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    H5Fixture(const H5Fixture&) = delete;
    H5Fixture& operator=(const H5Fixture&) = delete;

    std::string file(const std::string& name) const { return (dir / name).string(); }

    std::filesystem::path dir;
};

} // namespace

// ---- round trips --------------------------------------------------------------------------------

TEST_CASE_METHOD(H5Fixture, "h5.write then h5.read keeps nested tables, arrays and strings", "[bindings][h5]") {
    run(R"lua(
        local cl = chaoslab
        ok = cl.h5.write(path("a.h5"), {
            x = 2.5, n = 3, note = "héllo",
            m = cl.array({{1, 2, 3}, {4, 5, 6}}),
            cube = cl.array({{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}),
            empty = cl.zeros{0},
            group = { names = {"a", "bb", ""}, v = {1, 2, 3}, deeper = { z = cl.zeros{2, 1} } },
        })
        f = cl.h5.read(path("a.h5"))
    )lua");
    CHECK(eval_bool("ok == true"));
    CHECK(eval_number("f.x") == 2.5);
    CHECK(eval_string("math.type(f.n)") == "integer");
    CHECK(eval_number("f.n") == 3);
    CHECK(eval_string("f.note") == "héllo");
    CHECK(eval_string("chaoslab.type(f.m)") == "chaoslab.Array");
    CHECK(eval_string("shape_of(f.m)") == "2x3");
    CHECK(eval_number("f.m[2][1]") == 4);
    CHECK(eval_number("f.m[1][3]") == 3);
    CHECK(eval_string("shape_of(f.cube)") == "2x2x2");
    CHECK(eval_number("f.cube[2][1][2]") == 6);
    CHECK(eval_string("shape_of(f.empty)") == "0");
    CHECK(eval_string("table.concat(f.group.names, ',')") == "a,bb,");
    CHECK(eval_number("#f.group.names") == 3);
    CHECK(eval_string("chaoslab.type(f.group.v)") == "chaoslab.Array");
    CHECK(eval_number("f.group.v[3]") == 3);
    CHECK(eval_string("shape_of(f.group.deeper.z)") == "2x1");
    // One object by name, with or without the leading '/'.
    CHECK(eval_number("chaoslab.h5.read(path('a.h5'), 'group/v')[2]") == 2);
    CHECK(eval_number("chaoslab.h5.read(path('a.h5'), '/m')[1][3]") == 3);
    CHECK(eval_string("chaoslab.h5.read(path('a.h5'), '/group/names')[2]") == "bb");
    CHECK(eval_string("chaoslab.h5.read(path('a.h5'), '/note')") == "héllo");
    CHECK(eval_string("shape_of(chaoslab.h5.read(path('a.h5'), 'group').deeper.z)") == "2x1");
    // The crash-safe write leaves nothing else behind.
    CHECK_FALSE(std::filesystem::exists(file("a.h5.tmp")));
}

TEST_CASE_METHOD(H5Fixture, "h5 keeps NaN, infinities and -0 bit for bit", "[bindings][h5]") {
    run(R"lua(
        local nan, inf = 0/0, math.huge
        chaoslab.h5.write(path("bits.h5"), { neg0 = -0.0, minus3 = -3.0, half = 0.5, huge = 2^60,
                                             a = chaoslab.array({nan, -inf, -0.0, 1e-310}) })
        f = chaoslab.h5.read(path("bits.h5"))
    )lua");
    CHECK(eval_bool("bits(f.neg0) == bits(-0.0)"));
    CHECK(eval_string("math.type(f.neg0)") == "float");
    // float64 keeps no integer subtype: whole numbers below 2^53 come back as Lua integers.
    CHECK(eval_string("math.type(f.minus3)") == "integer");
    CHECK(eval_number("f.minus3") == -3);
    CHECK(eval_string("math.type(f.half)") == "float");
    CHECK(eval_string("math.type(f.huge)") == "float");
    CHECK(eval_bool("f.huge == 2^60"));
    CHECK(eval_bool("f.a[1] ~= f.a[1]"));
    CHECK(eval_bool("f.a[2] == -math.huge"));
    CHECK(eval_bool("bits(f.a[3]) == bits(-0.0)"));
    CHECK(eval_bool("bits(f.a[4]) == bits(1e-310)"));
}

TEST_CASE_METHOD(H5Fixture, "h5.write mode a adds and replaces, mode w replaces the file", "[bindings][h5]") {
    run(R"lua(
        local cl = chaoslab
        -- 'a' on a missing file creates it.
        assert(cl.h5.write(path("b.h5"), { x = 1, g = { y = 2 }, d = 5 }, { mode = "a" }))
        cl.h5.write(path("b.h5"), { x = 10, g = { z = 3 }, d = { inner = "now a group" } }, { mode = "a" })
        f = cl.h5.read(path("b.h5"))
    )lua");
    CHECK(eval_number("f.x") == 10);
    CHECK(eval_number("f.g.y") == 2);
    CHECK(eval_number("f.g.z") == 3);
    CHECK(eval_string("f.d.inner") == "now a group");
    run(R"lua(
        chaoslab.h5.write(path("b.h5"), { g = "now a string" }, { mode = "a" })
        f = chaoslab.h5.read(path("b.h5"))
    )lua");
    CHECK(eval_string("f.g") == "now a string");
    CHECK(eval_number("f.x") == 10);
    run(R"lua(
        chaoslab.h5.write(path("b.h5"), { only = 1 })
        f = chaoslab.h5.read(path("b.h5"))
    )lua");
    CHECK(eval_bool("f.x == nil and f.g == nil"));
    CHECK(eval_number("f.only") == 1);
    CHECK_FALSE(std::filesystem::exists(file("b.h5.tmp")));
}

TEST_CASE_METHOD(H5Fixture, "h5.write stores root attributes and h5.attributes reads them", "[bindings][h5]") {
    run(R"lua(
        local cl = chaoslab
        cl.h5.write(path("c.h5"), { x = 1 },
                    { attributes = { who = "test", dt = 0.1, count = 7, v = cl.array({1, 2, 3}) } })
        a = cl.h5.attributes(path("c.h5"))
        cl.h5.write(path("c.h5"), { y = 2 }, { mode = "a", attributes = { who = "again", extra = "e" } })
        b = cl.h5.attributes(path("c.h5"))
        none = cl.h5.attributes(path("c.h5"), "x")
    )lua");
    CHECK(eval_string("a.who") == "test");
    CHECK(eval_number("a.dt") == 0.1);
    CHECK(eval_number("a.count") == 7);
    CHECK(eval_string("chaoslab.type(a.v)") == "chaoslab.Array");
    CHECK(eval_number("a.v[3]") == 3);
    CHECK(eval_string("b.who") == "again");
    CHECK(eval_string("b.extra") == "e");
    CHECK(eval_number("b.count") == 7);
    CHECK(eval_bool("next(none) == nil"));
}

TEST_CASE_METHOD(H5Fixture, "h5.list shows every group and dataset with its type and shape", "[bindings][h5]") {
    run(R"lua(
        chaoslab.h5.write(path("l.h5"), { a = chaoslab.zeros{4, 2}, s = {"x"}, g = { n = 1, t = "s" } })
        entries = chaoslab.h5.list(path("l.h5"))
        seen, names = {}, {}
        for i, e in ipairs(entries) do seen[e.name] = e; names[i] = e.name end
        order = table.concat(names, ",")
    )lua");
    CHECK(eval_string("order") == "/a,/g,/g/n,/g/t,/s");
    CHECK(eval_string("seen['/a'].kind") == "dataset");
    CHECK(eval_string("seen['/a'].type") == "float64");
    CHECK(eval_string("table.concat(seen['/a'].shape, 'x')") == "4x2");
    CHECK(eval_string("seen['/s'].type") == "string");
    CHECK(eval_string("table.concat(seen['/s'].shape, 'x')") == "1");
    CHECK(eval_string("seen['/g'].kind") == "group");
    CHECK(eval_string("seen['/g'].type") == "group");
    CHECK(eval_number("#seen['/g/n'].shape") == 0);
    CHECK(eval_string("seen['/g/t'].type") == "string");
}

// ---- a sweep file is an ordinary HDF5 file ------------------------------------------------------

TEST_CASE_METHOD(H5Fixture, "h5.read shows a sweep file with status names and units", "[bindings][h5]") {
    using namespace chaoslab;
    SweepTable t;
    t.session = 42;
    t.id = "study";
    t.axes = {"g", "syn"};
    t.params = {{Value::of(0.5), Value::of(1.0), Value::of(1.5)},
                {Value::of(std::string("delta")), Value::of(std::string("exp")), Value::of(std::string("delta"))}};
    t.status = {PointStatus::done, PointStatus::failed, PointStatus::pending};
    t.errors = {"", "run.lua:3: boom", ""};
    t.results = {ResultRow{{"lz", Value::of(0.25)},
                           {"name", Value::of(std::string("first"))},
                           {"trace", Value::of(Shape{2, 3}, {1, 2, 3, 4, 5, 6})}},
                 {},
                 {}};
    t.text_attributes = {{"script", "return 1"}};
    t.number_attributes = {{"ranks", 3}};
    t.units = {{"g", "mV"}, {"lz", "bits"}};
    write_sweep_file(file("sweep.h5"), t);

    run(R"lua(
        f = chaoslab.h5.read(path("sweep.h5"))
        a = chaoslab.h5.attributes(path("sweep.h5"))
    )lua");
    CHECK(eval_string("table.concat(f.status, ',')") == "done,failed,pending");
    CHECK(eval_string("table.concat(f.errors, '|')") == "|run.lua:3: boom|");
    CHECK(eval_number("f.params.g[3]") == 1.5);
    CHECK(eval_string("table.concat(f.params.syn, ',')") == "delta,exp,delta");
    CHECK(eval_number("f.results.lz[1]") == 0.25);
    CHECK(eval_bool("f.results.lz[2] ~= f.results.lz[2]")); // NaN where a point is not done
    CHECK(eval_string("table.concat(f.results.name, ',')") == "first,,");
    CHECK(eval_string("shape_of(f.results.trace)") == "3x2x3");
    CHECK(eval_number("f.results.trace[1][2][3]") == 6);
    CHECK(eval_string("a.format") == "chaoslab sweep 1");
    CHECK(eval_string("math.type(a.session)") == "integer");
    CHECK(eval_number("a.session") == 42);
    CHECK(eval_string("a.id") == "study");
    CHECK(eval_string("table.concat(a.axes, ',')") == "g,syn");
    CHECK(eval_string("tostring(a.ranks)") == "3");
    CHECK(eval_string("a.script") == "return 1");
    CHECK(eval_string("chaoslab.h5.attributes(path('sweep.h5'), '/params/g').units") == "mV");
    CHECK(eval_string("chaoslab.h5.attributes(path('sweep.h5'), 'results/lz').units") == "bits");
    CHECK(eval_string("table.concat(chaoslab.h5.read(path('sweep.h5'), '/status'), ',')") == "done,failed,pending");
    run(R"lua(
        for _, e in ipairs(chaoslab.h5.list(path("sweep.h5"))) do
            if e.name == "/status" then status_type = e.type end
        end
    )lua");
    CHECK(eval_string("status_type") == "enum");
}

// ---- documentation ------------------------------------------------------------------------------

TEST_CASE_METHOD(H5Fixture, "every chaoslab.h5 function is documented", "[bindings][h5][help]") {
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.h5.read)"), StartsWith("h5.read(path [, name])"));
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.h5.attributes)"), StartsWith("h5.attributes(path [, name])"));
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.h5.list)"), StartsWith("h5.list(path)"));
    const std::string write = eval_string("chaoslab.doc(chaoslab.h5.write)");
    CHECK_THAT(write, StartsWith("h5.write(path, data [, {"));
    CHECK_THAT(write, Contains("mode") && Contains("every_rank") && Contains("attributes"));
}

// ---- errors -------------------------------------------------------------------------------------

TEST_CASE_METHOD(H5Fixture, "h5 errors name the function, the file, the object and the value",
                 "[bindings][h5][errors]") {
    const std::string missing = file("missing.h5");
    const std::string text = file("text.h5");
    const std::string d = file("d.h5");
    std::ofstream(text) << "plain text";
    run("chaoslab.h5.write(path('d.h5'), { x = 1, g = { y = 2 } })");

    CHECK_THAT(run_error("chaoslab.h5.read(path('missing.h5'))"),
               Equals("test:1: h5.read: cannot open '" + missing + "' (no such file)"));
    CHECK_THAT(run_error("chaoslab.h5.list(path('missing.h5'))"),
               Equals("test:1: h5.list: cannot open '" + missing + "' (no such file)"));
    CHECK_THAT(run_error("chaoslab.h5.read(path('text.h5'))"),
               Equals("test:1: h5.read: '" + text + "' is not an HDF5 file"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('text.h5'), { x = 1 }, { mode = 'a' })"),
               Equals("test:1: h5.write: '" + text + "' is not an HDF5 file"));
    CHECK_THAT(run_error("chaoslab.h5.read(path('d.h5'), '/results/foo')"),
               Equals("test:1: h5.read: '" + d + "' has no object '/results/foo'"));
    CHECK_THAT(run_error("chaoslab.h5.read(path('d.h5'), 'x/deeper')"),
               Equals("test:1: h5.read: '" + d + "' has no object '/x/deeper'"));
    CHECK_THAT(run_error("chaoslab.h5.attributes(path('d.h5'), 'nope')"),
               Equals("test:1: h5.attributes: '" + d + "' has no object '/nope'"));

    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = true })"),
               Equals("test:1: h5.write: data.x must be a number, string, chaoslab.Array or table, got boolean"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { g = { f = print } })"),
               Equals("test:1: h5.write: data.g.f must be a number, string, chaoslab.Array or table, got function"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { g = { y = {1, 'a'} } })"),
               Equals("test:1: h5.write: data.g.y mixes numbers and strings (item 2)"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { g = {1, 2, name = 3} })"),
               Equals("test:1: h5.write: data.g mixes a list with named entries; use one or the other"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { ['a/b'] = 1 })"),
               Equals("test:1: h5.write: name 'a/b' in data cannot be empty or contain '/'"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { g = { [1.5] = 1 } })"),
               Equals("test:1: h5.write: data.g has a key 1.5; names must be strings"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), {1, 2})"),
               Equals("test:1: h5.write: data must be a table of names, got a list"));

    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { mode = 'x' })"),
               Equals("test:1: h5.write: option 'mode' must be \"w\" or \"a\", got \"x\""));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { mode = 1 })"),
               Equals("test:1: h5.write: option 'mode' must be a string, got 1"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { mdoe = 'a' })"),
               Equals("test:1: h5.write: unknown option 'mdoe' (did you mean 'mode'?)"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { every_rank = 1 })"),
               Equals("test:1: h5.write: option 'every_rank' must be true or false, got 1"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { attributes = 'a' })"),
               Equals("test:1: h5.write: option 'attributes' must be a table {name = value}, got 'a'"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), { x = 1 }, { attributes = { ok = false } })"),
               Equals("test:1: h5.write: attribute ok must be a number, string, chaoslab.Array or table, got "
                      "boolean"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('no/such/dir/e.h5'), { x = 1 })"),
               Equals("test:1: h5.write: cannot create '" + file("no/such/dir/e.h5") + "' (no such directory)"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('no/such/dir/e.h5'), { x = 1 }, { mode = 'a' })"),
               Equals("test:1: h5.write: cannot create '" + file("no/such/dir/e.h5") + "' (no such directory)"));
    CHECK_THAT(run_error("chaoslab.h5.write(path('e.h5'), 5)"),
               Contains("bad argument #2") && Contains("table expected"));
    CHECK_THAT(run_error("chaoslab.h5.read()"), Contains("bad argument #1") && Contains("string expected"));

    // None of the refused writes created the file or left a temporary behind.
    CHECK_FALSE(std::filesystem::exists(file("e.h5")));
    CHECK_FALSE(std::filesystem::exists(file("e.h5.tmp")));
    // Every rank is rank 0 outside mpirun: every_rank changes nothing here.
    CHECK(eval_bool("chaoslab.h5.write(path('e.h5'), { x = 1 }, { every_rank = true })"));
}
