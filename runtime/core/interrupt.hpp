// Cooperative Ctrl-C: the host's SIGINT handler raises a flag that long native loops poll
// between steps, so an interrupted call unwinds cleanly and the REPL session stays intact.
#pragma once

#include <cstdint>

namespace chaoslab {

// Async-signal-safe: only adds to a lock-free atomic counter of requests.
void request_interrupt() noexcept;

// True while an interrupt is pending (cheap enough to call every step).
bool interrupt_pending() noexcept;

// Clears a pending interrupt (the host does this before running a new command).
void clear_interrupt() noexcept;

// Consumes a pending interrupt: true if there was one (the caller then raises the error).
bool take_interrupt() noexcept;

// Throws chaoslab::Interrupted and clears the flag if an interrupt is pending.
void check_interrupt();

// Tells whether Ctrl-C happened while some code ran, by counting requests rather than reading
// error messages: whoever consumes the interrupt and whatever the resulting error says, raised()
// knows. The sweep asks it when a point's Lua function fails, to stop instead of recording the
// point as failed.
class InterruptWatch {
public:
    InterruptWatch() noexcept; // starts watching now
    // True if an interrupt was pending when the watch started or has been requested since.
    bool raised() const noexcept;

private:
    std::uint64_t handled_at_start_;
};

} // namespace chaoslab
