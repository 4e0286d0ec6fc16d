// The process-wide interrupt state behind core/interrupt.hpp: two counters rather than a flag, so
// that "was there an interrupt since then?" has an answer after the interrupt was consumed.
#include "core/interrupt.hpp"

#include "core/errors.hpp"

#include <atomic>

namespace chaoslab {
namespace {
// Requests so far (only request_interrupt adds, from the signal handler) and how many of them
// were consumed or cleared (never more than requested): an interrupt is pending while they differ.
std::atomic<std::uint64_t> g_requested{0};
std::atomic<std::uint64_t> g_handled{0};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "signal handlers need a lock-free counter");

// Marks every request so far handled; true if some were pending. Several threads may poll at once:
// only one of them sees a given request pending.
bool handle_all() noexcept {
    const std::uint64_t requested = g_requested.load();
    std::uint64_t handled = g_handled.load();
    while (handled < requested) {
        if (g_handled.compare_exchange_weak(handled, requested)) return true;
    }
    return false;
}
} // namespace

void request_interrupt() noexcept { g_requested.fetch_add(1); }

bool interrupt_pending() noexcept {
    const std::uint64_t handled = g_handled.load(); // first: g_requested only grows meanwhile
    return g_requested.load() > handled;
}

void clear_interrupt() noexcept { handle_all(); }

bool take_interrupt() noexcept { return handle_all(); }

void check_interrupt() {
    if (handle_all()) throw Interrupted();
}

InterruptWatch::InterruptWatch() noexcept : handled_at_start_(g_handled.load()) {}

bool InterruptWatch::raised() const noexcept { return g_requested.load() > handled_at_start_; }

} // namespace chaoslab
