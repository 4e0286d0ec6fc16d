// Tests of what the runtime decides around a sweep's results: the session from the command line,
// the output path and its folder, the result-key checks and row order, the done/failed summary and
// the closing message of a sweep with failed points, and the option names of schedule and progress.
#include "core/errors.hpp"
#include "sweep/plan.hpp"
#include "sweep/progress.hpp"
#include "sweep/results.hpp"
#include "sweep/schedule.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace chaoslab;

namespace {

// A grid over g = 1..n (and syn = "delta" when `strings`), every point with status `s[p]`.
SweepTable table(const std::vector<PointStatus>& s, bool strings = false) {
    SweepTable t;
    t.axes = {"g"};
    t.params.emplace_back();
    for (std::size_t p = 0; p < s.size(); ++p) t.params[0].push_back(Value::of(static_cast<double>(p + 1) / 2));
    if (strings) {
        t.axes.push_back("syn");
        t.params.emplace_back(s.size(), Value::of(std::string("delta")));
    }
    t.status = s;
    t.errors.assign(s.size(), "");
    t.results.assign(s.size(), ResultRow());
    for (std::size_t p = 0; p < s.size(); ++p) {
        if (s[p] == PointStatus::failed) t.errors[p] = "boom " + std::to_string(p + 1);
    }
    return t;
}

constexpr auto done = PointStatus::done;
constexpr auto failed = PointStatus::failed;
constexpr auto pending = PointStatus::pending;

} // namespace

TEST_CASE("the session from the command line replaces the script's and a note says so", "[sweep][results]") {
    SessionChoice c = choose_session(1, std::nullopt);
    CHECK(c.session == 1);
    CHECK(c.note.empty());
    c = choose_session(7, 7);
    CHECK(c.session == 7);
    CHECK(c.note.empty());
    c = choose_session(1, 7);
    CHECK(c.session == 7);
    CHECK(c.note == "sweep: session 7 from the command line (the script says 1)");
    c = choose_session(3, 0);
    CHECK(c.session == 0);
    CHECK(c.note == "sweep: session 0 from the command line (the script says 3)");
}

TEST_CASE("a relative output goes under --output-dir, an absolute one stays", "[sweep][results]") {
    CHECK(output_path("g.h5", "") == "g.h5");
    CHECK(output_path("results/g.h5", "runs") == "runs/results/g.h5");
    CHECK(output_path("g.h5", "/scratch/7") == "/scratch/7/g.h5");
    CHECK(output_path("/data/g.h5", "runs") == "/data/g.h5");
    CHECK(output_path("", "runs").empty()); // results in memory only
}

TEST_CASE("the folders of the output are made, and a failure names folder and output", "[sweep][results]") {
    const test::TempDir dir("chaoslab_sweep_results");
    const std::string nested = dir.file("a/b/g.h5");
    make_output_folder(nested);
    CHECK(std::filesystem::is_directory(dir.path / "a" / "b"));
    CHECK_FALSE(std::filesystem::exists(nested)); // the folder only, not the file
    CHECK_NOTHROW(make_output_folder(nested));    // again: nothing to do
    CHECK_NOTHROW(make_output_folder("g.h5"));    // the current folder

    const std::string blocker = dir.write("file", "not a folder");
    const std::string out = blocker + "/sub/g.h5";
    std::string msg;
    try {
        make_output_folder(out);
    } catch (const ConfigError& e) {
        msg = e.what();
    }
    CHECK_THAT(msg, Catch::StartsWith("sweep: cannot create the folder " + blocker + "/sub of output " + out + ": "));
    CHECK(msg.size() > ("sweep: cannot create the folder " + blocker + "/sub of output " + out + ": ").size());
}

