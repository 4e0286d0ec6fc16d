// Tests of measures/dimensionality (no Lua): spectra against a direct dense N x N covariance computed here
// with Eigen in both orientations, closed forms (copies of one row, orthogonal Walsh patterns), the seed's
// double-centred convention against an explicit double centring, and bad inputs.
#include "measures/dimensionality.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

// GCC 12 with -march=native on AVX-512 machines reports (-Wmaybe-)uninitialized inside its own
// avx512fintrin.h (the deliberate `__Y = __Y` of _mm512_undefined_*) wherever Eigen inlines those
// intrinsics; the warning is about the compiler's header, so it is silenced for Eigen only
// (as in measures/dimensionality.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;
using chaoslab::ConfigError;
using chaoslab::DimensionalityConvention;
using chaoslab::DimensionalityOptions;
using chaoslab::SparseRaster;

namespace {

using Dense = std::vector<std::vector<int>>; // [row][bin], 0/1

SparseRaster to_raster(const Dense& x) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> e;
    for (std::size_t i = 0; i < x.size(); ++i) {
        for (std::size_t b = 0; b < x[i].size(); ++b) {
            if (x[i][b]) e.emplace_back(static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i));
        }
    }
    return SparseRaster(x.size(), x.empty() ? 0 : x[0].size(), std::move(e));
}

Dense random_rows(std::size_t n, std::size_t b, double p, std::mt19937& gen) {
    std::bernoulli_distribution fire(p);
    Dense x(n, std::vector<int>(b));
    for (auto& row : x) {
        for (auto& v : row) v = fire(gen) ? 1 : 0;
    }
    return x;
}

Eigen::MatrixXd to_matrix(const Dense& x) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(x.size()), static_cast<Eigen::Index>(x[0].size()));
    for (std::size_t i = 0; i < x.size(); ++i) {
        for (std::size_t b = 0; b < x[i].size(); ++b) m(i, b) = x[i][b];
    }
    return m;
}

// np.cov(y) with rows as variables: centre each row, divide by columns - 1; eigenvalues > 1e-10, descending.
std::vector<double> direct_spectrum(const Eigen::MatrixXd& data) {
    Eigen::MatrixXd y = data;
    y.colwise() -= y.rowwise().mean();
    const Eigen::MatrixXd c = y * y.transpose() / static_cast<double>(y.cols() - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c, Eigen::EigenvaluesOnly);
    std::vector<double> l;
    for (Eigen::Index k = 0; k < solver.eigenvalues().size(); ++k) {
        if (solver.eigenvalues()(k) > 1e-10) l.push_back(solver.eigenvalues()(k));
    }
    std::sort(l.begin(), l.end(), std::greater<>());
    return l;
}

void check_same_spectrum(const chaoslab::Dimensionality& d, const std::vector<double>& expected) {
    REQUIRE(d.eigenvalues.size() == expected.size());
    CHECK(d.n_eigenvalues == expected.size());
    const double scale = expected.empty() ? 1.0 : expected.front();
    double sum = 0.0;
    double sum_sq = 0.0;
    for (std::size_t k = 0; k < expected.size(); ++k) {
        CHECK(d.eigenvalues[k] == Approx(expected[k]).margin(1e-11 * scale));
        sum += expected[k];
        sum_sq += expected[k] * expected[k];
    }
    CHECK(d.total_variance == Approx(sum).epsilon(1e-11));
    CHECK(d.participation_ratio == Approx(sum * sum / sum_sq).epsilon(1e-10));
    // dim95 by its definition, on the reference spectrum.
    double cumulative = 0.0;
    std::size_t k95 = 0;
    while (k95 < expected.size() && cumulative < 0.95 * sum) cumulative += expected[k95++];
    CHECK(d.dim95 == k95);
}

