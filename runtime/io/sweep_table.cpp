// Bitwise comparison of sweep values and the names of point states.
#include "io/sweep_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace chaoslab {

bool same_bits(const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Value::Kind::number:
        // Bits, not values, on purpose (NaN equals itself, -0 differs from 0).
        // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison)
        return std::memcmp(&a.number, &b.number, sizeof(double)) == 0;
    case Value::Kind::string:
        return a.text == b.text;
    case Value::Kind::array:
        return a.shape == b.shape && a.data.size() == b.data.size() &&
               (a.data.empty() || std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(double)) == 0);
    }
    return false;
}

const char* status_name(PointStatus s) {
    switch (s) {
    case PointStatus::pending:
        return "pending";
    case PointStatus::done:
        return "done";
    case PointStatus::failed:
        return "failed";
    }
    return "?";
}

const char* kind_name(Value::Kind k) {
    switch (k) {
    case Value::Kind::number:
        return "a number";
    case Value::Kind::string:
        return "a string";
    case Value::Kind::array:
        return "an array";
    }
    return "?";
}

const ResultRow* first_done_row(const SweepTable& t) {
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        if (t.status[p] == PointStatus::done) return &t.results[p];
    }
    return nullptr;
}

std::vector<double> number_column(const SweepTable& t, std::size_t k, const Value& like) {
    const std::size_t n = t.n_points();
    const std::size_t width = like.kind == Value::Kind::array ? like.data.size() : 1;
    std::vector<double> x(n * width, std::nan(""));
    for (std::size_t p = 0; p < n; ++p) {
        if (t.status[p] != PointStatus::done) continue;
        const Value& v = t.results[p][k].second;
        if (v.kind == Value::Kind::number) {
            x[p] = v.number;
        } else {
            std::copy(v.data.begin(), v.data.end(), x.begin() + static_cast<std::ptrdiff_t>(p * width));
        }
    }
    return x;
}

std::vector<std::string> text_column(const SweepTable& t, std::size_t k) {
    std::vector<std::string> s(t.n_points());
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        if (t.status[p] == PointStatus::done) s[p] = t.results[p][k].second.text;
    }
    return s;
}

} // namespace chaoslab
