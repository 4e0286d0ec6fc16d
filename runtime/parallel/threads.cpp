// OpenMP thread-count queries; the only translation unit besides for_each.hpp users that calls omp_*.
#include "parallel/threads.hpp"

#ifdef CHAOSLAB_HAVE_OPENMP
#include <omp.h>
#endif

namespace chaoslab {

#ifdef CHAOSLAB_HAVE_OPENMP
int thread_count() noexcept { return omp_get_max_threads(); }
void set_thread_count(int n) noexcept { omp_set_num_threads(n); }
bool have_openmp() noexcept { return true; }
#else
int thread_count() noexcept { return 1; }
void set_thread_count(int) noexcept {}
bool have_openmp() noexcept { return false; }
#endif

} // namespace chaoslab
