// Byte encodings of what a sweep stores and sends: values, result rows, point outcomes and the
// sweep's identity. Used by the journal (on disk) and by MPI messages; little-endian, versioned
// by the journal's magic line.
#pragma once

#include "io/sweep_table.hpp"
#include "parallel/comm.hpp"

#include <cstdint>
#include <string>

namespace chaoslab {

// What one computed point produced: its results, or the error that stopped it.
struct PointOutcome {
    std::size_t index = 0; // 0-based point index
    bool ok = false;
    ResultRow row;     // when ok
    std::string error; // when not ok
};

class ByteWriter {
public:
    void u8(std::uint8_t x) { raw(&x, 1); }
    void u32(std::uint32_t x) { raw(&x, 4); }
    void u64(std::uint64_t x) { raw(&x, 8); }
    void f64(double x) { raw(&x, 8); }
    void text(const std::string& s);
    void raw(const void* p, std::size_t n);
    Bytes& bytes() { return bytes_; }

private:
    Bytes bytes_;
};

// Reads what ByteWriter wrote; any overrun throws chaoslab::Error ("truncated ..."), so a damaged
// record can never be read as data.
class ByteReader {
public:
    explicit ByteReader(const Bytes& b) : data_(b.data()), size_(b.size()) {}
    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    double f64();
    std::string text();
    void raw(void* p, std::size_t n);
    bool at_end() const { return pos_ == size_; }

private:
    const std::byte* data_;
    std::size_t size_, pos_ = 0;
};

void write_value(ByteWriter& w, const Value& v);
Value read_value(ByteReader& r);
void write_row(ByteWriter& w, const ResultRow& row);
ResultRow read_row(ByteReader& r);
void write_outcome(ByteWriter& w, const PointOutcome& o);
PointOutcome read_outcome(ByteReader& r);

// Identity and provenance of a table (session, id, axes, params, grid, text and number
// attributes, units): everything but the per-point columns.
void write_identity(ByteWriter& w, const SweepTable& t);
// Fills those fields of `t` (the per-point columns are sized to the number of points, pending).
void read_identity(ByteReader& r, SweepTable& t);

// A whole table (identity and every point), for the final broadcast to all ranks.
Bytes encode_table(const SweepTable& t);
SweepTable decode_table(const Bytes& b);

// FNV-1a 32 of bytes: the journal's record checksum (detects a torn or damaged tail).
std::uint32_t checksum(const std::byte* p, std::size_t n);

} // namespace chaoslab
