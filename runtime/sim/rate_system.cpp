// The compiled rate network: J assembled from the coupling blocks (dense or CSR), the vector field in
// both forms, the tangent map on fixed column panels, and the explicit Jacobian for tests.
#include "sim/rate_system.hpp"

#include "core/errors.hpp"
#include "parallel/panels.hpp"

#include <algorithm>
#include <cmath>

namespace chaoslab {

namespace {

// Rows of J per block of the column-stable product: a block of J stays in L2 while it serves
// four columns of V.
constexpr std::size_t kRowBlock = 256;

} // namespace

RateSystem::RateSystem(const RateNetwork& net, Storage storage, bool jacobian_seed004)
    : n_(net.size()), jacobian_seed004_(jacobian_seed004) {
    if (n_ == 0) throw ConfigError("rate network: the network has no rate population (add one with net:rate{})");
    // Eigen's own multithreaded GEMM picks its blocking from the thread count, which would make
    // results depend on it (DESIGN.md principle 2): every Eigen kernel here runs single-threaded
    // and the parallelism is over fixed panels instead.
    Eigen::setNbThreads(1);
    form_ = net.populations().front().spec.form;
    tau_.reserve(n_);
    for (const RatePopulation& p : net.populations()) {
        tau_.insert(tau_.end(), p.tau.begin(), p.tau.end());
        gain_.insert(gain_.end(), p.gain.begin(), p.gain.end());
        shift_.insert(shift_.end(), p.shift.begin(), p.shift.end());
        input_.insert(input_.end(), p.input.begin(), p.input.end());
        segments_.push_back({p.offset, p.size(), p.spec.phi});
        initial_.push_back({p.offset, p.size(), p.spec.x_init});
        if (!p.spec.series.empty()) {
            series_.push_back({p.offset, p.size(), p.spec.series_samples, p.spec.series_step_ms, p.spec.series});
        }
    }
    inv_tau_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) inv_tau_[i] = 1.0 / tau_[i];

    // Triplets (post, pre, w) of every block; duplicates across blocks add up.
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(static_cast<std::size_t>(net.coupling_count()));
    const auto& pops = net.populations();
    for (const RateProjection& proj : net.projections()) {
        const Synapses& s = *proj.weights;
        const std::uint32_t pre0 = pops[proj.pre].offset, post0 = pops[proj.post].offset;
        for (std::uint32_t j = 0; j < s.n_pre; ++j) {
            const auto targets = s.row_targets(j);
            const auto w = s.row_weights(j);
            for (std::size_t q = 0; q < targets.size(); ++q) {
                entries.emplace_back(static_cast<int>(post0 + targets[q]), static_cast<int>(pre0 + j), w[q]);
            }
        }
    }
    const auto n = static_cast<Eigen::Index>(n_);
    csr_.resize(n, n);
    csr_.setFromTriplets(entries.begin(), entries.end());
    csr_.makeCompressed();
    nonzeros_ = static_cast<std::size_t>(csr_.nonZeros());
    const double density = static_cast<double>(nonzeros_) / (static_cast<double>(n_) * static_cast<double>(n_));
    sparse_ = storage == Storage::sparse || (storage == Storage::automatic && density <= 0.2);
    diagonal_.assign(n_, 0.0);
    for (Eigen::Index i = 0; i < n; ++i) diagonal_[static_cast<std::size_t>(i)] = csr_.coeff(i, i);
    if (!sparse_) {
        dense_ = Matrix(csr_);
        csr_ = Eigen::SparseMatrix<double, Eigen::RowMajor>();
    }
}

void RateSystem::input_at(double t, std::span<double> out) const {
    std::copy(input_.begin(), input_.end(), out.begin());
    for (const Series& s : series_) {
        // Zero-order hold; the 1e-9 slack keeps t = k * step on sample k despite rounding.
        const double k = std::floor(t / s.step + 1e-9);
        const std::size_t sample = k <= 0.0 ? 0 : std::min(s.samples - 1, static_cast<std::size_t>(k));
        for (std::size_t i = 0; i < s.n; ++i) out[s.offset + i] += s.values[i * s.samples + sample];
    }
}

void RateSystem::transfer(std::span<const double> u, std::span<double> out) const {
    for (const Segment& g : segments_) {
        apply_transfer(g.phi, u.subspan(g.offset, g.n), std::span<const double>(gain_).subspan(g.offset, g.n),
                       std::span<const double>(shift_).subspan(g.offset, g.n), out.subspan(g.offset, g.n));
    }
}

void RateSystem::slope(std::span<const double> u, std::span<double> out) const {
    for (const Segment& g : segments_) {
        apply_transfer_slope(g.phi, u.subspan(g.offset, g.n), std::span<const double>(gain_).subspan(g.offset, g.n),
                             std::span<const double>(shift_).subspan(g.offset, g.n), out.subspan(g.offset, g.n),
                             jacobian_seed004_);
    }
}

