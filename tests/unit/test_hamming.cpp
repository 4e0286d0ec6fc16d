// Tests of measures/hamming (no Lua): the Hamming series against a hand computation and the robust slope on
// lines, noise, a saturating curve, short series and the seed's v2 early-return bug.
#include "measures/hamming.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using chaoslab::ConfigError;
using chaoslab::RobustSlopeOptions;
using chaoslab::SlopeSearch;
using chaoslab::SpikeView;

namespace {

std::vector<double> labels(std::size_t n, double first) {
    std::vector<double> t(n);
    for (std::size_t k = 0; k < n; ++k) t[k] = first + static_cast<double>(k);
    return t;
}

} // namespace

TEST_CASE("hamming distance per 1 ms bin matches a hand computation", "[measures][hamming]") {
    // Perturbation at 100 ms, 5 bins of 1 ms.
    const std::vector<double> ct{100.2, 101.5, 103.0, 99.0};
    const std::vector<std::int32_t> ci{0, 1, 2, 3};
    const std::vector<double> pt{100.0, 100.2, 101.7, 102.9, 104.5};
    const std::vector<std::int32_t> pi{4, 0, 1, 2, 1};
    chaoslab::HammingOptions o;
    o.t_pert_ms = 100.0;
    o.duration_ms = 5.0;
    const auto h = chaoslab::hamming_distance(SpikeView{ct, ci}, SpikeView{pt, pi}, 5, o);
    // control: n0 b0, n1 b1, n2 b3 (n3 is before the perturbation); perturbed: n4 b0, n0 b0, n1 b1, n2 b2,
    // n1 b4 -> differing neurons per bin {4}, {}, {2}, {2}, {1}.
    CHECK(h.distance == std::vector<double>{1, 0, 1, 1, 1});
    CHECK(h.time_ms == std::vector<double>{0.5, 1.5, 2.5, 3.5, 4.5});
    const auto same = chaoslab::hamming_distance(SpikeView{pt, pi}, SpikeView{pt, pi}, 5, o);
    CHECK(same.distance == std::vector<double>(5, 0.0));
    o.bin_ms = 0.0;
    CHECK_THROWS_AS(chaoslab::hamming_distance(SpikeView{ct, ci}, SpikeView{pt, pi}, 5, o), ConfigError);
}

TEST_CASE("robust slope recovers the slope of an exact line", "[measures][hamming]") {
    const auto t = labels(100, 0.5);
    std::vector<double> h(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) h[k] = 2.0 + 0.7 * t[k];
    const auto r = chaoslab::robust_slope(t, h);
    CHECK(r.found);
    CHECK(r.slope == Approx(0.7).epsilon(1e-12));
    CHECK(t[r.first] >= 50.0);
    CHECK(r.size >= 10);
    CHECK(r.correlation == Approx(1.0));
    // A falling line never beats 0.
    for (auto& x : h) x = -x;
    const auto down = chaoslab::robust_slope(t, h);
    CHECK(!down.found);
    CHECK(down.slope == 0.0);
}

TEST_CASE("robust slope of noise is small", "[measures][hamming]") {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto t = labels(300, 0.5);
    std::vector<double> h(t.size());
    for (auto& x : h) x = 20.0 + u(rng);
    const auto r = chaoslab::robust_slope(t, h);
    CHECK(r.slope >= 0.0);
    CHECK(r.slope < 0.25); // windows of 10 points: chance slopes of a few standard errors (~0.03 each)
    const std::vector<double> flat(t.size(), 3.0);
    CHECK(chaoslab::robust_slope(t, flat).slope == 0.0);
}

TEST_CASE("robust slope of a saturating curve is the slope of its rise", "[measures][hamming]") {
    const auto t = labels(300, 0.5);
    std::vector<double> h(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) h[k] = std::min(1.5 * std::max(t[k] - 40.0, 0.0), 150.0);
    const auto r = chaoslab::robust_slope(t, h);
    CHECK(r.slope == Approx(1.5).epsilon(1e-12));
    CHECK(t[r.first] >= 50.0);
    CHECK(t[r.first + r.size - 1] <= 140.0); // the whole window lies on the rise
    // A smooth saturating curve: the steepest window is at the start of the kept range.
    for (std::size_t k = 0; k < t.size(); ++k) h[k] = 500.0 * (1.0 - std::exp(-t[k] / 60.0));
    const auto s = chaoslab::robust_slope(t, h);
    CHECK(s.first == 50);
    CHECK(s.size == 10);
    CHECK(s.slope < 500.0 / 60.0 * std::exp(-50.0 / 60.0));
    CHECK(s.slope > 500.0 / 60.0 * std::exp(-60.0 / 60.0));
}

TEST_CASE("robust slope needs at least 10 points after the start", "[measures][hamming]") {
    const auto t = labels(59, 0.5); // labels >= 50: 50.5 .. 58.5, nine points
    std::vector<double> h(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) h[k] = t[k];
    CHECK(chaoslab::robust_slope(t, h).slope == 0.0);
    CHECK(!chaoslab::robust_slope(t, h).found);
    const auto t10 = labels(60, 0.5);
    const std::vector<double> h10(t10.begin(), t10.end());
    CHECK(chaoslab::robust_slope(t10, h10).slope == Approx(1.0));
    RobustSlopeOptions o;
    o.start_ms = 0.0;
    CHECK(chaoslab::robust_slope(t, h, o).slope == Approx(1.0));
    const std::vector<double> short_h(3, 0.0);
    CHECK_THROWS_AS(chaoslab::robust_slope(t, short_h), ConfigError);
}

TEST_CASE("the seed v2 first-window-size-only search differs where longer windows matter", "[measures][hamming]") {
    // A weak trend under alternating noise: every 10-point window has r < 0.3, 29-point windows (whose
    // alternating part cancels) have r > 0.3.
    const auto t = labels(40, 50.5);
    std::vector<double> h(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) h[k] = 10.0 + 0.04 * t[k] + (k % 2 == 0 ? 1.0 : -1.0);
    const auto all = chaoslab::robust_slope(t, h);
    RobustSlopeOptions v2;
    v2.search = SlopeSearch::seed_v2_first_size_only;
    const auto first_only = chaoslab::robust_slope(t, h, v2);
    CHECK(all.found);
    CHECK(all.slope > 0.0);
    CHECK(all.size > 10);
    CHECK(!first_only.found);
    CHECK(first_only.slope == 0.0);
    // On a clean line both find the same window.
    const auto t2 = labels(100, 0.5);
    std::vector<double> line(t2.size());
    for (std::size_t k = 0; k < t2.size(); ++k) line[k] = 0.3 * t2[k] + (k > 70 ? 0.02 * (t2[k] - 70.0) : 0.0);
    CHECK(chaoslab::robust_slope(t2, line, v2).slope == Approx(chaoslab::robust_slope(t2, line).slope));
}
