// Static (round-robin over the pending points) and dynamic (first come, first served) schedules.
#include "sweep/schedule.hpp"

namespace chaoslab {

Scheduler::Scheduler(std::vector<std::size_t> pending, int ranks, Schedule schedule)
    : pending_(std::move(pending)), schedule_(schedule), ranks_(ranks < 1 ? 1 : ranks) {
    rank_cursor_.resize(static_cast<std::size_t>(ranks_));
    for (std::size_t r = 0; r < rank_cursor_.size(); ++r) rank_cursor_[r] = r;
}

std::optional<std::size_t> Scheduler::next(int rank) {
    if (stopped_ || rank < 0 || rank >= ranks_) return std::nullopt;
    if (schedule_ == Schedule::dynamic) {
        if (shared_cursor_ >= pending_.size()) return std::nullopt;
        return pending_[shared_cursor_++];
    }
    std::size_t& j = rank_cursor_[static_cast<std::size_t>(rank)];
    if (j >= pending_.size()) return std::nullopt;
    const std::size_t point = pending_[j];
    j += static_cast<std::size_t>(ranks_);
    return point;
}

} // namespace chaoslab
