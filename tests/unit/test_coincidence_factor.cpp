// Tests of measures/coincidence (no Lua): the coincidence factor in the Kistler and the seed conventions
// against closed forms (identical, shifted, one-sided trains), one use per spike, silent neurons, the window,
// the normaliser cut, an independent maximum-matching count on random trains, and the error messages.
#include "measures/coincidence.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"

#include "spike_trains.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using chaoslab::CoincidenceConvention;
using chaoslab::CoincidenceOptions;
using chaoslab::ConfigError;
using chaoslab::RandomStream;
using chaoslab::Seed;
using chaoslab::SpikeView;
using chaoslab::stream_id;
using chaoslab::test::Trains;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

CoincidenceOptions options(double duration, double delta = 2.0,
                           CoincidenceConvention convention = CoincidenceConvention::kistler, double t0 = 0.0) {
    CoincidenceOptions o;
    o.duration_ms = duration;
    o.delta_ms = delta;
    o.convention = convention;
    o.t0_ms = t0;
    return o;
}

Trains regular(std::int32_t id, double first, double period, int count, Trains s = {}) {
    for (int k = 0; k < count; ++k) s.add(id, first + period * k);
    return s;
}

// Maximum matching of |x - y| <= delta between two sorted trains, by dynamic programming over prefixes: an
// independent computation of the implementation's greedy two-pointer count. (The greedy count is maximal:
// when the earliest spikes of both trains are within delta, exchanging partners in any maximum matching keeps
// all pairs within delta; when they are not, the earlier one has no partner left.)
std::size_t max_matching(const std::vector<double>& x, const std::vector<double>& y, double delta) {
    std::vector<std::vector<std::size_t>> m(x.size() + 1, std::vector<std::size_t>(y.size() + 1, 0));
    for (std::size_t i = 1; i <= x.size(); ++i) {
        for (std::size_t j = 1; j <= y.size(); ++j) {
            m[i][j] = std::max(m[i - 1][j], m[i][j - 1]);
            if (std::abs(x[i - 1] - y[j - 1]) <= delta) m[i][j] = std::max(m[i][j], m[i - 1][j - 1] + 1);
        }
    }
    return m[x.size()][y.size()];
}

bool same_or_both_nan(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

} // namespace

