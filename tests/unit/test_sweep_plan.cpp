// Tests of the sweep's pure parts: the static and dynamic schedules, identity and result-shape
// comparisons with their messages, and the progress durations.
#include "sweep/identity.hpp"
#include "sweep/progress.hpp"
#include "sweep/schedule.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

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

} // namespace

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
