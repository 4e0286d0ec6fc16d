// Bitwise comparison of sweep values and the names of point states.
#include "io/sweep_table.hpp"

#include <cstring>

namespace chaoslab {

bool same_bits(const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Value::Kind::number:
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

} // namespace chaoslab
