// Cooperative Ctrl-C: the host's SIGINT handler raises a flag that long native loops poll
// between steps, so an interrupted call unwinds cleanly and the REPL session stays intact.
#pragma once

namespace chaoslab {

// Async-signal-safe: only stores to a lock-free atomic.
void request_interrupt() noexcept;

// True while an interrupt is pending (cheap enough to call every step).
bool interrupt_pending() noexcept;

// Clears a pending interrupt (the host does this before running a new command).
void clear_interrupt() noexcept;

// Throws chaoslab::Interrupted and clears the flag if an interrupt is pending.
void check_interrupt();

} // namespace chaoslab
