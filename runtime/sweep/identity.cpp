// Identity and result-shape comparisons of sweeps, worded for the user.
#include "sweep/identity.hpp"

#include "core/errors.hpp"

namespace chaoslab {

namespace {

std::string shape_text(const Shape& s) {
    std::string t = "{";
    for (std::size_t k = 0; k < s.size(); ++k) t += (k ? ", " : "") + std::to_string(s[k]);
    return t + "}";
}

std::string join(const std::vector<std::string>& names) {
    std::string t;
    for (std::size_t k = 0; k < names.size(); ++k) t += (k ? ", " : "") + names[k];
    return t;
}

} // namespace

std::string describe(const Value& v) {
    switch (v.kind) {
    case Value::Kind::number:
        return format_number(v.number);
    case Value::Kind::string:
        return "\"" + v.text + "\"";
    case Value::Kind::array:
        return "an array of shape " + shape_text(v.shape);
    }
    return "?";
}

std::string identity_difference(const SweepTable& there, const SweepTable& here) {
    if (there.session != here.session) {
        return "session " + std::to_string(there.session) + " there, " + std::to_string(here.session) + " here";
    }
    if (there.id != here.id) return "id \"" + there.id + "\" there, \"" + here.id + "\" here";
    if (there.axes != here.axes) return "axes {" + join(there.axes) + "} there, {" + join(here.axes) + "} here";
    if (there.n_points() != here.n_points()) {
        return std::to_string(there.n_points()) + " points there, " + std::to_string(here.n_points()) + " here";
    }
    for (std::size_t p = 0; p < here.n_points(); ++p) {
        for (std::size_t a = 0; a < here.axes.size(); ++a) {
            if (!same_bits(there.params[a][p], here.params[a][p])) {
                return "point " + std::to_string(p + 1) + " has " + here.axes[a] + " = " +
                       describe(there.params[a][p]) + " there, " + describe(here.params[a][p]) + " here";
            }
        }
    }
    return "";
}

bool same_keys(const ResultRow& a, const ResultRow& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k].first != b[k].first) return false;
    }
    return true;
}

std::string key_list(const ResultRow& row) {
    std::vector<std::string> keys;
    for (const auto& entry : row) keys.push_back(entry.first);
    std::string t = "{"; // built by appends: GCC 12 warns falsely (-Wrestrict) on "{" + std::string&&
    t += join(keys);
    t += "}";
    return t;
}

std::string row_difference(const ResultRow& reference, const ResultRow& row) {
    if (!same_keys(reference, row)) {
        return "the result keys are " + key_list(row) + " here but " + key_list(reference) + " at other points";
    }
    for (std::size_t k = 0; k < row.size(); ++k) {
        const Value& a = reference[k].second;
        const Value& b = row[k].second;
        if (a.kind != b.kind) {
            return "result '" + row[k].first + "' is " + kind_name(b.kind) + " here but " + kind_name(a.kind) +
                   " at other points";
        }
        if (a.kind == Value::Kind::array && a.shape != b.shape) {
            return "result '" + row[k].first + "' has shape " + shape_text(b.shape) + " here but " +
                   shape_text(a.shape) + " at other points";
        }
    }
    return "";
}

} // namespace chaoslab
