// chaoslab::RateSystem: a rate network compiled for integration -- J dense or CSR, per-unit tau,
// transfer segments and input -- with the vector field f, its tangent map Df·V and Df itself.
#pragma once

#include "core/eigen.hpp"
#include "core/rng.hpp"
#include "network/rate_network.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>

#include <cstddef>
#include <span>
#include <vector>

namespace chaoslab {

using Matrix = Eigen::MatrixXd; // column-major: one trajectory / tangent vector per column

// Calls fn(first_column, width) for the column panels of a k-column matrix, panels over threads.
template <class Fn> void for_each_panel(Eigen::Index k, Fn&& fn);

class RateSystem {
public:
    // How J is stored: auto picks CSR when at most 20 % of the entries are nonzero.
    enum class Storage { automatic, dense, sparse };

    // jacobian_seed004: the tangent dynamics use seed 004's derivative G / cosh^2(x) for every
    // transfer function (wrong except for plain tanh; spec 5.8 bug 1), to reproduce its numbers.
    explicit RateSystem(const RateNetwork& net, Storage storage = Storage::automatic, bool jacobian_seed004 = false);

    std::size_t size() const { return n_; }
    RateForm form() const { return form_; }
    bool sparse() const { return sparse_; }
    std::size_t nonzeros() const { return nonzeros_; }
    std::span<const double> tau() const { return tau_; }

    // External input I(t) (constant part plus series), n values.
    void input_at(double t, std::span<double> out) const;

    // dX = f(X, t) for every column of X (n x B). Each column is computed by the same sequence of
    // operations whatever B and whatever the other columns are, so a trajectory run alone equals
    // the same trajectory inside a batch bit for bit.
    void derivative(const Matrix& X, double t, Matrix& dX) const;

    // dV = Df(x, t) V for the tangent vectors V (n x k) at the single state x; the product runs on
    // fixed-width column panels spread over threads (bitwise the same for any thread count).
    void tangent(std::span<const double> x, double t, const Matrix& V, Matrix& dV) const;

    // Df(x, t) as a dense n x n matrix (tests and small systems; the solvers never form it).
    Matrix jacobian(std::span<const double> x, double t) const;
    // trace Df(x, t): the instantaneous phase-space contraction rate (the flow's sum rule).
    double jacobian_trace(std::span<const double> x, double t) const;

    // The initial state of one trial: each population's x_init drawn with the trial seed.
    std::vector<double> initial_state(const RateNetwork& net, const Seed& trial_seed) const;

    // Width of the column panels of the tangent product and of forming Q: a function of the column
    // count k only (never of the thread count, so results stay bitwise the same). Wide, because
    // every panel product re-packs J (perf: 16 % of a full N = 1000 spectrum at 64 columns, and
    // 128 columns make the products 12 % faster), yet at least 4 panels so threads share small k.
    static Eigen::Index panel_width(Eigen::Index k);

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
};

template <class Fn> void for_each_panel(Eigen::Index k, Fn&& fn) {
    const Eigen::Index width = RateSystem::panel_width(k);
    parallel_for((k + width - 1) / width, [&](std::int64_t p) {
        const Eigen::Index c0 = p * width;
        fn(c0, std::min(width, k - c0));
    });
}

} // namespace chaoslab
