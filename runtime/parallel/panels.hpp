// Fixed-width column panels of a k-column matrix, spread over threads: the width depends on k only
// (never on the thread count), so products done panel by panel are bitwise the same for any thread
// count (DESIGN.md principle 2) while threads share the work.
#pragma once

#include "parallel/for_each.hpp"

#include <algorithm>
#include <cstdint>

namespace chaoslab {

// Wide, because every panel product re-packs the left matrix (perf: 16 % of a full N = 1000 spectrum
// at 64 columns, and 128 columns make the products 12 % faster), yet at least 4 panels so that
// threads share small k; a multiple of 4 columns.
constexpr std::int64_t panel_width(std::int64_t k) {
    constexpr std::int64_t kWidest = 128, kFewestPanels = 4, kMultiple = 4;
    const std::int64_t panels = std::max(kFewestPanels, (k + kWidest - 1) / kWidest);
    const std::int64_t width = (k + panels - 1) / panels;
    return std::max<std::int64_t>(kMultiple, (width + kMultiple - 1) / kMultiple * kMultiple);
}

// Calls fn(first_column, width) for the panels of a k-column matrix, panels over threads.
template <class Fn> void for_each_panel(std::int64_t k, Fn&& fn) {
    const std::int64_t width = panel_width(k);
    parallel_for((k + width - 1) / width, [&](std::int64_t p) {
        const std::int64_t c0 = p * width;
        fn(c0, std::min(width, k - c0));
    });
}

} // namespace chaoslab
