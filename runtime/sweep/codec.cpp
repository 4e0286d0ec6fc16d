// Byte encodings of sweep values, rows, outcomes and identities (see sweep_codec.hpp).
#include "sweep/codec.hpp"

#include "core/errors.hpp"

#include <cstring>

namespace chaoslab {

void ByteWriter::raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
}

void ByteWriter::text(const std::string& s) {
    u64(s.size());
    raw(s.data(), s.size());
}

void ByteReader::raw(void* p, std::size_t n) {
    if (n > size_ - pos_) throw Error("sweep: truncated record (wanted " + std::to_string(n) + " more bytes)");
    if (n) std::memcpy(p, data_ + pos_, n);
    pos_ += n;
}
std::uint8_t ByteReader::u8() {
    std::uint8_t x;
    raw(&x, 1);
    return x;
}
std::uint32_t ByteReader::u32() {
    std::uint32_t x;
    raw(&x, 4);
    return x;
}
std::uint64_t ByteReader::u64() {
    std::uint64_t x;
    raw(&x, 8);
    return x;
}
double ByteReader::f64() {
    double x;
    raw(&x, 8);
    return x;
}
std::string ByteReader::text() {
    const std::uint64_t n = u64();
    if (n > size_ - pos_) throw Error("sweep: truncated record (a string of " + std::to_string(n) + " bytes)");
    std::string s(static_cast<std::size_t>(n), '\0');
    raw(s.data(), s.size());
    return s;
}

void write_value(ByteWriter& w, const Value& v) {
    w.u8(static_cast<std::uint8_t>(v.kind));
    switch (v.kind) {
    case Value::Kind::number:
        w.f64(v.number);
        break;
    case Value::Kind::string:
        w.text(v.text);
        break;
    case Value::Kind::array:
        w.u32(static_cast<std::uint32_t>(v.shape.size()));
        for (const std::size_t d : v.shape) w.u64(d);
        w.raw(v.data.data(), v.data.size() * sizeof(double));
        break;
    }
}

Value read_value(ByteReader& r) {
    const std::uint8_t kind = r.u8();
    switch (kind) {
    case 0:
        return Value::of(r.f64());
    case 1:
        return Value::of(r.text());
    case 2: {
        Shape shape(r.u32());
        std::size_t n = 1;
        for (std::size_t& d : shape) {
            d = r.u64();
            if (d && n > (std::size_t{1} << 40) / d) throw Error("sweep: damaged record (array too large)");
            n *= d;
        }
        std::vector<double> data(n);
        r.raw(data.data(), n * sizeof(double));
        return Value::of(std::move(shape), std::move(data));
    }
    default:
        throw Error("sweep: damaged record (value kind " + std::to_string(kind) + ")");
    }
}

void write_row(ByteWriter& w, const ResultRow& row) {
    w.u64(row.size());
    for (const auto& [key, value] : row) {
        w.text(key);
        write_value(w, value);
    }
}

ResultRow read_row(ByteReader& r) {
    const std::uint64_t n = r.u64();
    ResultRow row;
    for (std::uint64_t k = 0; k < n; ++k) {
        std::string key = r.text();
        row.emplace_back(std::move(key), read_value(r));
    }
    return row;
}

void write_outcome(ByteWriter& w, const PointOutcome& o) {
    w.u64(o.index);
    w.u8(o.ok ? 1 : 0);
    if (o.ok) {
        write_row(w, o.row);
    } else {
        w.text(o.error);
    }
}

PointOutcome read_outcome(ByteReader& r) {
    PointOutcome o;
    o.index = static_cast<std::size_t>(r.u64());
    o.ok = r.u8() != 0;
    if (o.ok) {
        o.row = read_row(r);
    } else {
        o.error = r.text();
    }
    return o;
}

namespace {

void write_values(ByteWriter& w, const std::vector<Value>& values) {
    w.u64(values.size());
    for (const Value& v : values) write_value(w, v);
}

std::vector<Value> read_values(ByteReader& r) {
    const std::uint64_t n = r.u64();
    std::vector<Value> values;
    for (std::uint64_t k = 0; k < n; ++k) values.push_back(read_value(r));
    return values;
}

} // namespace

void write_identity(ByteWriter& w, const SweepTable& t) {
    w.u64(t.session);
    w.text(t.id);
    w.u64(t.n_points());
    w.u64(t.axes.size());
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
        w.text(t.axes[a]);
        write_values(w, t.params[a]);
    }
    w.u64(t.grid.size());
    for (const auto& values : t.grid) write_values(w, values);
    w.u64(t.text_attributes.size());
    for (const auto& [name, text] : t.text_attributes) {
        w.text(name);
        w.text(text);
    }
    w.u64(t.number_attributes.size());
    for (const auto& [name, x] : t.number_attributes) {
        w.text(name);
        w.f64(x);
    }
    w.u64(t.units.size());
    for (const auto& [name, unit] : t.units) {
        w.text(name);
        w.text(unit);
    }
}

void read_identity(ByteReader& r, SweepTable& t) {
    t.session = r.u64();
    t.id = r.text();
    const auto points = static_cast<std::size_t>(r.u64());
    t.axes.clear();
    t.params.clear();
    for (std::uint64_t a = 0, n = r.u64(); a < n; ++a) {
        t.axes.push_back(r.text());
        t.params.push_back(read_values(r));
        if (t.params.back().size() != points) throw Error("sweep: damaged record (axis length)");
    }
    t.grid.clear();
    for (std::uint64_t a = 0, n = r.u64(); a < n; ++a) t.grid.push_back(read_values(r));
    t.text_attributes.clear();
    for (std::uint64_t k = 0, n = r.u64(); k < n; ++k) {
        std::string name = r.text();
        t.text_attributes.emplace_back(std::move(name), r.text());
    }
    t.number_attributes.clear();
    for (std::uint64_t k = 0, n = r.u64(); k < n; ++k) {
        std::string name = r.text();
        t.number_attributes.emplace_back(std::move(name), r.f64());
    }
    t.units.clear();
    for (std::uint64_t k = 0, n = r.u64(); k < n; ++k) {
        std::string name = r.text();
        t.units[name] = r.text();
    }
    t.status.assign(points, PointStatus::pending);
    t.errors.assign(points, std::string());
    t.results.assign(points, ResultRow());
}

Bytes encode_table(const SweepTable& t) {
    ByteWriter w;
    write_identity(w, t);
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        w.u8(static_cast<std::uint8_t>(t.status[p]));
        w.text(t.errors[p]);
        write_row(w, t.results[p]);
    }
    return std::move(w.bytes());
}

SweepTable decode_table(const Bytes& b) {
    ByteReader r(b);
    SweepTable t;
    read_identity(r, t);
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        t.status[p] = static_cast<PointStatus>(r.u8());
        t.errors[p] = r.text();
        t.results[p] = read_row(r);
    }
    return t;
}

std::uint32_t checksum(const std::byte* p, std::size_t n) {
    std::uint32_t h = 2166136261u; // FNV-1a 32 offset basis
    for (std::size_t k = 0; k < n; ++k) {
        h ^= static_cast<std::uint8_t>(p[k]);
        h *= 16777619u; // FNV-1a 32 prime
    }
    return h;
}

} // namespace chaoslab
