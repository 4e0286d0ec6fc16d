// Fixed-step integration of a flow as a discrete-time map: Euler and RK4 steps of a batch of states,
// the same steps carried to tangent vectors (the exact derivative of the step map) and back to
// adjoint vectors (its transpose), behind the DynamicalSystem interface the analyses use.
#pragma once

#include "core/enum_names.hpp"
#include "sim/dynamical_system.hpp"

namespace chaoslab {

enum class FlowMethod { euler, rk4 };
inline constexpr EnumName<FlowMethod> kFlowMethodNames[] = {{"euler", FlowMethod::euler}, {"rk4", FlowMethod::rk4}};

// Phi(x) = one Euler or RK4 step of `flow` with step dt. Holds one thread's scratch space.
class FlowMap final : public DynamicalSystem {
public:
    // tangent_after_step (Euler only): step_tangent applies (I + dt Df(x_{k+1})), evaluated at the
    // updated state, as seed 004's code does, instead of the step's own derivative (I + dt Df(x_k)).
    FlowMap(const Flow& flow, FlowMethod method, double dt, bool tangent_after_step = false);

    std::size_t dimension() const override { return flow_->dimension(); }
    double step_size() const override { return dt_; }
    std::unique_ptr<DynamicalSystem> clone() const override;
    std::vector<double> initial_state(const Seed& trial) const override { return flow_->initial_state(trial); }
    void step(Matrix& X, std::int64_t k) override;
    void step_tangent(Matrix& x, Matrix& Q, std::int64_t k) override;
    void step_adjoint(const Matrix& x, Matrix& W, std::int64_t k) override;
    double contraction_rate(std::span<const double> x, std::int64_t k) const override;

    const Flow& flow() const { return *flow_; }
    FlowMethod method() const { return method_; }

private:
    // Time of step k, from the step count (not by accumulation, so long runs do not drift).
    double time(std::int64_t k) const { return static_cast<double>(k) * dt_; }

    const Flow* flow_;
    FlowMethod method_;
    double dt_;
    bool tangent_after_step_;
    Matrix k1_, k2_, k3_, k4_, stage_;
    Matrix q1_, q2_, q3_, q4_, qstage_;
};

} // namespace chaoslab