// The seed's steps written out: drop bins whose population variance across rows is <= 1e-10, subtract
// each kept bin's mean across rows, then np.cov with rows as variables.
std::vector<double> seed_reference_spectrum(const Eigen::MatrixXd& x) {
    std::vector<Eigen::Index> bins;
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
        const double mean = x.col(c).mean();
        if ((x.col(c).array() - mean).square().mean() > 1e-10) bins.push_back(c);
    }
    Eigen::MatrixXd kept(x.rows(), static_cast<Eigen::Index>(bins.size()));
    for (std::size_t k = 0; k < bins.size(); ++k) kept.col(static_cast<Eigen::Index>(k)) = x.col(bins[k]);
    kept.rowwise() -= kept.colwise().mean();
    return direct_spectrum(kept);
}

DimensionalityOptions seed_options() {
    DimensionalityOptions o;
    o.convention = DimensionalityConvention::seed;
    return o;
}

} // namespace

TEST_CASE("dimensionality spectrum equals a direct neuron covariance in both orientations",
          "[measures][dimensionality]") {
    std::mt19937 gen(7);
    // N < B takes the counted n x n covariance, N > B the B x B Gram matrix.
    for (const auto& [n, b] : {std::pair<std::size_t, std::size_t>{30, 200}, {200, 30}, {25, 25}, {300, 120}}) {
        Dense x = random_rows(n, b, 0.2, gen);
        // Constant rows (silent, always on) must be dropped without changing the spectrum.
        std::fill(x[3].begin(), x[3].end(), 0);
        std::fill(x[5].begin(), x[5].end(), 1);
        const auto d = chaoslab::dimensionality(to_raster(x));
        const std::vector<double> expected = direct_spectrum(to_matrix(x));
        check_same_spectrum(d, expected);
        // The trace is the sum of the rows' sample variances a(B-a)/(B(B-1)); generic random rows have full
        // rank: the number of varying rows or B - 1 degrees of freedom, whichever is smaller.
        double trace = 0.0;
        std::size_t varying = 0;
        for (const auto& row : x) {
            const double a = std::count(row.begin(), row.end(), 1);
            trace += a * (b - a) / (static_cast<double>(b) * (b - 1.0));
            if (a > 0 && a < b) ++varying;
        }
        CHECK(d.total_variance == Approx(trace).epsilon(1e-12));
        CHECK(d.n_eigenvalues == std::min(varying, b - 1));
        // Independent rows spread the variance: PR well above 1.
        CHECK(d.participation_ratio > 0.3 * static_cast<double>(std::min(n, b)));
        // The seed's convention is the same computation when N < B.
        if (n < b) {
            const auto s = chaoslab::dimensionality(to_raster(x), seed_options());
            CHECK(s.eigenvalues == d.eigenvalues);
        }
    }
}

TEST_CASE("copies of one row have one eigenvalue and a participation ratio of 1", "[measures][dimensionality]") {
    std::mt19937 gen(11);
    for (const auto& [n, b] : {std::pair<std::size_t, std::size_t>{5, 40}, {60, 20}}) {
        const Dense one = random_rows(1, b, 0.3, gen);
        const Dense x(n, one[0]);
        const double a = std::count(one[0].begin(), one[0].end(), 1);
        REQUIRE(a > 0);
        REQUIRE(a < b);
        const auto d = chaoslab::dimensionality(to_raster(x));
        // C = s²·11ᵀ with s² = a(B-a)/(B(B-1)): one eigenvalue N·s².
        REQUIRE(d.n_eigenvalues == 1);
        CHECK(d.eigenvalues[0] == Approx(n * a * (b - a) / (b * (b - 1.0))).epsilon(1e-12));
        CHECK(d.participation_ratio == Approx(1.0).epsilon(1e-12));
        CHECK(d.dim95 == 1);
        CHECK(d.total_variance == Approx(d.eigenvalues[0]).epsilon(1e-12));
    }
}

