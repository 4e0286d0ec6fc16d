// Euler and RK4 for rate networks, for states and for tangent vectors (the derivative of each stage),
// and the chunked batch loop shared by runs, divergence experiments and renormalisation estimates.
#include "sim/rate_integrator.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>
#include <string>

namespace chaoslab {

RateMethod parse_rate_method(std::string_view name, const char* fn) {
    if (name == "euler") return RateMethod::euler;
    if (name == "rk4") return RateMethod::rk4;
    std::string msg(fn);
    msg += ": option 'method' must be one of 'euler', 'rk4', got '";
    msg += name;
    msg += "'";
    throw ConfigError(msg);
}

void RateStepper::step(Matrix& X, double t, double dt) {
    if (method_ == RateMethod::euler) {
        system_.derivative(X, t, k1_);
        X += dt * k1_;
        return;
    }
    const double h2 = 0.5 * dt;
    system_.derivative(X, t, k1_);
    stage_ = X + h2 * k1_;
    system_.derivative(stage_, t + h2, k2_);
    stage_ = X + h2 * k2_;
    system_.derivative(stage_, t + h2, k3_);
    stage_ = X + dt * k3_;
    system_.derivative(stage_, t + dt, k4_);
    X += (dt / 6.0) * (k1_ + 2.0 * k2_ + 2.0 * k3_ + k4_);
}

void RateStepper::step_tangent(Matrix& x, Matrix& Q, double t, double dt, bool tangent_after_step) {
    const std::size_t n = system_.size();
    auto at = [n](const Matrix& m) { return std::span<const double>(m.data(), n); };
    if (method_ == RateMethod::euler) {
        if (tangent_after_step) {
            step(x, t, dt);
            system_.tangent(at(x), t + dt, Q, q1_);
        } else {
            system_.tangent(at(x), t, Q, q1_);
            step(x, t, dt);
        }
        Q += dt * q1_;
        return;
    }
    // RK4 stage i of the tangent: K_i = Df(x_i) (Q + c_i K_{i-1}) with the state stages x_i.
    const double h2 = 0.5 * dt;
    system_.derivative(x, t, k1_);
    system_.tangent(at(x), t, Q, q1_);
    stage_ = x + h2 * k1_;
    qstage_ = Q + h2 * q1_;
    system_.derivative(stage_, t + h2, k2_);
    system_.tangent(at(stage_), t + h2, qstage_, q2_);
    stage_ = x + h2 * k2_;
    qstage_ = Q + h2 * q2_;
    system_.derivative(stage_, t + h2, k3_);
    system_.tangent(at(stage_), t + h2, qstage_, q3_);
    stage_ = x + dt * k3_;
    qstage_ = Q + dt * q3_;
    system_.derivative(stage_, t + dt, k4_);
    system_.tangent(at(stage_), t + dt, qstage_, q4_);
    x += (dt / 6.0) * (k1_ + 2.0 * k2_ + 2.0 * k3_ + k4_);
    Q += (dt / 6.0) * (q1_ + 2.0 * q2_ + 2.0 * q3_ + q4_);
}

void integrate_chunks(const RateSystem& system, RateMethod method, Matrix& X, double t0, std::int64_t steps, double dt,
                      Eigen::Index chunk_width, const ChunkObserver& observe) {
    const Eigen::Index columns = X.cols();
    const std::int64_t chunks = (columns + chunk_width - 1) / chunk_width;
    parallel_for(chunks, [&](std::int64_t c) {
        const Eigen::Index c0 = c * chunk_width, width = std::min(chunk_width, columns - c0);
        Matrix local = X.middleCols(c0, width);
        RateStepper stepper(system, method);
        if (observe) observe(c, 0, local);
        for (std::int64_t s = 0; s < steps; ++s) {
            if ((s & 255) == 255) check_interrupt();
            // Times from the step count, not by accumulation, so long runs do not drift.
            stepper.step(local, t0 + static_cast<double>(s) * dt, dt);
            if (observe) observe(c, s + 1, local);
        }
        X.middleCols(c0, width) = local;
    });
}

} // namespace chaoslab
