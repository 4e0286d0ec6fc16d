// Tests of the sweep's byte encodings and its journal (no MPI, no HDF5): round trips keep every
// bit, a record cut off by a kill or damaged on disk is dropped (never read as data), and a
// journal held by another process is refused.
#include "sweep/journal.hpp"
#include "sweep/codec.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace chaoslab;

namespace {

std::string temp_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("chaoslab_journal_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

ResultRow sample_row(double x) {
    ResultRow row;
    row.emplace_back("lz", Value::of(x));
    row.emplace_back("name", Value::of(std::string("exc\0pop", 7)));
    row.emplace_back("rates",
                     Value::of(Shape{2, 3}, {1, -0.0, std::numeric_limits<double>::quiet_NaN(), 4, 5e300, -7}));
    return row;
}

bool same_rows(const ResultRow& a, const ResultRow& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k].first != b[k].first || !same_bits(a[k].second, b[k].second)) return false;
    }
    return true;
}

SweepTable small_table() {
    SweepTable t;
    t.session = 7;
    t.id = "v2";
    t.axes = {"g", "kind"};
    t.params = {{Value::of(0.5), Value::of(1.5)}, {Value::of(std::string("a")), Value::of(std::string("b"))}};
    t.status = {PointStatus::done, PointStatus::failed};
    t.errors = {"", "study.lua:3: boom"};
    t.results = {sample_row(0.25), {}};
    t.text_attributes = {{"script", "print(1)"}};
    t.number_attributes = {{"ranks", 3}};
    t.units = {{"g", "mV"}};
    return t;
}

} // namespace

TEST_CASE("values, rows and outcomes survive encoding bit for bit", "[sweep][journal]") {
    PointOutcome o{41, true, sample_row(-0.0), ""};
    ByteWriter w;
    write_outcome(w, o);
    PointOutcome f{3, false, {}, "bad point"};
    write_outcome(w, f);
    ByteReader r(w.bytes());
    const PointOutcome back = read_outcome(r);
    CHECK(back.index == 41);
    CHECK(back.ok);
    CHECK(same_rows(back.row, o.row));
    CHECK(std::signbit(back.row[0].second.number));
    const PointOutcome back_f = read_outcome(r);
    CHECK(back_f.index == 3);
    CHECK_FALSE(back_f.ok);
    CHECK(back_f.error == "bad point");
    CHECK(r.at_end());
}

TEST_CASE("a whole table survives encoding, and a truncated one is an error", "[sweep][journal]") {
    const SweepTable t = small_table();
    Bytes b = encode_table(t);
    const SweepTable u = decode_table(b);
    CHECK(u.session == 7);
    CHECK(u.id == "v2");
    CHECK(u.axes == t.axes);
    CHECK(same_bits(u.params[1][1], t.params[1][1]));
    CHECK(u.status == t.status);
    CHECK(u.errors == t.errors);
    CHECK(same_rows(u.results[0], t.results[0]));
    CHECK(u.units.at("g") == "mV");
    CHECK(u.number_attributes == t.number_attributes);
    b.resize(b.size() - 3);
    CHECK_THROWS_AS(decode_table(b), Error);
}

TEST_CASE("the journal returns its records and drops a torn or damaged tail", "[sweep][journal]") {
    const std::string path = temp_path("torn.journal");
    std::filesystem::remove(path);
    Bytes one{std::byte{1}, std::byte{2}}, two(1000, std::byte{7});
    std::uint64_t complete = 0;
    {
        Journal j(path, "x.h5");
        std::uint64_t dropped = 1;
        CHECK(j.read_all(dropped).empty());
        CHECK(dropped == 0);
        j.append(one);
        j.append(two);
        complete = j.size();
        j.append(one);
    }
    SECTION("a record cut short by a kill") {
        std::filesystem::resize_file(path, complete + 5);
        Journal j(path, "x.h5");
        std::uint64_t dropped = 0;
        const auto records = j.read_all(dropped);
        REQUIRE(records.size() == 2);
        CHECK(records[0] == one);
        CHECK(records[1] == two);
        CHECK(dropped == 5);
        CHECK(j.size() == complete); // cut back, so new records follow whole ones
        j.append(one);
        std::uint64_t again = 1;
        CHECK(j.read_all(again).size() == 3);
        CHECK(again == 0);
    }
    SECTION("a damaged byte in the last record") {
        {
            std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(complete + 8));
            f.put(static_cast<char>(99));
        }
        Journal j(path, "x.h5");
        std::uint64_t dropped = 0;
        CHECK(j.read_all(dropped).size() == 2);
        CHECK(dropped == 10);
    }
    std::filesystem::remove(path);
}

TEST_CASE("a journal of another program is refused", "[sweep][journal]") {
    const std::string path = temp_path("other.journal");
    {
        std::ofstream f(path);
        f << "hello, this is not a journal\n";
    }
    Journal j(path, "x.h5");
    std::uint64_t dropped = 0;
    CHECK_THROWS_WITH(j.read_all(dropped),
                      "sweep: " + path + " is not a chaoslab journal; remove it or set overwrite = true");
    std::filesystem::remove(path);
}

TEST_CASE("a journal locked by another process is refused with a clear message", "[sweep][journal]") {
    const std::string path = temp_path("locked.journal");
    std::filesystem::remove(path);
    Journal held(path, "x.h5");
    // flock locks belong to the open file description: a second open in this process conflicts too,
    // but a child process is what the message is about.
    const pid_t child = ::fork();
    if (child == 0) {
        try {
            Journal again(path, "x.h5");
            ::_exit(0);
        } catch (const ConfigError& e) {
            const std::string want =
                "sweep: x.h5 is being written by another chaoslab process (" + path + " is locked)";
            ::_exit(std::string(e.what()) == want ? 3 : 4);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    held.remove();
}
