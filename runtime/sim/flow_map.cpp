// Euler and RK4 for flows: states, tangent vectors (the derivative of each stage) and adjoint vectors
// (the stages' transposes in reverse order), one thread's scratch space per FlowMap.
#include "sim/flow_map.hpp"

#include "core/errors.hpp"

#include <cmath>

namespace chaoslab {

FlowMap::FlowMap(const Flow& flow, FlowMethod method, double dt, bool tangent_after_step)
    : flow_(&flow), method_(method), dt_(dt), tangent_after_step_(tangent_after_step) {
    if (!(dt > 0.0) || !std::isfinite(dt))
        throw ConfigError("flow map: the step dt must be > 0 ms, got " + format_number(dt));
    if (tangent_after_step && method != FlowMethod::euler)
        throw ConfigError("flow map: the tangent map at the updated state exists for Euler steps only");
}

std::unique_ptr<DynamicalSystem> FlowMap::clone() const {
    return std::make_unique<FlowMap>(*flow_, method_, dt_, tangent_after_step_);
}

void FlowMap::step(Matrix& X, std::int64_t k) {
    const double t = time(k), dt = dt_;
    if (method_ == FlowMethod::euler) {
        flow_->derivative(X, t, k1_);
        X += dt * k1_;
        return;
    }
    const double h2 = 0.5 * dt;
    flow_->derivative(X, t, k1_);
    stage_ = X + h2 * k1_;
    flow_->derivative(stage_, t + h2, k2_);
    stage_ = X + h2 * k2_;
    flow_->derivative(stage_, t + h2, k3_);
    stage_ = X + dt * k3_;
    flow_->derivative(stage_, t + dt, k4_);
    X += (dt / 6.0) * (k1_ + 2.0 * k2_ + 2.0 * k3_ + k4_);
}

void FlowMap::step_tangent(Matrix& x, Matrix& Q, std::int64_t k) {
    const double t = time(k), dt = dt_;
    const std::size_t n = flow_->dimension();
    auto at = [n](const Matrix& m) { return std::span<const double>(m.data(), n); };
    if (method_ == FlowMethod::euler) {
        if (tangent_after_step_) {
            step(x, k);
            flow_->tangent(at(x), t + dt, Q, q1_);
        } else {
            flow_->tangent(at(x), t, Q, q1_);
            step(x, k);
        }
        Q += dt * q1_;
        return;
    }
    // RK4 stage i of the tangent: K_i = Df(x_i) (Q + c_i K_{i-1}) with the state stages x_i.
    const double h2 = 0.5 * dt;
    flow_->derivative(x, t, k1_);
    flow_->tangent(at(x), t, Q, q1_);
    stage_ = x + h2 * k1_;
    qstage_ = Q + h2 * q1_;
    flow_->derivative(stage_, t + h2, k2_);
    flow_->tangent(at(stage_), t + h2, qstage_, q2_);
    stage_ = x + h2 * k2_;
    qstage_ = Q + h2 * q2_;
    flow_->derivative(stage_, t + h2, k3_);
    flow_->tangent(at(stage_), t + h2, qstage_, q3_);
    stage_ = x + dt * k3_;
    qstage_ = Q + dt * q3_;
    flow_->derivative(stage_, t + dt, k4_);
    flow_->tangent(at(stage_), t + dt, qstage_, q4_);
    x += (dt / 6.0) * (k1_ + 2.0 * k2_ + 2.0 * k3_ + k4_);
    Q += (dt / 6.0) * (q1_ + 2.0 * q2_ + 2.0 * q3_ + q4_);
}

// Always the exact transpose of the step's derivative (also when the tangent map is seed 004's
// after-step variant): gradients must be those of the map that was stepped.
void FlowMap::step_adjoint(const Matrix& x, Matrix& W, std::int64_t k) {
    const double t = time(k), dt = dt_;
    const std::size_t n = flow_->dimension();
    auto at = [n](const Matrix& m) { return std::span<const double>(m.data(), n); };
    if (method_ == FlowMethod::euler) {
        flow_->adjoint(at(x), t, W, q1_);
        W += dt * q1_;
        return;
    }
    // DPhi V = V + dt/6 (K1 + 2 K2 + 2 K3 + K4) with K1 = A1 V, K2 = A2 (V + h2 K1), K3 = A3 (V + h2 K2),
    // K4 = A4 (V + dt K3) and A_i = Df at the state stages. Transposed, in reverse: the weight of each
    // K_i collects what later stages pass back, then A_i^T of it flows to V and to K_{i-1}.
    const double h2 = 0.5 * dt;
    Matrix x2, x3, x4;
    flow_->derivative(x, t, k1_);
    x2 = x + h2 * k1_;
    flow_->derivative(x2, t + h2, k2_);
    x3 = x + h2 * k2_;
    flow_->derivative(x3, t + h2, k3_);
    x4 = x + dt * k3_;
    qstage_ = (dt / 6.0) * W;                     // weight of K4
    flow_->adjoint(at(x4), t + dt, qstage_, q4_); // A4^T a4: to V and, times dt, to K3
    qstage_ = (2.0 * dt / 6.0) * W + dt * q4_;    // weight of K3
    flow_->adjoint(at(x3), t + h2, qstage_, q3_);
    qstage_ = (2.0 * dt / 6.0) * W + h2 * q3_; // weight of K2
    flow_->adjoint(at(x2), t + h2, qstage_, q2_);
    qstage_ = (dt / 6.0) * W + h2 * q2_; // weight of K1
    flow_->adjoint(at(x), t, qstage_, q1_);
    W += q1_ + q2_ + q3_ + q4_;
}

double FlowMap::contraction_rate(std::span<const double> x, std::int64_t k) const {
    return flow_->jacobian_trace(x, time(k));
}

} // namespace chaoslab
