// The sweep's points from a grid or a list, with the declaration checks and their messages
// (bindings/sweep.cpp only converts the script's tables into SweepAxis and SweepPoint lists).
#include "sweep/plan.hpp"

#include "core/errors.hpp"

#include <algorithm>

namespace chaoslab {
namespace {

[[noreturn]] void fail(const std::string& msg) { throw ConfigError("sweep: " + msg); }

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

// The names sorted, each valid and given once; `repeated(name)` words the error for a repeat.
template <class Repeated> std::vector<std::string> checked_names(std::vector<std::string> names, Repeated repeated) {
    std::sort(names.begin(), names.end());
    for (const auto& name : names) check_axis_name(name);
    const auto twice = std::adjacent_find(names.begin(), names.end());
    if (twice != names.end()) fail(repeated(*twice));
    return names;
}

void check_value(const Value& v, const Value& first, const std::string& axis) {
    if (v.kind == Value::Kind::array) fail("axis '" + axis + "' holds an array; axis values are numbers or strings");
    if (v.kind != first.kind) fail("axis '" + axis + "' mixes numbers and strings");
}

} // namespace

bool is_dataset_name(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

void check_axis_name(const std::string& name) {
    if (!is_dataset_name(name)) fail("axis name '" + name + "' cannot be empty or contain '/'");
}

std::vector<std::string> axis_order(std::vector<std::string> names,
                                    const std::optional<std::vector<std::string>>& order) {
    std::sort(names.begin(), names.end());
    if (!order) return names;
    std::vector<std::string> sorted = *order;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != names) fail("option 'order' must list each axis once (" + joined(names) + ")");
    return *order;
}

void plan_grid(SweepTable& t, std::vector<SweepAxis> axes, const std::optional<std::vector<std::string>>& order) {
    if (axes.empty()) fail("option 'params' has no axes");
    std::vector<std::string> names;
    names.reserve(axes.size());
    for (const SweepAxis& a : axes) names.push_back(a.name);
    names = checked_names(std::move(names), [](const std::string& n) { return "axis '" + n + "' is given twice"; });
    t.axes = axis_order(std::move(names), order);
    t.grid.clear();
    std::size_t points = 1;
    for (const std::string& name : t.axes) {
        auto it = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.name == name; });
        std::vector<Value>& values = it->values;
        for (const Value& v : values) check_value(v, values.front(), name);
        if (values.empty()) fail("axis '" + name + "' is empty");
        if (points > (std::size_t{1} << 32) / values.size()) fail("the grid has more than 2^32 points");
        points *= values.size();
        t.grid.push_back(std::move(values));
    }
    // Row-major product: the last axis varies fastest.
    t.params.assign(t.axes.size(), {});
    for (auto& column : t.params) column.reserve(points);
    for (std::size_t p = 0; p < points; ++p) {
        std::size_t rest = p;
        for (std::size_t a = t.axes.size(); a-- > 0;) {
            const std::size_t n = t.grid[a].size();
            t.params[a].push_back(t.grid[a][rest % n]);
            rest /= n;
        }
    }
}

void plan_points(SweepTable& t, const std::vector<SweepPoint>& points,
                 const std::optional<std::vector<std::string>>& order) {
    if (points.empty()) fail("option 'points' must be a non-empty list of tables");
    // Point 1 names the axes; every other point must name the same ones.
    std::vector<std::string> first_keys;
    for (const auto& [name, value] : points.front()) first_keys.push_back(name);
    if (first_keys.empty()) fail("point 1 has no parameters");
    first_keys = checked_names(std::move(first_keys),
                               [](const std::string& n) { return "point 1 has parameter '" + n + "' twice"; });
    t.axes = axis_order(first_keys, order);
    t.grid.clear();
    t.params.assign(t.axes.size(), {});
    for (auto& column : t.params) column.reserve(points.size());
    std::vector<std::string> keys;
    for (std::size_t k = 0; k < points.size(); ++k) {
        keys.clear();
        for (const auto& [name, value] : points[k]) keys.push_back(name);
        std::sort(keys.begin(), keys.end());
        if (keys != first_keys) {
            fail("point " + std::to_string(k + 1) + " has parameters {" + joined(keys) + "} but point 1 has {" +
                 joined(first_keys) + "}");
        }
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            const auto it =
                std::find_if(points[k].begin(), points[k].end(), [&](const auto& kv) { return kv.first == t.axes[a]; });
            t.params[a].push_back(it->second);
            check_value(t.params[a].back(), t.params[a].front(), t.axes[a]);
        }
    }
}

} // namespace chaoslab
