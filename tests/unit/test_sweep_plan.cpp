// Tests of the sweep's pure parts: the points of a grid or a list with their declaration errors,
// each point's seed, the Ctrl-C watch, the static and dynamic schedules, identity and result-shape
// comparisons with their messages, and the progress durations.
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "sweep/identity.hpp"
#include "sweep/plan.hpp"
#include "sweep/progress.hpp"
#include "sweep/schedule.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace chaoslab;

namespace {

std::vector<std::size_t> drain(Scheduler& s, int rank) {
    std::vector<std::size_t> got;
    while (auto p = s.next(rank)) got.push_back(*p);
    return got;
}

SweepTable grid_table(std::uint64_t session, std::vector<double> g) {
    SweepTable t;
    t.session = session;
    t.axes = {"g"};
    t.params.emplace_back();
    for (double x : g) t.params[0].push_back(Value::of(x));
    t.status.assign(g.size(), PointStatus::pending);
    return t;
}

SweepAxis numbers(std::string name, std::vector<double> x) {
    SweepAxis a{std::move(name), {}};
    for (double v : x) a.values.push_back(Value::of(v));
    return a;
}

SweepAxis texts(std::string name, std::vector<std::string> x) {
    SweepAxis a{std::move(name), {}};
    for (auto& v : x) a.values.push_back(Value::of(std::move(v)));
    return a;
}

// Point p's values, one per axis, as they read in messages ("1, 10").
std::vector<std::string> rows(const SweepTable& t) {
    std::vector<std::string> out(t.params.empty() ? 0 : t.params.front().size());
    for (std::size_t p = 0; p < out.size(); ++p) {
        for (std::size_t a = 0; a < t.axes.size(); ++a) out[p] += (a ? ", " : "") + describe(t.params[a][p]);
    }
    return out;
}

using Names = std::optional<std::vector<std::string>>;
using Strings = std::vector<std::string>;

// The message of the ConfigError that `f` throws, or "" if it throws none.
template <class F> std::string error_of(F f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

std::string grid_error(std::vector<SweepAxis> axes, const Names& order = std::nullopt) {
    SweepTable t;
    return error_of([&] { plan_grid(t, std::move(axes), order); });
}

std::string points_error(const std::vector<SweepPoint>& points, const Names& order = std::nullopt) {
    SweepTable t;
    return error_of([&] { plan_points(t, points, order); });
}

} // namespace

TEST_CASE("a grid is the product of its axes sorted by name, the last axis fastest", "[sweep][plan]") {
    SweepTable t;
    plan_grid(t, {numbers("b", {10, 20, 30}), numbers("a", {1, 2})}, std::nullopt);
    CHECK(t.axes == Strings{"a", "b"});
    CHECK(rows(t) == Strings{"1, 10", "1, 20", "1, 30", "2, 10", "2, 20", "2, 30"});
    REQUIRE(t.grid.size() == 2);
    CHECK(t.grid[0].size() == 2);
    CHECK(t.grid[1].size() == 3);
    CHECK(describe(t.grid[1][2]) == "30");
}

TEST_CASE("option 'order' overrides the sorted axis order", "[sweep][plan]") {
    SweepTable t;
    plan_grid(t, {numbers("a", {1, 2}), numbers("b", {10, 20, 30})}, Strings{"b", "a"});
    CHECK(t.axes == Strings{"b", "a"});
    CHECK(rows(t) == Strings{"10, 1", "10, 2", "20, 1", "20, 2", "30, 1", "30, 2"});
    CHECK(describe(t.grid[0][0]) == "10"); // grid follows the axes
}

TEST_CASE("grid axes hold strings as well as numbers, and a single value is a 1-point axis", "[sweep][plan]") {
    SweepTable t;
    plan_grid(t, {texts("syn", {"delta", "exponential"}), numbers("g", {0.5})}, std::nullopt);
    CHECK(t.axes == Strings{"g", "syn"});
    CHECK(rows(t) == Strings{"0.5, \"delta\"", "0.5, \"exponential\""});
}

TEST_CASE("grid declaration errors", "[sweep][plan][errors]") {
    CHECK(grid_error({}) == "sweep: option 'params' has no axes");
    CHECK(grid_error({numbers("g", {})}) == "sweep: axis 'g' is empty");
    CHECK(grid_error({SweepAxis{"g", {Value::of(1.0), Value::of(std::string("a"))}}}) ==
          "sweep: axis 'g' mixes numbers and strings");
    CHECK(grid_error({SweepAxis{"g", {Value::of(Shape{2}, {1.0, 2.0})}}}) ==
          "sweep: axis 'g' holds an array; axis values are numbers or strings");
    for (const char* bad : {"a/b", "", ".", ".."}) {
        CHECK(grid_error({numbers("g", {1}), numbers(bad, {1})}) ==
              "sweep: axis name '" + std::string(bad) + "' cannot be empty or contain '/'");
    }
    CHECK(grid_error({numbers("g", {1}), numbers("g", {2})}) == "sweep: axis 'g' is given twice");
    const auto g_h = [] { return std::vector<SweepAxis>{numbers("g", {1}), numbers("h", {2})}; };
    CHECK(grid_error(g_h(), Strings{"g"}) == "sweep: option 'order' must list each axis once (g, h)");
    CHECK(grid_error(g_h(), Strings{"h", "g", "g"}) == "sweep: option 'order' must list each axis once (g, h)");
    CHECK(grid_error(g_h(), Strings{"h", "x"}) == "sweep: option 'order' must list each axis once (g, h)");
    CHECK(grid_error(g_h(), Strings{"h", "g"}).empty());
    // 2^11 values on each of 3 axes: 2^33 points, refused before any is made.
    std::vector<double> many(2048, 1.0);
    CHECK(grid_error({numbers("a", many), numbers("b", many), numbers("c", many)}) ==
          "sweep: the grid has more than 2^32 points");
    CHECK(grid_error({numbers("a", many), numbers("b", many), numbers("c", {1})}).empty());
}

TEST_CASE("listed points become rows in the axis order, whatever the key order", "[sweep][plan]") {
    SweepTable t;
    const std::vector<SweepPoint> points{
        {{"w", Value::of(1.0)}, {"syn", Value::of(std::string("delta"))}},
        {{"syn", Value::of(std::string("exponential"))}, {"w", Value::of(2.0)}},
    };
    plan_points(t, points, std::nullopt);
    CHECK(t.axes == Strings{"syn", "w"});
    CHECK(rows(t) == Strings{"\"delta\", 1", "\"exponential\", 2"});
    CHECK(t.grid.empty());
    plan_points(t, points, Strings{"w", "syn"});
    CHECK(t.axes == Strings{"w", "syn"});
    CHECK(rows(t) == Strings{"1, \"delta\"", "2, \"exponential\""});
}

TEST_CASE("points-list declaration errors", "[sweep][plan][errors]") {
    const SweepPoint a1{{"a", Value::of(1.0)}};
    CHECK(points_error({}) == "sweep: option 'points' must be a non-empty list of tables");
    CHECK(points_error({SweepPoint{}}) == "sweep: point 1 has no parameters");
    CHECK(points_error({a1, {{"b", Value::of(2.0)}}}) == "sweep: point 2 has parameters {b} but point 1 has {a}");
    CHECK(points_error({a1, a1, {{"a", Value::of(1.0)}, {"c", Value::of(2.0)}}}) ==
          "sweep: point 3 has parameters {a, c} but point 1 has {a}");
    CHECK(points_error({a1, {{"a", Value::of(std::string("x"))}}}) == "sweep: axis 'a' mixes numbers and strings");
    CHECK(points_error({{{"a/b", Value::of(1.0)}}}) == "sweep: axis name 'a/b' cannot be empty or contain '/'");
    CHECK(points_error({{{"a", Value::of(1.0)}, {"a", Value::of(2.0)}}}) == "sweep: point 1 has parameter 'a' twice");
    CHECK(points_error({{{"g", Value::of(1.0)}, {"h", Value::of(2.0)}}}, Strings{"h"}) ==
          "sweep: option 'order' must list each axis once (g, h)");
}

TEST_CASE("point j runs with seed (session, block j + 1, trial 0)", "[sweep][plan][seed]") {
    static_assert(point_block(0) == 1, "block 0 is left to seeds made outside sweeps");
    CHECK(point_block(41) == 42);
    CHECK(point_seed(9, 2) == Seed{9, 3, 0});
    CHECK(point_seed(0, 0) == Seed{0, 1, 0});
    CHECK(point_seed(7, 4294967295u) == Seed{7, 4294967296u, 0});
    CHECK_FALSE(point_seed(1, 0) == Seed{1, 0, 0}); // not the seed of seed{session = 1}
}

TEST_CASE("an interrupt watch sees Ctrl-C even after something consumed it", "[sweep][interrupt]") {
    clear_interrupt();
    {
        const InterruptWatch w;
        CHECK_FALSE(w.raised());
        request_interrupt();
        CHECK(interrupt_pending());
        CHECK(take_interrupt()); // the Lua hook or a native loop turns it into an error
        CHECK_FALSE(interrupt_pending());
        CHECK_FALSE(take_interrupt());
        CHECK(w.raised());
        const InterruptWatch later;
        CHECK_FALSE(later.raised()); // the consumed interrupt is not a new one
    }
    {
        request_interrupt();
        const InterruptWatch w; // an interrupt still pending when the watch starts counts too
        CHECK(w.raised());
        CHECK_THROWS_AS(check_interrupt(), Interrupted);
        CHECK_NOTHROW(check_interrupt());
        CHECK(w.raised());
    }
    {
        const InterruptWatch w;
        CHECK_FALSE(w.raised()); // an error without Ctrl-C, whatever its text, is no interrupt
        request_interrupt();
        request_interrupt();
        clear_interrupt();
        CHECK_FALSE(interrupt_pending());
        CHECK(w.raised());
    }
}

TEST_CASE("the static schedule deals the pending points round robin", "[sweep][schedule]") {
    Scheduler s({2, 3, 5, 7, 11, 13, 17}, 3, Schedule::static_split);
    CHECK(drain(s, 1) == std::vector<std::size_t>{3, 11});
    CHECK(drain(s, 0) == std::vector<std::size_t>{2, 7, 17});
    CHECK(drain(s, 2) == std::vector<std::size_t>{5, 13});
    CHECK_FALSE(s.next(3)); // no such rank
}

TEST_CASE("the dynamic schedule hands out each point once, in order, to whoever asks", "[sweep][schedule]") {
    std::vector<std::size_t> pending(50);
    for (std::size_t k = 0; k < pending.size(); ++k) pending[k] = 2 * k;
    Scheduler s(pending, 4, Schedule::dynamic);
    std::vector<std::size_t> order;
    int rank = 0;
    while (auto p = s.next(rank)) {
        order.push_back(*p);
        rank = (rank * 7 + 3) % 4; // an arbitrary order of requests
    }
    CHECK(order == pending);
}

TEST_CASE("a stopped schedule hands out nothing more", "[sweep][schedule]") {
    Scheduler s({0, 1, 2, 3}, 2, Schedule::dynamic);
    CHECK(s.next(0) == std::optional<std::size_t>{0});
    s.stop();
    CHECK_FALSE(s.next(1));
}

TEST_CASE("every pending point is computed exactly once for any rank count", "[sweep][schedule]") {
    for (int ranks = 1; ranks <= 5; ++ranks) {
        for (const Schedule kind : {Schedule::static_split, Schedule::dynamic}) {
            Scheduler s({1, 4, 9, 16, 25, 36, 49, 64, 81}, ranks, kind);
            std::multiset<std::size_t> seen;
            for (int r = 0; r < ranks; ++r) {
                for (std::size_t p : drain(s, r)) seen.insert(p);
            }
            CHECK(seen == std::multiset<std::size_t>{1, 4, 9, 16, 25, 36, 49, 64, 81});
        }
    }
}

TEST_CASE("identity differences name the first thing that differs", "[sweep][identity]") {
    const SweepTable here = grid_table(1, {0.1, 0.2, 0.3});
    CHECK(identity_difference(here, here) == "");
    CHECK(identity_difference(grid_table(2, {0.1, 0.2, 0.3}), here) == "session 2 there, 1 here");
    CHECK(identity_difference(grid_table(1, {0.1, 0.2}), here) == "2 points there, 3 here");
    CHECK(identity_difference(grid_table(1, {0.1, 0.25, 0.3}), here) == "point 2 has g = 0.25 there, 0.2 here");
    SweepTable other_id = here;
    other_id.id = "v2";
    CHECK(identity_difference(other_id, here) == "id \"v2\" there, \"\" here");
    SweepTable other_axis = here;
    other_axis.axes = {"h"};
    CHECK(identity_difference(other_axis, here) == "axes {h} there, {g} here");
    // Provenance is not identity.
    SweepTable provenance = here;
    provenance.text_attributes = {{"script", "something else"}};
    CHECK(identity_difference(provenance, here) == "");
}

TEST_CASE("result rows must keep keys, kinds and shapes", "[sweep][identity]") {
    const ResultRow ref{{"lz", Value::of(0.5)}, {"rate", Value::of(Shape{10}, std::vector<double>(10, 1.0))}};
    CHECK(row_difference(ref, ref) == "");
    const ResultRow wider{{"lz", Value::of(0.7)}, {"rate", Value::of(Shape{20}, std::vector<double>(20, 1.0))}};
    CHECK(row_difference(ref, wider) == "result 'rate' has shape {20} here but {10} at other points");
    const ResultRow texty{{"lz", Value::of(std::string("high"))}, {"rate", ref[1].second}};
    CHECK(row_difference(ref, texty) == "result 'lz' is a string here but a number at other points");
    const ResultRow fewer{{"lz", Value::of(0.5)}};
    CHECK(row_difference(ref, fewer) == "the result keys are {lz} here but {lz, rate} at other points");
    CHECK_FALSE(same_keys(ref, fewer));
    CHECK(key_list(ref) == "{lz, rate}");
}

TEST_CASE("progress durations read as seconds, minutes or hours", "[sweep][progress]") {
    CHECK(Progress::duration_text(1.234) == "1.23s");
    CHECK(Progress::duration_text(12.34) == "12.3s");
    CHECK(Progress::duration_text(185) == "3m05s");
    CHECK(Progress::duration_text(3 * 3600 + 7 * 60 + 5) == "3h07m");
}
