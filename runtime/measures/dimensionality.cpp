// Covariance spectra of 0/1 rasters: the n x n covariance counted from the sparse ones when variables are
// fewer than observations, otherwise the smaller observation x observation Gram matrix.
#include "measures/dimensionality.hpp"

#include "core/errors.hpp"

#include "core/eigen.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace chaoslab {
namespace {

// Why two routes: the nonzero eigenvalues of C = Y·Yᵀ/(B-1) (Y the centred n x B data) equal those of the
// Gram matrix Yᵀ·Y/(B-1) (B x B), since Y·Yᵀ·v = l·v gives Yᵀ·Y·(Yᵀv) = l·(Yᵀv). The symmetric eigensolver
// costs ~(4/3)·size³, so decomposing the smaller one turns the seed's 1000 x 1000 problem for a 1000 x 150
// raster into a 150 x 150 one (~300x less work). Only Eigen's single-threaded kernels are used (the rank
// update and the eigensolver), so the result does not depend on the number of OpenMP threads.

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr std::uint32_t kDropped = std::numeric_limits<std::uint32_t>::max();

// Eigenvalues (ascending) of the symmetric matrix whose lower triangle is filled in.
VectorXd eigenvalues_of_lower(const MatrixXd& m) {
    if (m.rows() == 0) return VectorXd();
    const Eigen::SelfAdjointEigenSolver<MatrixXd> solver(m, Eigen::EigenvaluesOnly);
    return solver.eigenvalues();
}

// Eigenvalues of (1/(B-1))·Yᵀ·Y for a dense centred Y (n x B, n >= B): a B x B problem.
VectorXd gram_eigenvalues(const MatrixXd& y) {
    const Index n_obs = y.cols();
    MatrixXd g = MatrixXd::Zero(n_obs, n_obs);
    g.selfadjointView<Eigen::Lower>().rankUpdate(y.transpose(), 1.0 / static_cast<double>(n_obs - 1));
    return eigenvalues_of_lower(g);
}

// Neurons as variables (also the seed's convention when N < B).
VectorXd neuron_covariance_eigenvalues(const SparseRaster& x, double threshold) {
    const std::size_t n_bins = x.cols();
    if (n_bins < 2) return VectorXd();
    const double b = static_cast<double>(n_bins);
    const std::vector<std::size_t> activity = row_activity(x);
    // kept[i] = position of neuron i among the kept ones; a 0/1 row has population variance p(1-p).
    std::vector<std::uint32_t> kept(x.rows(), kDropped);
    std::vector<double> a; // spike counts of the kept neurons
    for (std::size_t i = 0; i < x.rows(); ++i) {
        const double p = static_cast<double>(activity[i]) / b;
        if (p * (1.0 - p) > threshold) {
            kept[i] = static_cast<std::uint32_t>(a.size());
            a.push_back(static_cast<double>(activity[i]));
        }
    }
    const auto n = static_cast<Index>(a.size());
    if (n == 0) return VectorXd();

    if (static_cast<std::size_t>(n) <= n_bins) {
        // (B-1)·C_ij = sum_b (x_ib - a_i/B)(x_jb - a_j/B) = K_ij - a_i·a_j/B with K_ij the number of bins where
        // both fire. Counting K from each bin's active list costs sum_b k_b²/2 instead of the dense n²·B/2
        // (25x less at 20 % ones: 1000 x 2750 in ~40 ms instead of ~100-250 ms), and K is an exact integer, so
        // the centring costs one rounding per entry instead of B of them.
        MatrixXd c = MatrixXd::Zero(n, n);
        std::vector<std::uint32_t> active;
        for (std::size_t col = 0; col < n_bins; ++col) {
            active.clear();
            for (const std::uint32_t r : x.column(col)) {
                if (kept[r] != kDropped) active.push_back(kept[r]); // increasing, as the rows are
            }
            for (std::size_t q = 0; q < active.size(); ++q) {
                double* lower = c.col(active[q]).data(); // row >= column: the lower triangle
                for (std::size_t p = q; p < active.size(); ++p) lower[active[p]] += 1.0;
            }
        }
        for (Index j = 0; j < n; ++j) {
            for (Index i = j; i < n; ++i) {
                c(i, j) = (c(i, j) - a[static_cast<std::size_t>(i)] * a[static_cast<std::size_t>(j)] / b) / (b - 1.0);
            }
        }
        return eigenvalues_of_lower(c);
    }

    // More kept neurons than bins: the B x B Gram matrix of the dense centred data (n·B doubles, 1.2 MB for
    // 1000 x 150).
    MatrixXd y(n, static_cast<Index>(n_bins));
    for (std::size_t i = 0; i < x.rows(); ++i) {
        if (kept[i] != kDropped) y.row(kept[i]).setConstant(-a[kept[i]] / b);
    }
    for (std::size_t col = 0; col < n_bins; ++col) {
        for (const std::uint32_t r : x.column(col)) {
            if (kept[r] != kDropped) y(kept[r], static_cast<Index>(col)) += 1.0;
        }
    }
    return gram_eigenvalues(y);
}

// The seed with N >= B: drop constant bins, subtract each bin's mean across neurons, then centre each neuron
// over the kept bins (np.cov does this) and take the neuron x neuron covariance, through its Gram matrix.
VectorXd seed_double_centred_eigenvalues(const SparseRaster& x, double threshold) {
    const double n = static_cast<double>(x.rows());
    std::vector<std::size_t> bins;
    for (std::size_t col = 0; col < x.cols(); ++col) {
        const double q = static_cast<double>(x.column(col).size()) / n;
        if (q * (1.0 - q) > threshold) bins.push_back(col);
    }
    if (bins.size() < 2) return VectorXd();
    MatrixXd y(static_cast<Index>(x.rows()), static_cast<Index>(bins.size()));
    for (std::size_t k = 0; k < bins.size(); ++k) {
        const auto col = static_cast<Index>(k);
        y.col(col).setConstant(-static_cast<double>(x.column(bins[k]).size()) / n);
        for (const std::uint32_t r : x.column(bins[k])) y(r, col) += 1.0;
    }
    y.colwise() -= y.rowwise().mean();
    return gram_eigenvalues(y);
}

} // namespace

