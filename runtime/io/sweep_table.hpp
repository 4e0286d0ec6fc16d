// The in-memory form of one sweep: its identity, its points, and what each point produced. The
// journal replays into it, the HDF5 sweep file stores it, and the Lua results table is built from it.
#pragma once

#include "core/array.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

// One parameter or result value: a number, a string, or an N-d array of numbers.
struct Value {
    enum class Kind : std::uint8_t { number = 0, string = 1, array = 2 };
    Kind kind = Kind::number;
    double number = 0.0;      // Kind::number
    std::string text;         // Kind::string
    Shape shape;              // Kind::array (ndim >= 1)
    std::vector<double> data; // Kind::array: row-major, size = product of shape

    static Value of(double x) { return Value{Kind::number, x, {}, {}, {}}; }
    static Value of(std::string s) { return Value{Kind::string, 0.0, std::move(s), {}, {}}; }
    static Value of(Shape shape, std::vector<double> data) {
        return Value{Kind::array, 0.0, {}, std::move(shape), std::move(data)};
    }
};

// Equal kinds, shapes and bits (so NaN equals NaN and -0 differs from 0): "the same result".
bool same_bits(const Value& a, const Value& b);

// "a number", "a string", "an array": how a kind reads in messages.
const char* kind_name(Value::Kind k);

enum class PointStatus : std::uint8_t { pending = 0, done = 1, failed = 2 };
const char* status_name(PointStatus s); // "pending", "done", "failed"

// The results of one point, sorted by key.
using ResultRow = std::vector<std::pair<std::string, Value>>;

struct SweepTable {
    // Identity (with the result keys): a resumed sweep must match all of it.
    std::uint64_t session = 0;
    std::string id;                         // "" when the script gave none
    std::vector<std::string> axes;          // axis names in stored order
    std::vector<std::vector<Value>> params; // params[axis][point]: a number or a string
    // For a grid (the product of the axes, first axis slowest): each axis's own values. Empty
    // when the script listed its points.
    std::vector<std::vector<Value>> grid;

    // One entry per point.
    std::vector<PointStatus> status;
    std::vector<std::string> errors; // "" unless failed
    std::vector<ResultRow> results;  // empty unless done

    // Provenance, stored as attributes of the root group: script, command_line, host, started, ...
    std::vector<std::pair<std::string, std::string>> text_attributes;
    std::vector<std::pair<std::string, double>> number_attributes; // ranks, threads_per_rank, ...
    std::map<std::string, std::string> units;                      // per axis or result key

    std::size_t n_points() const { return status.size(); }
};

// The results of the first done point (the sweep's keys, kinds and shapes), or nullptr.
const ResultRow* first_done_row(const SweepTable& t);

// Result `k` of every point as one column: numbers row-major [points, shape...] with NaN where a
// point has no result; strings with "" there. `like` is that key's value at a done point.
std::vector<double> number_column(const SweepTable& t, std::size_t k, const Value& like);
std::vector<std::string> text_column(const SweepTable& t, std::size_t k);

} // namespace chaoslab
