// Tests of io/sweep_file: a table written and read back keeps every bit (NaN, -0, strings, 2-D and
// zero-size arrays, pending and failed points, units, attributes in order), the layout reads as
// documented through io/h5_tree, the write leaves no temporary file and refuses inconsistent
// tables, and other files are told apart from sweep files with clear errors.
#include "io/sweep_file.hpp"

#include "core/errors.hpp"
#include "io/h5_tree.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unistd.h>

using namespace chaoslab;

namespace {

// A private folder per test case, removed afterwards.
struct TempDir : test::TempDir {
    TempDir() : test::TempDir("chaoslab_sweep_file") {}
};

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
    TempDir dir;
    const std::string path = dir.file("round.h5");
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
    TempDir dir;
    const std::string path = dir.file("grid.h5");
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
    TempDir dir;
    CHECK_FALSE(is_sweep_file(dir.file("missing.h5")));
    const std::string text = dir.file("text.h5");
    std::ofstream(text) << "not hdf5";
    CHECK_FALSE(is_sweep_file(text));
    CHECK_THROWS_AS(read_sweep_file(text), Error);
    std::filesystem::remove(text);
}

// ---- the layout in detail, edge cases and errors -------------------------------------------------

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

const H5Node* child(const H5Node& node, const std::string& name) {
    for (const H5Node& c : node.children) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

const H5Value* attribute(const H5Attributes& attrs, const std::string& name) {
    for (const auto& [n, v] : attrs) {
        if (n == name) return &v;
    }
    return nullptr;
}

// Every field of two tables (results of done points only) bit for bit.
void check_same(const SweepTable& u, const SweepTable& t) {
    CHECK(u.session == t.session);
    CHECK(u.id == t.id);
    CHECK(u.axes == t.axes);
    REQUIRE(u.params.size() == t.params.size());
    for (std::size_t a = 0; a < t.params.size(); ++a) {
        REQUIRE(u.params[a].size() == t.params[a].size());
        for (std::size_t p = 0; p < t.params[a].size(); ++p) CHECK(same_bits(u.params[a][p], t.params[a][p]));
    }
    REQUIRE(u.grid.size() == t.grid.size());
    for (std::size_t a = 0; a < t.grid.size(); ++a) {
        REQUIRE(u.grid[a].size() == t.grid[a].size());
        for (std::size_t k = 0; k < t.grid[a].size(); ++k) CHECK(same_bits(u.grid[a][k], t.grid[a][k]));
    }
    CHECK(u.status == t.status);
    CHECK(u.errors == t.errors);
    REQUIRE(u.results.size() == t.results.size());
    for (std::size_t p = 0; p < t.results.size(); ++p) {
        INFO("point " << p);
        if (t.status[p] != PointStatus::done) {
            CHECK(u.results[p].empty());
            continue;
        }
        REQUIRE(u.results[p].size() == t.results[p].size());
        for (std::size_t k = 0; k < t.results[p].size(); ++k) {
            CHECK(u.results[p][k].first == t.results[p][k].first);
            CHECK(same_bits(u.results[p][k].second, t.results[p][k].second));
        }
    }
    CHECK(u.text_attributes == t.text_attributes);
    REQUIRE(u.number_attributes.size() == t.number_attributes.size());
    for (std::size_t k = 0; k < t.number_attributes.size(); ++k) {
        CHECK(u.number_attributes[k].first == t.number_attributes[k].first);
        CHECK(same_bits(u.number_attributes[k].second, t.number_attributes[k].second));
    }
}

} // namespace

TEST_CASE("every field of a sweep table round-trips, attributes in their order", "[io]") {
    TempDir dir;
    SweepTable t = table();
    // Attributes deliberately not in name order, with NaN and -0 among the numbers.
    t.text_attributes = {{"zeta", "last by name"}, {"command_line", "chaoslab s.lua"}, {"empty", ""}};
    t.number_attributes = {{"threads_per_rank", 2}, {"nan", std::nan("")}, {"neg0", -0.0}, {"big", 1e300}};
    t.grid = {{Value::of(0.25), Value::of(0.5), Value::of(-0.0)},
              {Value::of(std::string("delta")), Value::of(std::string("exp")), Value::of(std::string("δ"))}};
    t.units = {{"g", "mV"}, {"lz", "bits"}, {"m", "ms"}, {"syn", "kind"}};
    write_sweep_file(dir.file("all.h5"), t);
    const SweepTable u = read_sweep_file(dir.file("all.h5"));
    check_same(u, t);
    CHECK(u.units == t.units);
}