TEST_CASE("result keys: the results table's own fields are reserved, names are dataset names", "[sweep][results]") {
    CHECK(check_result_key("lz").empty());
    CHECK(check_result_key("rate_hz").empty());
    CHECK(check_result_key("Status").empty()); // case matters, as in Lua
    for (const char* key : {"params", "status", "errors", "info"}) {
        CHECK(check_result_key(key) ==
              "sweep: result key '" + std::string(key) + "' is reserved (params, status, errors, info)");
    }
    for (const char* key : {"", "a/b", "/x", ".", ".."}) {
        CHECK(check_result_key(key) == "sweep: result key '" + std::string(key) + "' cannot be empty or contain '/'");
    }
    CHECK(check_result_key("..a").empty());
    // The same names rule as the axes' (plan.hpp), both being dataset names of the sweep file.
    CHECK(is_dataset_name("g_std"));
    CHECK_FALSE(is_dataset_name("a/b"));
    CHECK_FALSE(is_dataset_name(".."));
}

TEST_CASE("a result row is sorted by key", "[sweep][results]") {
    ResultRow row{{"slope", Value::of(1.0)}, {"lz", Value::of(std::string("x"))}, {"a", Value::of(Shape{1}, {2.0})}};
    sort_row(row);
    REQUIRE(row.size() == 3);
    CHECK(row[0].first == "a");
    CHECK(row[0].second.kind == Value::Kind::array);
    CHECK(row[1].first == "lz");
    CHECK(row[1].second.text == "x");
    CHECK(row[2].first == "slope");
    CHECK(row[2].second.number == 1.0);
    ResultRow empty;
    sort_row(empty);
    CHECK(empty.empty());
}

TEST_CASE("the summary counts done, failed and pending points and finds the first failure", "[sweep][results]") {
    SweepSummary s = summarize(table({done, failed, pending, failed, done, done}));
    CHECK(s.points == 6);
    CHECK(s.done == 3);
    CHECK(s.failed == 2);
    CHECK(s.pending == 1);
    REQUIRE(s.first_failed);
    CHECK(*s.first_failed == 1);

    s = summarize(table({done, done}));
    CHECK(s.done == 2);
    CHECK(s.failed == 0);
    CHECK_FALSE(s.first_failed);

    s = summarize(SweepTable{});
    CHECK(s.points == 0);
    CHECK_FALSE(s.first_failed);
}

TEST_CASE("a point reads with its parameters in axis order", "[sweep][results]") {
    const SweepTable t = table({done, done, done}, true);
    CHECK(point_text(t, 0) == "point 1 (g = 0.5, syn = \"delta\")");
    CHECK(point_text(t, 2) == "point 3 (g = 1.5, syn = \"delta\")");
}

TEST_CASE("a sweep with failed points ends with one message naming the first", "[sweep][results]") {
    SweepTable t = table({done, pending, failed, done, failed});
    CHECK(failure_message(t, summarize(t), "out/g.h5") ==
          "sweep: 2 of 5 points failed, see /errors in out/g.h5 (first: point 3 (g = 1.5): boom 3)");
    CHECK(failure_message(t, summarize(t), "") ==
          "sweep: 2 of 5 points failed, see results.errors (first: point 3 (g = 1.5): boom 3)");
    t = table({done, done});
    CHECK(failure_message(t, summarize(t), "out/g.h5").empty());
}

TEST_CASE("schedule and progress options map to their enums through one table each", "[sweep][results]") {
    CHECK(std::string(enum_text<Schedule>(kScheduleNames, Schedule::static_split)) == "static");
    CHECK(std::string(enum_text<Schedule>(kScheduleNames, Schedule::dynamic)) == "dynamic");
    CHECK(std::string(enum_text<ProgressMode>(kProgressModeNames, ProgressMode::bar)) == "bar");
    CHECK(std::string(enum_text<ProgressMode>(kProgressModeNames, ProgressMode::log)) == "log");
    // true and false (automatic, off) are the option's booleans, not strings.
    CHECK(std::string(enum_text<ProgressMode>(kProgressModeNames, ProgressMode::automatic)) == "?");
    CHECK(std::string(enum_text<ProgressMode>(kProgressModeNames, ProgressMode::off)) == "?");
}
