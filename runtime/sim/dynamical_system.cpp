// The chunked batch loop over any DynamicalSystem (runs, divergence experiments, renormalisation)
// and the initial states of a batch of trials.
#include "sim/dynamical_system.hpp"

#include "core/interrupt.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>

namespace chaoslab {

void integrate_chunks(const DynamicalSystem& system, Matrix& X, std::int64_t steps, Eigen::Index chunk_width,
                      const ChunkObserver& observe) {
    const Eigen::Index columns = X.cols();
    const std::int64_t chunks = (columns + chunk_width - 1) / chunk_width;
    parallel_for(chunks, [&](std::int64_t c) {
        const Eigen::Index c0 = c * chunk_width, width = std::min(chunk_width, columns - c0);
        Matrix local = X.middleCols(c0, width);
        const std::unique_ptr<DynamicalSystem> stepper = system.clone();
        if (observe) observe(c, 0, local);
        for (std::int64_t s = 0; s < steps; ++s) {
            if ((s & 255) == 255) check_interrupt();
            stepper->step(local, s);
            if (observe) observe(c, s + 1, local);
        }
        X.middleCols(c0, width) = local;
    });
}

Matrix initial_states(const DynamicalSystem& system, std::span<const Seed> trials) {
    const auto n = static_cast<Eigen::Index>(system.dimension());
    Matrix X(n, static_cast<Eigen::Index>(trials.size()));
    for (std::size_t k = 0; k < trials.size(); ++k) {
        const std::vector<double> x0 = system.initial_state(trials[k]);
        X.col(static_cast<Eigen::Index>(k)) = Eigen::Map<const Eigen::VectorXd>(x0.data(), n);
    }
    return X;
}

} // namespace chaoslab
