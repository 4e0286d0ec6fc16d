// Tests of io/sweep_file: a table written and read back keeps every bit (NaN, -0, strings, 2-D
// arrays, pending and failed points, units, attributes), the write leaves no temporary file, and
// other files are told apart from sweep files.
#include "io/sweep_file.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unistd.h>

using namespace chaoslab;

namespace {

std::string temp_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("chaoslab_sweep_file_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

SweepTable table() {
    SweepTable t;
    t.session = 12345678901234ull;
    t.id = "v3";
    t.axes = {"g", "syn"};
    t.params = {{Value::of(0.25), Value::of(0.5), Value::of(-0.0)},
                {Value::of(std::string("delta")), Value::of(std::string("exp")), Value::of(std::string("δ"))}};
    t.grid = {};
    t.status = {PointStatus::done, PointStatus::failed, PointStatus::done};
    t.errors = {"", "study.lua:9: boom", ""};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto row = [&](double x) {
        std::string label = "p"; // appended: GCC 12 warns falsely (-Wrestrict) on "p" + std::string&&
        label += std::to_string(x);
        return ResultRow{
            {"label", Value::of(label)}, {"lz", Value::of(x)}, {"m", Value::of(Shape{2, 2}, {x, -0.0, nan, 1e-300})}};
    };
    t.results = {row(1.5), {}, row(-2.0)};
    t.text_attributes = {{"script", "local cl = require 'chaoslab'\n"}, {"state", "complete"}};
    t.number_attributes = {{"ranks", 3}, {"ratio", 0.75}};
    t.units = {{"g", "mV"}, {"lz", ""}};
    return t;
}

} // namespace

TEST_CASE("a sweep table survives the HDF5 file bit for bit", "[io]") {
    const std::string path = temp_path("round.h5");
    const SweepTable t = table();
    write_sweep_file(path, t);
    CHECK(is_sweep_file(path));
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
    const SweepTable u = read_sweep_file(path);
    CHECK(u.session == t.session);
    CHECK(u.id == "v3");
    CHECK(u.axes == t.axes);
    for (std::size_t a = 0; a < 2; ++a) {
        for (std::size_t p = 0; p < 3; ++p) CHECK(same_bits(u.params[a][p], t.params[a][p]));
    }
    CHECK(u.status == t.status);
    CHECK(u.errors == t.errors);
    REQUIRE(u.results[0].size() == 3);
    CHECK(u.results[1].empty());
    for (const std::size_t p : {0u, 2u}) {
        for (std::size_t k = 0; k < 3; ++k) {
            CHECK(u.results[p][k].first == t.results[p][k].first);
            CHECK(same_bits(u.results[p][k].second, t.results[p][k].second));
        }
    }
    CHECK(u.units.at("g") == "mV");
    CHECK(u.number_attributes.size() == 2);
    bool saw_script = false;
    for (const auto& [name, text] : u.text_attributes)
        saw_script |= name == "script" && text == t.text_attributes[0].second;
    CHECK(saw_script);
    std::filesystem::remove(path);
}

TEST_CASE("a grid keeps its axis values, and a rewrite replaces the file", "[io]") {
    const std::string path = temp_path("grid.h5");
    SweepTable t = table();
    t.grid = {{Value::of(0.25), Value::of(0.5), Value::of(-0.0)},
              {Value::of(std::string("delta")), Value::of(std::string("exp")), Value::of(std::string("δ"))}};
    write_sweep_file(path, t);
    t.status[1] = PointStatus::pending;
    t.errors[1] = "";
    write_sweep_file(path, t);
    const SweepTable u = read_sweep_file(path);
    REQUIRE(u.grid.size() == 2);
    CHECK(same_bits(u.grid[1][2], t.grid[1][2]));
    CHECK(u.status[1] == PointStatus::pending);
    std::filesystem::remove(path);
}

TEST_CASE("other files are not sweep files", "[io]") {
    CHECK_FALSE(is_sweep_file(temp_path("missing.h5")));
    const std::string text = temp_path("text.h5");
    std::ofstream(text) << "not hdf5";
    CHECK_FALSE(is_sweep_file(text));
    CHECK_THROWS_AS(read_sweep_file(text), Error);
    std::filesystem::remove(text);
}
