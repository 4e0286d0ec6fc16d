// Fixed-step integration of rate networks: Euler and RK4 steps of a batch of states, the same steps
// carried to tangent vectors (the exact derivative of the step map), and the chunked batch loop.
#pragma once

#include "sim/rate_system.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

namespace chaoslab {

enum class RateMethod { euler, rk4 };

// "euler" or "rk4"; "<fn>: option 'method' must be one of 'euler', 'rk4', got 'x'" otherwise.
RateMethod parse_rate_method(std::string_view name, const char* fn);

// One integrator with its workspace (not thread-safe: one per thread).
class RateStepper {
public:
    RateStepper(const RateSystem& system, RateMethod method) : system_(system), method_(method) {}

    // X (n x B) from t to t + dt.
    void step(Matrix& X, double t, double dt);

    // The state x (n x 1) and tangent vectors Q (n x k) from t to t + dt: Q becomes DPhi(x) Q where
    // Phi is the very step applied to x (Euler: (I + dt Df(x)) Q; RK4: its stages' derivatives).
    // tangent_after_step (Euler only): Q becomes (I + dt Df(x_new)) Q instead, evaluated at the
    // updated state, as seed 004's code does.
    void step_tangent(Matrix& x, Matrix& Q, double t, double dt, bool tangent_after_step = false);

private:
    const RateSystem& system_;
    RateMethod method_;
    Matrix k1_, k2_, k3_, k4_, stage_;
    Matrix q1_, q2_, q3_, q4_, qstage_;
};

// Integrates the columns of X for `steps` steps of dt from t0, in fixed chunks of chunk_width
// columns spread over threads (each chunk runs its whole time loop alone, so results do not depend
// on the thread count). observe(chunk, step, Xchunk) is called with step = 0 before the first
// step and after every step, on the chunk's thread; it may change Xchunk (renormalisation) and must
// write only to outputs of its own chunk. Polls for Ctrl-C every 256 steps.
using ChunkObserver = std::function<void(std::int64_t chunk, std::int64_t step, Matrix& Xchunk)>;
void integrate_chunks(const RateSystem& system, RateMethod method, Matrix& X, double t0, std::int64_t steps, double dt,
                      Eigen::Index chunk_width, const ChunkObserver& observe);

} // namespace chaoslab
