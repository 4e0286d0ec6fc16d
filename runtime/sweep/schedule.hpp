// Which point a rank computes next. A pure function of the pending points and the rank count, so
// it is unit-tested without MPI; results never depend on it (seeds come from the point's index).
#pragma once

#include "core/enum_names.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace chaoslab {

enum class Schedule {
    static_split, // pending point j goes to rank j % ranks, in order (fixed, reproducible logs)
    dynamic,      // the next pending point goes to whichever rank asks (uneven point costs)
};
// Option 'schedule' of chaoslab.sweep and the file's 'schedule' attribute.
inline constexpr EnumName<Schedule> kScheduleNames[] = {{"static", Schedule::static_split},
                                                        {"dynamic", Schedule::dynamic}};

class Scheduler {
public:
    Scheduler(std::vector<std::size_t> pending, int ranks, Schedule schedule);
    // The next point for `rank`, or nothing when it has no more work.
    std::optional<std::size_t> next(int rank);
    // Hands out nothing more (a fatal error ends the sweep early).
    void stop() { stopped_ = true; }

private:
    std::vector<std::size_t> pending_;
    Schedule schedule_;
    int ranks_;
    std::size_t shared_cursor_ = 0;        // dynamic
    std::vector<std::size_t> rank_cursor_; // static: the next j for each rank
    bool stopped_ = false;
};

} // namespace chaoslab
