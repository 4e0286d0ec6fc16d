// The speed of Eigen's own (multithreaded) dense matrix product on this machine: the yardstick the
// Lyapunov-spectrum benchmark compares its panel products with (DESIGN.md "Performance notes").
#pragma once

namespace chaoslab {

// GFLOP/s of C = A B for random n x n matrices with `threads` Eigen threads, best of `repeats`.
// Leaves Eigen single-threaded again (the rest of chaoslab relies on that for bitwise results).
double eigen_gemm_gflops(int n, int threads, int repeats = 5);

} // namespace chaoslab