TEST_CASE("identical trains give gamma 1 - 2 nu delta and a Kistler factor of exactly 1", "[measures][coincidence]") {
    // Three irregular trains of different rates from the project generator, each compared with itself: every
    // spike coincides (N_coinc = N1 = N2 = N), so gamma = (N - 2 nu delta N)/N with nu = N/T.
    const double duration = 500.0, delta = 2.0;
    Trains s;
    std::vector<double> count(3, 0.0);
    for (std::int32_t i = 0; i < 3; ++i) {
        RandomStream rs(Seed{4, 4, 0}, stream_id("test.coincidence.identical"), static_cast<std::uint64_t>(i));
        const double mean_gap = 10.0 + 15.0 * i;
        for (double t = rs.exponential(mean_gap); t < duration; t += rs.exponential(mean_gap)) {
            s.add(i, t);
            count[static_cast<std::size_t>(i)] += 1.0;
        }
    }
    REQUIRE(count[2] > 5.0);
    const auto c = chaoslab::coincidence(s.view(), s.view(), 3, options(duration, delta));
    CHECK(c.neurons_counted == 3);
    double mean = 0.0;
    for (std::size_t i = 0; i < 3; ++i) {
        const double nu = count[i] / duration;
        CHECK(c.gamma_per_neuron[i] == Approx(1.0 - 2.0 * nu * delta).epsilon(1e-12));
        mean += (1.0 - 2.0 * nu * delta) / 3.0;
    }
    CHECK(c.gamma == Approx(mean).epsilon(1e-12));
    CHECK(c.kistler == Approx(1.0).epsilon(1e-12));
    // The seed's convention drops the factor 2 in both places: gamma = 1 - nu delta, still normalised to 1.
    const auto seed =
        chaoslab::coincidence(s.view(), s.view(), 3, options(duration, delta, CoincidenceConvention::seed));
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(seed.gamma_per_neuron[i] == Approx(1.0 - count[i] / duration * delta).epsilon(1e-12));
    }
    CHECK(seed.kistler == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("a shift within delta keeps every coincidence, beyond delta loses all", "[measures][coincidence]") {
    const double duration = 1000.0, delta = 2.0;
    const Trains a = regular(0, 10.0, 20.0, 50); // N1 = 50, spikes 20 ms apart
    const double full = 1.0 - 2.0 * (50.0 / duration) * delta;
    for (const double shift : {-1.5, -0.25, 0.0, 1.5, 2.0}) { // 2.0 = delta exactly: |t1 - t2| <= delta counts
        INFO("shift " << shift);
        const Trains b = regular(0, 10.0 + shift, 20.0, 50);
        const auto c = chaoslab::coincidence(a.view(), b.view(), 1, options(duration, delta));
        CHECK(c.gamma == Approx(full));
        CHECK(c.kistler == Approx(1.0));
    }
    // 3 ms later with N2 = 40: no pair within 2 ms (the next control spike is 17 ms away), so
    // gamma = -2 nu delta N1 / ((N1 + N2)/2) with nu = N2/T.
    const Trains far = regular(0, 13.0, 20.0, 40);
    const double nu = 40.0 / duration;
    const auto c = chaoslab::coincidence(a.view(), far.view(), 1, options(duration, delta));
    CHECK(c.gamma == Approx(-2.0 * nu * delta * 50.0 / 45.0));
    CHECK(c.kistler == Approx(-2.0 * nu * delta * 50.0 / 45.0 / (1.0 - 2.0 * nu * delta)));
    const auto s =
        chaoslab::coincidence(a.view(), far.view(), 1, options(duration, delta, CoincidenceConvention::seed));
    CHECK(s.gamma == Approx(-nu * delta * 50.0 / 45.0));
    CHECK(s.kistler == Approx(-nu * delta * 50.0 / 45.0 / (1.0 - nu * delta)));
    // Just beyond delta loses everything as well.
    const Trains beyond = regular(0, 12.0 + 1e-9, 20.0, 50);
    CHECK(chaoslab::coincidence(a.view(), beyond.view(), 1, options(duration, delta)).gamma ==
          Approx(-2.0 * (50.0 / duration) * delta));
}

TEST_CASE("each spike takes part in at most one coincidence", "[measures][coincidence]") {
    const double T = 100.0, delta = 2.0;
    // Two control spikes within delta of one perturbed spike: one coincidence. N1 = 2, N2 = 1, nu = 0.01/ms.
    Trains a, b;
    a.add(0, 10.0);
    a.add(0, 11.0);
    b.add(0, 10.5);
    CHECK(chaoslab::coincidence(a.view(), b.view(), 1, options(T)).gamma ==
          Approx((1.0 - 2.0 * 0.01 * delta * 2.0) / 1.5));
    // The mirror case: N1 = 1, N2 = 2, nu = 0.02/ms.
    CHECK(chaoslab::coincidence(b.view(), a.view(), 1, options(T)).gamma ==
          Approx((1.0 - 2.0 * 0.02 * delta * 1.0) / 1.5));
    // A burst of four control spikes around two perturbed ones, all within delta of each other: two pairs.
    Trains burst, pair;
    for (const double t : {10.0, 10.5, 11.0, 11.5}) burst.add(0, t);
    for (const double t : {10.2, 10.7}) pair.add(0, t);
    CHECK(chaoslab::coincidence(burst.view(), pair.view(), 1, options(T)).gamma ==
          Approx((2.0 - 2.0 * 0.02 * delta * 4.0) / 3.0));
}

TEST_CASE("silent neurons: both silent left out, one silent counted by Kistler only", "[measures][coincidence]") {
    // Neuron 0 fires in both runs (identical, 10 spikes in 100 ms), 1 in the control only, 2 in the perturbed
    // run only, 3 in neither.
    Trains a = regular(0, 5.0, 10.0, 10);
    a = regular(1, 5.0, 10.0, 10, a);
    Trains b = regular(0, 5.0, 10.0, 10);
    b = regular(2, 5.0, 10.0, 10, b);
    const auto k = chaoslab::coincidence(a.view(), b.view(), 4, options(100.0));
    CHECK(k.neurons_counted == 3);
    CHECK(k.gamma_per_neuron[0] == Approx(1.0 - 2.0 * 0.1 * 2.0));
    CHECK(k.gamma_per_neuron[1] == 0.0); // no coincidences, nu = 0: (0 - 0)/(10/2)
    CHECK(k.gamma_per_neuron[2] == 0.0); // no coincidences, N1 = 0: (0 - 0)/(10/2)
    CHECK(std::isnan(k.gamma_per_neuron[3]));
    CHECK(k.gamma == Approx((1.0 - 2.0 * 0.1 * 2.0) / 3.0));
    CHECK(k.kistler == Approx(1.0 / 3.0)); // normalisers 0.6, 1 and 0.6 are all positive
    const auto s = chaoslab::coincidence(a.view(), b.view(), 4, options(100.0, 2.0, CoincidenceConvention::seed));
    CHECK(s.neurons_counted == 1);
    CHECK(std::isnan(s.gamma_per_neuron[1]));
    CHECK(std::isnan(s.gamma_per_neuron[2]));
    CHECK(std::isnan(s.gamma_per_neuron[3]));
    CHECK(s.gamma == Approx(1.0 - 0.1 * 2.0));
    CHECK(s.kistler == Approx(1.0));
    // Nothing fires: no neuron to average.
    const Trains none;
    const auto empty = chaoslab::coincidence(none.view(), none.view(), 2, options(100.0));
    CHECK(empty.neurons_counted == 0);
    CHECK(std::isnan(empty.gamma));
    CHECK(std::isnan(empty.kistler));
}

TEST_CASE("the Kistler mean leaves out neurons whose normaliser is not positive", "[measures][coincidence]") {
    // delta = 5 ms, T = 100 ms. Neuron 0: identical trains of 15 spikes (nu = 0.15/ms): Kistler normaliser
    // 1 - 2 nu delta = -0.5 (left out of kistler, kept in gamma), seed normaliser 1 - nu delta = 0.25 (kept).
    // Neuron 1: control {10, 60}, perturbed {10, 80}: one coincidence, N1 = N2 = 2, nu = 0.02/ms.
    const double delta = 5.0;
    Trains a = regular(0, 1.0, 6.5, 15);
    Trains b = a;
    a.add(1, 10.0);
    a.add(1, 60.0);
    b.add(1, 10.0);
    b.add(1, 80.0);
    const double k1 = (1.0 - 2.0 * 0.02 * delta * 2.0) / 2.0; // 0.3
    const auto k = chaoslab::coincidence(a.view(), b.view(), 2, options(100.0, delta));
    CHECK(k.neurons_counted == 2);
    CHECK(k.gamma_per_neuron[0] == Approx(1.0 - 2.0 * 0.15 * delta));
    CHECK(k.gamma_per_neuron[1] == Approx(k1));
    CHECK(k.gamma == Approx(0.5 * (1.0 - 2.0 * 0.15 * delta + k1)));
    CHECK(k.kistler == Approx(k1 / (1.0 - 2.0 * 0.02 * delta))); // neuron 1 alone
    const double s1 = (1.0 - 0.02 * delta * 2.0) / 2.0;          // 0.4
    const auto s = chaoslab::coincidence(a.view(), b.view(), 2, options(100.0, delta, CoincidenceConvention::seed));
    CHECK(s.gamma == Approx(0.5 * (1.0 - 0.15 * delta + s1)));
    CHECK(s.kistler == Approx(0.5 * (1.0 + s1 / (1.0 - 0.02 * delta)))); // both neurons
    // Only neuron 0: gamma is defined, the Kistler mean has no neuron.
    const Trains only = regular(0, 1.0, 6.5, 15);
    const auto alone = chaoslab::coincidence(only.view(), only.view(), 1, options(100.0, delta));
    CHECK(alone.neurons_counted == 1);
    CHECK(alone.gamma == Approx(-0.5));
    CHECK(std::isnan(alone.kistler));
}

TEST_CASE("only spikes from t0 up to t0 + duration take part", "[measures][coincidence]") {
    // Window [100, 200). Neuron 0: in the window control {100 (at t0: in), 150, 199.5} and perturbed
    // {100.5, 150.5, 199.9}, all matched; outside, control 99 and 200 (at t0 + duration: out) and perturbed
    // 201 lie within delta of window spikes and must neither match nor count.
    // Neuron 1: control {98.5 (out), 120}, perturbed {100.2, 120}: only 120 - 120 matches, N1 = 1, N2 = 2.
    Trains a, b;
    for (const double t : {99.0, 100.0, 150.0, 199.5, 200.0}) a.add(0, t);
    for (const double t : {100.5, 150.5, 199.9, 201.0}) b.add(0, t);
    a.add(1, 98.5);
    a.add(1, 120.0);
    b.add(1, 100.2);
    b.add(1, 120.0);
    const auto c =
        chaoslab::coincidence(a.view(), b.view(), 2, options(100.0, 2.0, CoincidenceConvention::kistler, 100.0));
    CHECK(c.gamma_per_neuron[0] == Approx(1.0 - 2.0 * 0.03 * 2.0));
    CHECK(c.gamma_per_neuron[1] == Approx((1.0 - 2.0 * 0.02 * 2.0 * 1.0) / 1.5));
    // Spikes only outside the window: silent in the window, left out.
    const auto later =
        chaoslab::coincidence(a.view(), b.view(), 2, options(50.0, 2.0, CoincidenceConvention::kistler, 300.0));
    CHECK(later.neurons_counted == 0);
    CHECK(std::isnan(later.gamma));
}

TEST_CASE("coincidence factors of random trains equal an independent maximum-matching computation",
          "[measures][coincidence]") {
    // 30 neurons; the perturbed train keeps ~70 % of the control spikes with a 2 ms Gaussian jitter and adds
    // independent ones, so both matched and unmatched spikes occur. Neurons i % 10 == 0, 1, 2 are silent in the
    // control, the perturbed run, or both; i % 10 == 3 fire only outside the window [50, 450). The perturbed
    // spikes are given in a shuffled order.
    const std::size_t n = 30;
    const double t0 = 50.0, duration = 400.0, delta = 3.0;
    std::vector<std::vector<double>> xa(n), xb(n); // in-window spikes, sorted
    Trains a, b;
    for (std::size_t i = 0; i < n; ++i) {
        RandomStream rs(Seed{9, 2, 6}, stream_id("test.coincidence.random"), i);
        const double mean_gap = 8.0 + static_cast<double>(i);
        std::vector<double> ctrl, pert;
        for (double t = rs.exponential(mean_gap); t < 500.0; t += rs.exponential(mean_gap)) {
            ctrl.push_back(t);
            if (rs.uniform() < 0.7) pert.push_back(t + 2.0 * rs.normal());
        }
        for (double t = rs.exponential(60.0); t < 500.0; t += rs.exponential(60.0)) pert.push_back(t);
        const std::size_t kind = i % 10;
        if (kind == 0 || kind == 2) ctrl.clear();
        if (kind == 1 || kind == 2) pert.clear();
        const auto outside = [&](double t) { return t < t0 || t >= t0 + duration; };
        if (kind == 3) {
            ctrl.erase(std::remove_if(ctrl.begin(), ctrl.end(), [&](double t) { return !outside(t); }), ctrl.end());
            pert.erase(std::remove_if(pert.begin(), pert.end(), [&](double t) { return !outside(t); }), pert.end());
        }
        for (const double t : ctrl) {
            a.add(static_cast<std::int32_t>(i), t);
            if (!outside(t)) xa[i].push_back(t);
        }
        for (const double t : pert) {
            b.add(static_cast<std::int32_t>(i), t);
            if (!outside(t)) xb[i].push_back(t);
        }
        std::sort(xa[i].begin(), xa[i].end());
        std::sort(xb[i].begin(), xb[i].end());
    }
    const Trains b_sorted_by_neuron = b;
    RandomStream shuffle(Seed{9, 2, 6}, stream_id("test.coincidence.shuffle"));
    for (std::size_t k = b.times.size(); k > 1; --k) { // Fisher-Yates
        const auto j = static_cast<std::size_t>(shuffle.below(k));
        std::swap(b.times[k - 1], b.times[j]);
        std::swap(b.ids[k - 1], b.ids[j]);
    }
    std::size_t matched_total = 0, unmatched_total = 0;
    for (const auto convention : {CoincidenceConvention::kistler, CoincidenceConvention::seed}) {
        const bool seed = convention == CoincidenceConvention::seed;
        const double factor = seed ? 1.0 : 2.0;
        const auto o = options(duration, delta, convention, t0);
        const auto c = chaoslab::coincidence(a.view(), b.view(), n, o);
        double gamma_sum = 0.0, kistler_sum = 0.0;
        std::size_t counted = 0, kistler_counted = 0;
        for (std::size_t i = 0; i < n; ++i) {
            INFO("neuron " << i << (seed ? " seed" : " kistler"));
            const double n1 = static_cast<double>(xa[i].size()), n2 = static_cast<double>(xb[i].size());
            const bool left_out = seed ? (n1 == 0.0 || n2 == 0.0) : (n1 == 0.0 && n2 == 0.0);
            if (left_out) {
                CHECK(std::isnan(c.gamma_per_neuron[i]));
                continue;
            }
            const auto matched = max_matching(xa[i], xb[i], delta);
            matched_total += matched;
            unmatched_total += xa[i].size() - matched;
            const double nu = n2 / duration;
            const double g = (static_cast<double>(matched) - factor * nu * delta * n1) / (0.5 * (n1 + n2));
            CHECK(c.gamma_per_neuron[i] == Approx(g).epsilon(1e-12).margin(1e-14));
            gamma_sum += g;
            ++counted;
            if (1.0 - factor * nu * delta > 0.0) {
                kistler_sum += g / (1.0 - factor * nu * delta);
                ++kistler_counted;
            }
        }
        CHECK(c.neurons_counted == counted);
        CHECK(c.gamma == Approx(gamma_sum / static_cast<double>(counted)).epsilon(1e-12));
        CHECK(c.kistler == Approx(kistler_sum / static_cast<double>(kistler_counted)).epsilon(1e-12));
        // The order of the input spikes does not matter, to the bit.
        const auto sorted = chaoslab::coincidence(a.view(), b_sorted_by_neuron.view(), n, o);
        bool identical = sorted.gamma == c.gamma && sorted.kistler == c.kistler;
        for (std::size_t i = 0; i < n; ++i)
            identical = identical && same_or_both_nan(sorted.gamma_per_neuron[i], c.gamma_per_neuron[i]);
        CHECK(identical);
    }
    // The data exercise both outcomes of the matching.
    CHECK(matched_total > 100);
    CHECK(unmatched_total > 50);
}

TEST_CASE("bad coincidence options and ids give clear errors", "[measures][coincidence][errors]") {
    const Trains s = regular(0, 1.0, 10.0, 3);
    const auto run = [&](const CoincidenceOptions& o) { return chaoslab::coincidence(s.view(), s.view(), 1, o); };
    CHECK_THROWS_AS(run(options(100.0, 0.0)), ConfigError);
    CHECK_THROWS_WITH(run(options(100.0, 0.0)), "coincidence: delta must be > 0 ms, got 0");
    CHECK_THROWS_WITH(run(options(100.0, -1.0)), "coincidence: delta must be > 0 ms, got -1");
    CHECK_THROWS_WITH(run(options(100.0, kNaN)), "coincidence: delta must be > 0 ms, got nan");
    CHECK_THROWS_WITH(run(options(100.0, kInf)), "coincidence: delta must be > 0 ms, got inf");
    CHECK_THROWS_AS(run(options(0.0)), ConfigError);
    CHECK_THROWS_WITH(run(options(0.0)), "coincidence: duration must be > 0 ms, got 0");
    CHECK_THROWS_WITH(run(options(-5.0)), "coincidence: duration must be > 0 ms, got -5");
    CHECK_THROWS_WITH(run(options(kNaN)), "coincidence: duration must be > 0 ms, got nan");
    CHECK_THROWS_WITH(run(options(kInf)), "coincidence: duration must be > 0 ms, got inf");
    CoincidenceOptions nan_start = options(100.0);
    nan_start.t0_ms = kNaN;
    CHECK_THROWS_WITH(run(nan_start), "coincidence: t0 must be finite, got nan");
    nan_start.t0_ms = -kInf;
    CHECK_THROWS_WITH(run(nan_start), "coincidence: t0 must be finite, got -inf");
    const std::vector<double> times{1.0, 2.0};
    const std::vector<std::int32_t> ids{0};
    CHECK_THROWS_WITH(chaoslab::coincidence(SpikeView{times, ids}, s.view(), 1, options(100.0)),
                      "coincidence: spike times and ids differ in length");
    CHECK_THROWS_WITH(chaoslab::coincidence(s.view(), SpikeView{times, ids}, 1, options(100.0)),
                      "coincidence: spike times and ids differ in length");
    // Ids are 0-based in C++ and reported 1-based, in either run.
    const Trains bad = regular(2, 1.0, 10.0, 1);
    CHECK_THROWS_WITH(chaoslab::coincidence(s.view(), bad.view(), 2, options(100.0)),
                      "coincidence: neuron id 3 is outside 1..2");
    CHECK_THROWS_WITH(chaoslab::coincidence(bad.view(), s.view(), 2, options(100.0)),
                      "coincidence: neuron id 3 is outside 1..2");
    const Trains negative = regular(-1, 1.0, 10.0, 1);
    CHECK_THROWS_WITH(chaoslab::coincidence(negative.view(), s.view(), 2, options(100.0)),
                      "coincidence: neuron id 0 is outside 1..2");
}
