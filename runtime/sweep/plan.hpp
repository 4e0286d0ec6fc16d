// The points of a sweep as the runtime decides them: a grid expanded into rows or a list of
// points checked key by key, the axis order, and the seed each point runs with.
#pragma once

#include "core/rng.hpp"
#include "io/sweep_table.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

// One axis of a grid: its name and its values (numbers or strings, in the script's order).
struct SweepAxis {
    std::string name;
    std::vector<Value> values;
};

// One listed point: parameter name -> value (numbers or strings), in any order.
using SweepPoint = std::vector<std::pair<std::string, Value>>;

// Whether `name` can name an HDF5 dataset of the sweep file: not empty, no '/', not "." or "..".
bool is_dataset_name(const std::string& name);

// Axis names are HDF5 dataset names under /params (is_dataset_name).
// Throws ConfigError "sweep: axis name 'a/b' cannot be empty or contain '/'".
void check_axis_name(const std::string& name);

// The order of the axes: `order` when given (it must name each axis exactly once, else
// ConfigError "sweep: option 'order' must list each axis once (a, b)"), else sorted by name.
std::vector<std::string> axis_order(std::vector<std::string> names,
                                    const std::optional<std::vector<std::string>>& order);

// Fills t.axes, t.grid and t.params with the grid's points: the product of the axes in
// axis_order, row-major, the last axis varying fastest (point p of an a x b grid has
// a-value p / b and b-value p % b). Throws ConfigError ("sweep: option 'params' has no axes",
// "sweep: axis 'g' is empty", "sweep: axis 'g' mixes numbers and strings", "sweep: the grid has
// more than 2^32 points", and the messages of check_axis_name and axis_order). Values are
// numbers or strings (arrays are refused); the binding checks finiteness where it reads them.
void plan_grid(SweepTable& t, std::vector<SweepAxis> axes, const std::optional<std::vector<std::string>>& order);

// Fills t.axes and t.params from a list of points (t.grid stays empty): every point names the
// same parameters as point 1 ("sweep: point 2 has parameters {b} but point 1 has {a}"), point 1
// names at least one ("sweep: point 1 has no parameters"), and an axis holds either numbers or
// strings ("sweep: axis 'g' mixes numbers and strings"); names and order as in plan_grid.
void plan_points(SweepTable& t, const std::vector<SweepPoint>& points,
                 const std::optional<std::vector<std::string>>& order);

// Point `index` (0-based) runs in block index + 1, its 1-based ctx.index: block 0, the default of
// a seed made outside a sweep (seed{session = s}), never coincides with a sweep point's.
constexpr std::uint64_t point_block(std::size_t index) noexcept { return std::uint64_t{index} + 1; }

// The seed of point `index`: ctx.seed = Seed{session, point_block(index), trial 0}. It depends on
// the point alone, never on the rank or the schedule, so results are the same on any rank count.
constexpr Seed point_seed(std::uint64_t session, std::size_t index) noexcept {
    return Seed{session, point_block(index), 0};
}

} // namespace chaoslab