TEST_CASE("the sweep file layout reads as documented through any HDF5 reader", "[io]") {
    TempDir dir;
    const std::string path = dir.file("layout.h5");
    SweepTable t = table();
    t.status = {PointStatus::done, PointStatus::failed, PointStatus::pending};
    t.results[2] = {};
    t.grid = {{Value::of(0.25), Value::of(0.5)}, {Value::of(std::string("delta")), Value::of(std::string("exp"))}};
    write_sweep_file(path, t);

    const H5Attributes root = h5_read_attributes("test", path, "/");
    REQUIRE(attribute(root, "format"));
    CHECK(attribute(root, "format")->strings == std::vector<std::string>{"chaoslab sweep 1"});
    REQUIRE(attribute(root, "session"));
    CHECK(attribute(root, "session")->is_integer);
    CHECK(attribute(root, "session")->numbers.at(0) == 12345678901234.0);
    CHECK(attribute(root, "axes")->strings == t.axes);
    REQUIRE(attribute(root, "ranks"));
    CHECK_FALSE(attribute(root, "ranks")->is_integer); // number attributes are float64
    CHECK(attribute(root, "ranks")->shape.empty());
    CHECK(attribute(root, "script")->is_string);

    const H5Node file = h5_read("test", path, "/");
    const H5Node* status = child(file, "status");
    REQUIRE(status);
    CHECK(status->value.strings == std::vector<std::string>{"done", "failed", "pending"});
    const H5Node* errors = child(file, "errors");
    REQUIRE(errors);
    CHECK(errors->value.strings == t.errors);
    const H5Node* results = child(file, "results");
    REQUIRE(results);
    REQUIRE(results->children.size() == 3);
    const H5Node* m = child(*results, "m");
    REQUIRE(m);
    CHECK(m->value.shape == Shape{3, 2, 2});
    CHECK(std::isnan(m->value.numbers[4]));  // the failed point holds NaN
    CHECK(std::isnan(m->value.numbers[11])); // and so does the pending one
    const H5Node* label = child(*results, "label");
    REQUIRE(label);
    CHECK(label->value.strings == std::vector<std::string>{"p1.500000", "", ""});
    const H5Node* lz = child(*results, "lz");
    REQUIRE(lz);
    CHECK(lz->value.shape == Shape{3});
    const H5Attributes g = h5_read_attributes("test", path, "/params/g");
    CHECK(attribute(g, "units")->strings == std::vector<std::string>{"mV"});
    CHECK(attribute(g, "grid_values")->numbers == std::vector<double>{0.25, 0.5});
    const H5Attributes syn = h5_read_attributes("test", path, "/params/syn");
    CHECK(attribute(syn, "grid_values")->strings == std::vector<std::string>{"delta", "exp"});
    CHECK_FALSE(attribute(syn, "units"));
}

TEST_CASE("zero-size arrays, no done point and no point at all round-trip", "[io]") {
    TempDir dir;
    SweepTable t;
    t.axes = {"k"};
    t.params = {{Value::of(1.0), Value::of(2.0)}};
    t.status = {PointStatus::done, PointStatus::done};
    t.errors = {"", ""};
    t.results = {ResultRow{{"e", Value::of(Shape{0}, {})}, {"w", Value::of(Shape{2, 0}, {})}},
                 ResultRow{{"e", Value::of(Shape{0}, {})}, {"w", Value::of(Shape{2, 0}, {})}}};
    write_sweep_file(dir.file("zero.h5"), t);
    check_same(read_sweep_file(dir.file("zero.h5")), t);

    t.status = {PointStatus::pending, PointStatus::failed};
    t.errors = {"", "boom"};
    t.results = {{}, {}};
    write_sweep_file(dir.file("none_done.h5"), t);
    check_same(read_sweep_file(dir.file("none_done.h5")), t);
    const H5Node results = h5_read("test", dir.file("none_done.h5"), "/results");
    CHECK(results.is_group);
    CHECK(results.children.empty());

    SweepTable empty;
    empty.session = 7;
    write_sweep_file(dir.file("empty.h5"), empty);
    check_same(read_sweep_file(dir.file("empty.h5")), empty);
}

TEST_CASE("a rewrite replaces the old file whole and leaves no temporary behind", "[io]") {
    TempDir dir;
    const std::string path = dir.file("w.h5");
    SweepTable t = table();
    write_sweep_file(path, t);
    t.id = "second";
    t.text_attributes = {{"state", "running"}};
    t.number_attributes = {};
    write_sweep_file(path, t);
    const SweepTable u = read_sweep_file(path);
    CHECK(u.id == "second");
    CHECK(u.text_attributes == t.text_attributes);
    CHECK(u.number_attributes.empty());
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++files;
    CHECK(files == 1);
    // A stale temporary from a crashed writer is replaced, not an obstacle.
    std::ofstream(path + ".tmp") << "half a file";
    write_sweep_file(path, t);
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
    CHECK(read_sweep_file(path).id == "second");
}

