// The one interface through which analyses drive a model: a flow dx/dt = f(x, t) with its tangent
// (Df V) and adjoint (Df^T W), and the discrete-time map x_{k+1} = Phi_k(x_k) that Lyapunov spectra,
// divergence experiments and gradient training step forward (tangent DPhi Q) and backward (DPhi^T W).
#pragma once

#include "core/eigen.hpp"
#include "core/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace chaoslab {

using Matrix = Eigen::MatrixXd; // column-major: one state, tangent or adjoint vector per column

// A continuous-time model. Implementations are immutable once built and safe to share between
// threads: every method is const and keeps its scratch space local.
class Flow {
public:
    virtual ~Flow() = default;
    virtual std::size_t dimension() const = 0;
    // dX = f(X, t) for every column of X (n x B); a column's result never depends on the others.
    virtual void derivative(const Matrix& X, double t, Matrix& dX) const = 0;
    // dV = Df(x, t) V for the vectors V (n x k) at the single state x.
    virtual void tangent(std::span<const double> x, double t, const Matrix& V, Matrix& dV) const = 0;
    // dW = Df(x, t)^T W (the vector-Jacobian product) for the vectors W (n x k).
    virtual void adjoint(std::span<const double> x, double t, const Matrix& W, Matrix& dW) const = 0;
    // trace Df(x, t): the instantaneous phase-space contraction rate (the flow's Lyapunov sum rule).
    virtual double jacobian_trace(std::span<const double> x, double t) const = 0;
    // The state of a trial at t = 0 (drawn from the trial seed).
    virtual std::vector<double> initial_state(const Seed& trial) const = 0;
};

// A discrete-time model x_{k+1} = Phi_k(x_k) with k counting steps of step_size() ms (a flow's
// integrator, or a model defined in discrete time). An object holds the scratch space of one
// thread: clone() gives another one sharing the model.
class DynamicalSystem {
public:
    virtual ~DynamicalSystem() = default;
    virtual std::size_t dimension() const = 0;
    virtual double step_size() const = 0; // ms per step
    virtual std::unique_ptr<DynamicalSystem> clone() const = 0;
    virtual std::vector<double> initial_state(const Seed& trial) const = 0;

    // X (n x B, one state per column) from step k to k + 1. Every column is computed by the same
    // operations whatever the other columns are: a trajectory alone equals it inside a batch, bitwise.
    virtual void step(Matrix& X, std::int64_t k) = 0;
    // The state x (n x 1) from step k to k + 1, and the tangent vectors Q (n x m) with it:
    // Q <- DPhi_k(x_k) Q.
    virtual void step_tangent(Matrix& x, Matrix& Q, std::int64_t k) = 0;
    // W <- DPhi_k(x)^T W for the state x at step k (before the step): back-propagation through time
    // runs it backwards over a stored or recomputed trajectory.
    virtual void step_adjoint(const Matrix& x, Matrix& W, std::int64_t k) = 0;
    // The phase-space contraction rate at step k, per ms (what the sum of all Lyapunov exponents
    // averages to): trace Df for a flow, ln|det DPhi_k| / step_size() for a map.
    virtual double contraction_rate(std::span<const double> x, std::int64_t k) const = 0;
};

// Steps the columns of X for `steps` steps from step 0, in fixed chunks of chunk_width columns spread
// over threads (each chunk runs its whole time loop alone with its own clone, so results do not
// depend on the thread count). observe(chunk, step, Xchunk) is called with step = 0 before the first
// step and after every step, on the chunk's thread; it may change Xchunk (renormalisation) and must
// write only to outputs of its own chunk. Polls for Ctrl-C every 256 steps.
using ChunkObserver = std::function<void(std::int64_t chunk, std::int64_t step, Matrix& Xchunk)>;
void integrate_chunks(const DynamicalSystem& system, Matrix& X, std::int64_t steps, Eigen::Index chunk_width,
                      const ChunkObserver& observe);

// The initial states of several trials as the columns of one matrix.
Matrix initial_states(const DynamicalSystem& system, std::span<const Seed> trials);

} // namespace chaoslab
