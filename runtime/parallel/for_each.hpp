// parallel_for over a fixed set of chunks: threads only choose which chunk they run, so results
// never depend on the thread count (DESIGN.md principle 2). Exceptions thrown by the body are
// captured per region and re-thrown on the calling thread (OpenMP forbids them escaping).
#pragma once

#include "core/errors.hpp"
#include "core/interrupt.hpp"

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>

namespace chaoslab {

// Holds the first exception thrown inside a parallel region.
class ExceptionSlot {
public:
    template <class F> void run(F&& f) noexcept {
        if (failed_.load(std::memory_order_relaxed)) return; // skip work after a failure
        try {
            f();
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_) error_ = std::current_exception();
            failed_.store(true, std::memory_order_relaxed);
        }
    }
    void rethrow_if_set() const {
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::mutex mutex_;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
};

// Calls body(i) for i in [0, n), in parallel when n > serial_cutoff. Each body(i) must write only
// to its own outputs; any reduction over i is done by the caller in index order afterwards.
// Polls the interrupt flag between items so Ctrl-C stops long loops.
template <class F> void parallel_for(std::int64_t n, F&& body, [[maybe_unused]] std::int64_t serial_cutoff = 1) {
    ExceptionSlot err;
    std::atomic<bool> interrupted{false};
#ifdef CHAOSLAB_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (n > serial_cutoff)
#endif
    for (std::int64_t i = 0; i < n; ++i) {
        err.run([&] {
            if (interrupt_pending()) {
                interrupted.store(true, std::memory_order_relaxed);
                throw Interrupted();
            }
            body(i);
        });
    }
    if (interrupted.load()) clear_interrupt(); // consumed here, like check_interrupt() does
    err.rethrow_if_set();
}

} // namespace chaoslab