TEST_CASE("k orthogonal equal-variance patterns give a participation ratio of k", "[measures][dimensionality]") {
    // Walsh patterns: row j follows bit j of the bin index b = 0..2^k-1; centred, they are orthogonal with
    // variance (1/4)·B/(B-1) each. c copies of each row make k equal eigenvalues c·B/(4(B-1)).
    for (const std::size_t k : {2u, 3u, 4u, 5u}) {
        const std::size_t b = std::size_t{1} << k;
        for (const std::size_t copies : {1u, 2u, 10u}) { // 10 copies: more neurons than bins for k <= 3
            Dense x;
            for (std::size_t j = 0; j < k; ++j) {
                std::vector<int> row(b);
                for (std::size_t t = 0; t < b; ++t) row[t] = static_cast<int>((t >> j) & 1u);
                for (std::size_t c = 0; c < copies; ++c) x.push_back(row);
            }
            const auto d = chaoslab::dimensionality(to_raster(x));
            REQUIRE(d.n_eigenvalues == k);
            for (const double l : d.eigenvalues) {
                CHECK(l == Approx(copies * b / (4.0 * (b - 1.0))).epsilon(1e-12));
            }
            CHECK(d.participation_ratio == Approx(static_cast<double>(k)).epsilon(1e-12));
            // Cumulative fractions 1/k, 2/k, ...: the first >= 0.95 is k itself.
            CHECK(d.dim95 == k);
        }
    }
    // Two Walsh patterns with c and 1 copies: eigenvalues c·l and l, so the first holds c/(c+1) of the
    // variance: 18/19 < 0.95 needs both, 20/21 > 0.95 one.
    for (const std::size_t c : {18u, 20u}) {
        Dense x(c, std::vector<int>{0, 1, 0, 1});
        x.push_back({0, 0, 1, 1});
        const auto d = chaoslab::dimensionality(to_raster(x));
        REQUIRE(d.n_eigenvalues == 2);
        CHECK(d.eigenvalues[0] == Approx(c * d.eigenvalues[1]).epsilon(1e-12));
        CHECK(d.participation_ratio == Approx((c + 1.0) * (c + 1.0) / (c * c + 1.0)).epsilon(1e-12));
        CHECK(d.dim95 == (c == 18 ? 2u : 1u));
    }
}

TEST_CASE("seed convention is the covariance of the explicitly double-centred matrix", "[measures][dimensionality]") {
    // 7 neurons x 5 bins (N >= B, the seed's transposed branch); bin 2 is silent and bin 4 all-on: both
    // have zero variance across neurons and are dropped.
    const Dense x{{1, 0, 0, 1, 1}, {0, 1, 0, 1, 1}, {1, 1, 0, 0, 1}, {0, 0, 0, 1, 1},
                  {1, 0, 0, 0, 1}, {0, 1, 0, 1, 1}, {1, 1, 0, 1, 1}};
    const auto d = chaoslab::dimensionality(to_raster(x), seed_options());
    // The seed's steps written out: keep bins 0, 1, 3; subtract each bin's mean over neurons; then np.cov
    // with neurons as variables (centres each row, divides by kept bins - 1).
    Eigen::MatrixXd kept(7, 3);
    const int bins[] = {0, 1, 3};
    for (int i = 0; i < 7; ++i) {
        for (int c = 0; c < 3; ++c) kept(i, c) = x[static_cast<std::size_t>(i)][static_cast<std::size_t>(bins[c])];
    }
    for (int c = 0; c < 3; ++c) kept.col(c).array() -= kept.col(c).mean();
    const std::vector<double> expected = direct_spectrum(kept);
    check_same_spectrum(d, expected);
    // Double centring leaves at most kept bins - 1 = 2 dimensions; the neuron convention sees more.
    CHECK(d.n_eigenvalues == 2);
    const auto neurons = chaoslab::dimensionality(to_raster(x));
    check_same_spectrum(neurons, direct_spectrum(to_matrix(x)));
    CHECK(neurons.total_variance != Approx(d.total_variance));

    // Copies of one row: every bin is constant across neurons, so the seed drops them all (no eigenvalues),
    // while the neuron convention finds the single shared dimension.
    const Dense copies(8, std::vector<int>{1, 0, 1, 1, 0});
    const auto seed_copies = chaoslab::dimensionality(to_raster(copies), seed_options());
    CHECK(seed_copies.n_eigenvalues == 0);
    CHECK(seed_copies.eigenvalues.empty());
    CHECK(std::isnan(seed_copies.participation_ratio));
    CHECK(seed_copies.dim95 == 0);
    CHECK(seed_copies.total_variance == 0.0);
    CHECK(chaoslab::dimensionality(to_raster(copies)).n_eigenvalues == 1);
}