Dimensionality dimensionality(const SparseRaster& activity, const DimensionalityOptions& options) {
    if (!(options.threshold >= 0.0) || !std::isfinite(options.threshold)) {
        throw ConfigError("dimensionality: threshold must be >= 0 and finite, got " + format_number(options.threshold));
    }
    const VectorXd all = options.convention == DimensionalityConvention::seed && activity.rows() >= activity.cols()
                             ? seed_double_centred_eigenvalues(activity, options.threshold)
                             : neuron_covariance_eigenvalues(activity, options.threshold);

    Dimensionality d;
    for (Index k = all.size(); k-- > 0;) { // ascending -> descending
        if (all(k) > options.threshold) d.eigenvalues.push_back(all(k));
    }
    d.n_eigenvalues = d.eigenvalues.size();
    double sum_sq = 0.0;
    for (const double l : d.eigenvalues) {
        d.total_variance += l;
        sum_sq += l * l;
    }
    d.participation_ratio =
        d.n_eigenvalues > 0 ? d.total_variance * d.total_variance / sum_sq : std::numeric_limits<double>::quiet_NaN();
    // As the seed: the first k whose cumulative sum divided by the total reaches 0.95 (np.searchsorted).
    double cumulative = 0.0;
    for (std::size_t k = 0; k < d.n_eigenvalues; ++k) {
        cumulative += d.eigenvalues[k];
        if (cumulative / d.total_variance >= 0.95) {
            d.dim95 = k + 1;
            break;
        }
    }
    if (d.dim95 == 0) d.dim95 = d.n_eigenvalues; // rounding left the last fraction just under 0.95
    return d;
}

} // namespace chaoslab
