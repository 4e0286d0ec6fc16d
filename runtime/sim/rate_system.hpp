// chaoslab::RateSystem: a rate network compiled for integration -- J dense or CSR, per-unit tau,
// transfer segments and input -- as a Flow: the vector field f, its tangent map Df·V, its adjoint
// Df^T·W, and Df itself for tests.
#pragma once

#include "core/eigen.hpp"
#include "core/rng.hpp"
#include "network/rate_network.hpp"
#include "sim/dynamical_system.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace chaoslab {

class RateSystem final : public Flow {
public:
    // How J is stored: auto picks CSR when at most 20 % of the entries are nonzero.
    enum class Storage { automatic, dense, sparse };

    // jacobian_seed004: the tangent dynamics use seed 004's derivative G / cosh^2(x) for every
    // transfer function (wrong except for plain tanh; spec 5.8 bug 1), to reproduce its numbers.
    explicit RateSystem(const RateNetwork& net, Storage storage = Storage::automatic, bool jacobian_seed004 = false);

    std::size_t size() const { return n_; }
    std::size_t dimension() const override { return n_; }
    RateForm form() const { return form_; }
    bool sparse() const { return sparse_; }
    std::size_t nonzeros() const { return nonzeros_; }
    std::span<const double> tau() const { return tau_; }

    // phi(x) unit by unit, with each unit's gain and shift: the rates of the current form.
    void rates(std::span<const double> x, std::span<double> out) const { transfer(x, out); }

    // External input I(t) (constant part plus series), n values.
    void input_at(double t, std::span<double> out) const;

    // dX = f(X, t) for every column of X (n x B). Each column is computed by the same sequence of
    // operations whatever B and whatever the other columns are, so a trajectory run alone equals
    // the same trajectory inside a batch bit for bit.
    void derivative(const Matrix& X, double t, Matrix& dX) const override;

    // dV = Df(x, t) V for the tangent vectors V (n x k) at the single state x; the product runs on
    // fixed-width column panels spread over threads (bitwise the same for any thread count).
    void tangent(std::span<const double> x, double t, const Matrix& V, Matrix& dV) const override;

    // dW = Df(x, t)^T W: current form -W/tau + phi'(x) . J^T (W/tau); rate form -W/tau + J^T (phi'(u) . W/tau).
    void adjoint(std::span<const double> x, double t, const Matrix& W, Matrix& dW) const override;

    // Df(x, t) as a dense n x n matrix (tests and small systems; the solvers never form it).
    Matrix jacobian(std::span<const double> x, double t) const;
    // trace Df(x, t): the instantaneous phase-space contraction rate (the flow's sum rule).
    double jacobian_trace(std::span<const double> x, double t) const override;

    // The initial state of one trial: each population's x_init drawn with the trial seed.
    std::vector<double> initial_state(const Seed& trial_seed) const override;

private:
    struct Segment {
        std::size_t offset, n;
        Transfer phi;
    };
    void transfer(std::span<const double> u, std::span<double> out) const;
    void slope(std::span<const double> u, std::span<double> out) const;
    // phi' where the Jacobian needs it: at x (current form) or at u = J x + I(t) (rate form).
    void state_slope(std::span<const double> x, double t, std::span<double> out) const;
    // Y = J V column by column in a fixed summation order (state products).
    void multiply_columns(const Matrix& V, Matrix& Y) const;
    // Y = J V on column panels (tangent products).
    void multiply_panel(const Eigen::Ref<const Matrix>& V, Eigen::Ref<Matrix> Y) const;
    // Y = J^T V on column panels (adjoint products).
    void multiply_transpose_panel(const Eigen::Ref<const Matrix>& V, Eigen::Ref<Matrix> Y) const;

    std::size_t n_ = 0;
    RateForm form_ = RateForm::current;
    bool sparse_ = false;
    bool jacobian_seed004_ = false;
    std::size_t nonzeros_ = 0;
    Matrix dense_;                                     // J when dense
    Eigen::SparseMatrix<double, Eigen::RowMajor> csr_; // J when sparse (row i: inputs of unit i)
    std::vector<double> tau_, inv_tau_, gain_, shift_, input_, diagonal_;
    std::vector<Segment> segments_;
    // Input series of every population: unit offset, units, samples, step (ms), values.
    struct Series {
        std::size_t offset, n, samples;
        double step;
        std::vector<double> values; // values[i * samples + s]
    };
    std::vector<Series> series_;
    // Each population's initial-state distribution (drawn per trial on stream "rate.x_init", sub = population).
    struct InitialState {
        std::size_t offset, n;
        Distribution x_init;
    };
    std::vector<InitialState> initial_;
};

} // namespace chaoslab
