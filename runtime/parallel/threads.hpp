// Thread-count control for the OpenMP layer; compiles to a single thread without OpenMP.
#pragma once

namespace chaoslab {

// Threads that parallel regions use (1 without OpenMP).
int thread_count() noexcept;

// Sets the thread count for later parallel regions; n >= 1 (checked by callers).
void set_thread_count(int n) noexcept;

// Whether the build has OpenMP at all.
bool have_openmp() noexcept;

} // namespace chaoslab