TEST_CASE("an inconsistent table is refused and the old file stays", "[io][errors]") {
    TempDir dir;
    const std::string path = dir.file("bad.h5");
    write_sweep_file(path, table());
    const auto refused = [&](SweepTable t, const std::string& msg) {
        CHECK_THROWS_WITH(write_sweep_file(path, t), "sweep file " + path + ": " + msg);
        CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
        CHECK(read_sweep_file(path).id == "v3");
    };
    SweepTable t = table();
    t.errors.pop_back();
    refused(t, "3 points but 2 errors and 3 result rows");
    t = table();
    t.results[2][2].second = Value::of(Shape{3}, {1, 2, 3});
    refused(t, "result 'm' has shape {3} and {2x2} (point 3 vs point 1)");
    t = table();
    t.results[2][1].second = Value::of(std::string("x"));
    refused(t, "result 'lz' is a string and a number (point 3 vs point 1)");
    t = table();
    t.results[0][2].second.data.pop_back();
    refused(t, "result 'm' of point 1 has 3 values for shape {2x2}");
    t = table();
    t.text_attributes.emplace_back("format", "mine");
    refused(t, "attribute 'format' is reserved for the file's layout");
    t = table();
    t.params[0][1] = Value::of(std::string("x"));
    refused(t, "the values of axis 'g' mix numbers and strings");
    t = table();
    t.axes[1] = "a/b";
    refused(t, "axis name 'a/b' cannot be empty or contain '/'");
}

TEST_CASE("files that are not sweep files are told apart with clear errors", "[io][errors]") {
    TempDir dir;
    const std::string missing = dir.file("missing.h5");
    CHECK_FALSE(is_sweep_file(missing));
    CHECK_THROWS_AS(read_sweep_file(missing), ConfigError);
    CHECK_THROWS_WITH(read_sweep_file(missing), "sweep file " + missing + ": no such file");

    const std::string text = dir.file("text.h5");
    std::ofstream(text) << "not hdf5";
    CHECK_FALSE(is_sweep_file(text));
    CHECK_THROWS_WITH(read_sweep_file(text), text + " is not a chaoslab sweep file (not an HDF5 file)");

    CHECK_FALSE(is_sweep_file(dir.path.string())); // a folder

    // A plain HDF5 file, and one whose 'format' is something else.
    const std::string plain = dir.file("plain.h5");
    H5Node root;
    root.is_group = true;
    H5Node x;
    x.name = "x";
    x.value.numbers = {1.0};
    root.children.push_back(x);
    h5_write("test", plain, root, false, {});
    CHECK_FALSE(is_sweep_file(plain));
    CHECK_THROWS_AS(read_sweep_file(plain), ConfigError);
    CHECK_THROWS_WITH(read_sweep_file(plain), plain + " is not a chaoslab sweep file (no 'format' attribute)");

    const std::string other = dir.file("other.h5");
    H5Value format;
    format.is_string = true;
    format.strings = {"someone else 2"};
    h5_write("test", other, root, false, {{"format", format}});
    CHECK_FALSE(is_sweep_file(other));
    CHECK_THROWS_WITH(read_sweep_file(other),
                      other + " is not a chaoslab sweep file (format 'someone else 2', expected 'chaoslab sweep 1')");

    // A sweep file missing one of its datasets names the file and the object.
    const std::string broken = dir.file("broken.h5");
    h5_write("test", broken, root, false, {{"format", [] {
                                                H5Value v;
                                                v.is_string = true;
                                                v.strings = {"chaoslab sweep 1"};
                                                return v;
                                            }()}});
    CHECK(is_sweep_file(broken));
    CHECK_THROWS_AS(read_sweep_file(broken), Error);
    CHECK_THROWS_WITH(read_sweep_file(broken), Catch::Contains("sweep file " + broken + ": cannot read"));
}

TEST_CASE("a sweep file cannot be written into a missing folder", "[io][errors]") {
    TempDir dir;
    const std::string path = dir.file("no/such/folder/s.h5");
    CHECK_THROWS_AS(write_sweep_file(path, table()), Error);
    CHECK_THROWS_WITH(write_sweep_file(path, table()), Catch::Contains(path));
    CHECK_FALSE(std::filesystem::exists(dir.path / "no"));
}