TEST_CASE("seed convention matches explicit double centring on random rasters", "[measures][dimensionality]") {
    std::mt19937 gen(99);
    for (const auto& [n, b] : {std::pair<std::size_t, std::size_t>{120, 40}, {40, 40}, {300, 150}}) {
        Dense x = random_rows(n, b, 0.1, gen);
        for (auto& row : x) row[7] = 0; // a silent bin, dropped
        for (auto& row : x) row[9] = 1; // an all-on bin, dropped
        const auto d = chaoslab::dimensionality(to_raster(x), seed_options());
        const std::vector<double> expected = seed_reference_spectrum(to_matrix(x));
        check_same_spectrum(d, expected);
        CHECK(d.n_eigenvalues < b - 2); // double centring removes a dimension of the b - 2 kept bins
    }
}

TEST_CASE("dimensionality of degenerate rasters and bad options", "[measures][dimensionality]") {
    const auto none = chaoslab::dimensionality(SparseRaster(10, 1, {{0, 3}}));
    CHECK(none.n_eigenvalues == 0);
    CHECK(std::isnan(none.participation_ratio));
    CHECK(none.dim95 == 0);
    CHECK(none.total_variance == 0.0);
    CHECK(chaoslab::dimensionality(SparseRaster(10, 50, {})).n_eigenvalues == 0);
    CHECK(chaoslab::dimensionality(SparseRaster(0, 0, {})).n_eigenvalues == 0);
    CHECK(chaoslab::dimensionality(SparseRaster(0, 0, {}), seed_options()).n_eigenvalues == 0);
    // One varying neuron: one eigenvalue, its sample variance 1·1/(2·1) = 0.5.
    const auto single = chaoslab::dimensionality(SparseRaster(3, 2, {{0, 1}}));
    REQUIRE(single.n_eigenvalues == 1);
    CHECK(single.eigenvalues[0] == Approx(0.5).epsilon(1e-14));
    CHECK(single.participation_ratio == 1.0);
    // A threshold above every eigenvalue keeps none.
    DimensionalityOptions high;
    high.threshold = 1e6;
    std::mt19937 gen(3);
    CHECK(chaoslab::dimensionality(to_raster(random_rows(20, 30, 0.3, gen)), high).n_eigenvalues == 0);

    DimensionalityOptions bad;
    bad.threshold = -1.0;
    CHECK_THROWS_AS(chaoslab::dimensionality(SparseRaster(3, 4, {}), bad), ConfigError);
    CHECK_THROWS_WITH(chaoslab::dimensionality(SparseRaster(3, 4, {}), bad),
                      Contains("dimensionality: threshold must be >= 0 and finite, got -1"));
    bad.threshold = std::nan("");
    CHECK_THROWS_WITH(chaoslab::dimensionality(SparseRaster(3, 4, {}), bad),
                      Contains("dimensionality: threshold must be >= 0 and finite"));
    bad.threshold = INFINITY;
    CHECK_THROWS_WITH(chaoslab::dimensionality(SparseRaster(3, 4, {}), bad), Contains("got inf"));
}