void RateSystem::state_slope(std::span<const double> x, double t, std::span<double> out) const {
    if (form_ == RateForm::current) {
        slope(x, out);
        return;
    }
    const auto n = static_cast<Eigen::Index>(n_);
    const Matrix xm = Eigen::Map<const Eigen::VectorXd>(x.data(), n);
    Matrix u(n, 1);
    multiply_columns(xm, u);
    std::vector<double> input(n_);
    input_at(t, input);
    for (std::size_t i = 0; i < n_; ++i) u(static_cast<Eigen::Index>(i), 0) += input[i];
    slope({u.data(), n_}, out);
}

void RateSystem::multiply_columns(const Matrix& V, Matrix& Y) const {
    const auto n = static_cast<Eigen::Index>(n_);
    if (sparse_) {
        // Row i of the CSR times a column: the nonzeros of row i in stored order, per column.
        for (Eigen::Index c = 0; c < V.cols(); ++c) Y.col(c).noalias() = csr_ * V.col(c);
        return;
    }
    // Y(i, c) = sum over j ascending of J(i, j) V(j, c), one accumulator per element: the same
    // operations for a column whether it is computed with three others or alone.
    const double* J = dense_.data();
    for (Eigen::Index c0 = 0; c0 < V.cols(); c0 += 4) {
        const Eigen::Index width = std::min<Eigen::Index>(4, V.cols() - c0);
        for (std::size_t i0 = 0; i0 < n_; i0 += kRowBlock) {
            const std::size_t rows = std::min(kRowBlock, n_ - i0);
            double acc[4][kRowBlock] = {};
            for (Eigen::Index j = 0; j < n; ++j) {
                const double* column = J + static_cast<std::size_t>(j) * n_ + i0;
                for (Eigen::Index c = 0; c < width; ++c) {
                    const double v = V(j, c0 + c);
                    double* a = acc[c];
                    for (std::size_t r = 0; r < rows; ++r) a[r] += column[r] * v;
                }
            }
            for (Eigen::Index c = 0; c < width; ++c) {
                std::copy(acc[c], acc[c] + rows, Y.col(c0 + c).data() + i0);
            }
        }
    }
}

void RateSystem::multiply_panel(const Eigen::Ref<const Matrix>& V, Eigen::Ref<Matrix> Y) const {
    if (!sparse_) {
        Y.noalias() = dense_ * V;
        return;
    }
    // CSR rows against a row-major copy of the panel, so every nonzero updates `width` contiguous
    // values (vectorised) instead of gathering one value per column.
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Index width = V.cols();
    const RowMajor rows = V;
    RowMajor out(V.rows(), width);
    const int* outer = csr_.outerIndexPtr();
    const int* inner = csr_.innerIndexPtr();
    const double* value = csr_.valuePtr();
    for (Eigen::Index i = 0; i < V.rows(); ++i) {
        double* y = out.row(i).data();
        std::fill(y, y + width, 0.0);
        for (int q = outer[i]; q < outer[i + 1]; ++q) {
            const double w = value[q];
            const double* v = rows.row(inner[q]).data();
            for (Eigen::Index c = 0; c < width; ++c) y[c] += w * v[c];
        }
    }
    Y = out;
}

void RateSystem::derivative(const Matrix& X, double t, Matrix& dX) const {
    const auto n = static_cast<Eigen::Index>(n_);
    const Eigen::Index b = X.cols();
    dX.resize(n, b);
    std::vector<double> input(n_);
    input_at(t, input);
    Matrix work(n, b);
    if (form_ == RateForm::current) {
        // dx = (-x + J phi(x) + I) / tau
        for (Eigen::Index c = 0; c < b; ++c) transfer({X.col(c).data(), n_}, {work.col(c).data(), n_});
        multiply_columns(work, dX);
        for (Eigen::Index c = 0; c < b; ++c) {
            for (std::size_t i = 0; i < n_; ++i) {
                const auto r = static_cast<Eigen::Index>(i);
                dX(r, c) = (-X(r, c) + dX(r, c) + input[i]) * inv_tau_[i];
            }
        }
    } else {
        // dr = (-r + phi(J r + I)) / tau
        multiply_columns(X, work);
        for (Eigen::Index c = 0; c < b; ++c) {
            for (std::size_t i = 0; i < n_; ++i) work(static_cast<Eigen::Index>(i), c) += input[i];
            transfer({work.col(c).data(), n_}, {dX.col(c).data(), n_});
            for (std::size_t i = 0; i < n_; ++i) {
                const auto r = static_cast<Eigen::Index>(i);
                dX(r, c) = (-X(r, c) + dX(r, c)) * inv_tau_[i];
            }
        }
    }
}

