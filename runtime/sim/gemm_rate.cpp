// Measures Eigen's dense product rate with a chosen thread count (benchmarks only).
#include "sim/gemm_rate.hpp"

#include "core/eigen.hpp"

#include <algorithm>
#include <chrono>

namespace chaoslab {

double eigen_gemm_gflops(int n, int threads, int repeats) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n), b = Eigen::MatrixXd::Random(n, n);
    Eigen::MatrixXd c(n, n);
    Eigen::setNbThreads(threads);
    double best = 1e300;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        c.noalias() = a * b;
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    Eigen::setNbThreads(1);
    return 2.0 * n * static_cast<double>(n) * n / best * 1e-9 + 0.0 * c(0, 0);
}

} // namespace chaoslab