void RateSystem::tangent(std::span<const double> x, double t, const Matrix& V, Matrix& dV) const {
    const auto n = static_cast<Eigen::Index>(n_);
    const Eigen::Index k = V.cols();
    dV.resize(n, k);
    std::vector<double> s(n_);
    state_slope(x, t, s);
    const Eigen::Map<const Eigen::VectorXd> sv(s.data(), n);
    const Eigen::Map<const Eigen::VectorXd> inv_tau(inv_tau_.data(), n);
    for_each_panel(k, [&](Eigen::Index c0, Eigen::Index width) {
        auto out = dV.middleCols(c0, width);
        const auto in = V.middleCols(c0, width);
        if (form_ == RateForm::current) {
            // Df V = (-V + J (phi'(x) . V)) / tau, rows scaled; J diag(phi') is never formed.
            const Matrix scaled = sv.asDiagonal() * in;
            multiply_panel(scaled, out);
            out = inv_tau.asDiagonal() * (out - in);
        } else {
            // Df V = (-V + phi'(u) . (J V)) / tau
            multiply_panel(in, out);
            out = inv_tau.asDiagonal() * (sv.asDiagonal() * out - in);
        }
    });
}

void RateSystem::multiply_transpose_panel(const Eigen::Ref<const Matrix>& V, Eigen::Ref<Matrix> Y) const {
    if (!sparse_) {
        Y.noalias() = dense_.transpose() * V;
        return;
    }
    // Row i of the CSR scatters J(i, j) V(i, :) into row j of the result (row-major copies, as above).
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Index width = V.cols();
    const RowMajor rows = V;
    RowMajor out = RowMajor::Zero(V.rows(), width);
    const int* outer = csr_.outerIndexPtr();
    const int* inner = csr_.innerIndexPtr();
    const double* value = csr_.valuePtr();
    for (Eigen::Index i = 0; i < V.rows(); ++i) {
        const double* v = rows.row(i).data();
        for (int q = outer[i]; q < outer[i + 1]; ++q) {
            const double w = value[q];
            double* y = out.row(inner[q]).data();
            for (Eigen::Index c = 0; c < width; ++c) y[c] += w * v[c];
        }
    }
    Y = out;
}

void RateSystem::adjoint(std::span<const double> x, double t, const Matrix& W, Matrix& dW) const {
    const auto n = static_cast<Eigen::Index>(n_);
    const Eigen::Index k = W.cols();
    dW.resize(n, k);
    std::vector<double> s(n_);
    state_slope(x, t, s);
    const Eigen::Map<const Eigen::VectorXd> sv(s.data(), n);
    const Eigen::Map<const Eigen::VectorXd> inv_tau(inv_tau_.data(), n);
    for_each_panel(k, [&](Eigen::Index c0, Eigen::Index width) {
        auto out = dW.middleCols(c0, width);
        const Matrix scaled = inv_tau.asDiagonal() * W.middleCols(c0, width); // W / tau
        if (form_ == RateForm::current) {
            // Df^T W = (-I + D_phi' J^T) D_{1/tau} W
            multiply_transpose_panel(scaled, out);
            out = sv.asDiagonal() * out - scaled;
        } else {
            // Df^T W = (-I + J^T D_phi') D_{1/tau} W
            const Matrix weighted = sv.asDiagonal() * scaled;
            multiply_transpose_panel(weighted, out);
            out -= scaled;
        }
    });
}

Matrix RateSystem::jacobian(std::span<const double> x, double t) const {
    const auto n = static_cast<Eigen::Index>(n_);
    const Matrix identity = Matrix::Identity(n, n);
    Matrix d(n, n);
    tangent(x, t, identity, d);
    return d;
}

double RateSystem::jacobian_trace(std::span<const double> x, double t) const {
    std::vector<double> s(n_);
    state_slope(x, t, s);
    double trace = 0.0;
    for (std::size_t i = 0; i < n_; ++i) trace += (-1.0 + diagonal_[i] * s[i]) * inv_tau_[i];
    return trace;
}

std::vector<double> RateSystem::initial_state(const Seed& trial_seed) const {
    std::vector<double> x(n_);
    for (std::size_t p = 0; p < initial_.size(); ++p) {
        const InitialState& pop = initial_[p];
        pop.x_init.fill(std::span<double>(x).subspan(pop.offset, pop.n), trial_seed, stream_id("rate.x_init"), p);
    }
    for (double v : x) {
        if (!std::isfinite(v)) throw ConfigError("rate: option 'x_init' drew a non-finite value " + format_number(v));
    }
    return x;
}

} // namespace chaoslab
