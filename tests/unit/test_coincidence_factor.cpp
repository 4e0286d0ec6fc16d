// Tests of measures/coincidence (no Lua): the Kistler coincidence factor against closed forms for identical,
// shifted and one-sided trains, the seed convention, one use per spike, a brute-force count, and errors.
#include "measures/coincidence.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using chaoslab::CoincidenceConvention;
using chaoslab::CoincidenceOptions;
using chaoslab::SpikeView;

namespace {

struct Trains {
    std::vector<double> times;
    std::vector<std::int32_t> ids;
    void add(std::int32_t id, double t) {
        times.push_back(t);
        ids.push_back(id);
    }
    SpikeView view() const { return SpikeView{times, ids}; }
};

CoincidenceOptions options(double duration, double delta = 2.0,
                           CoincidenceConvention convention = CoincidenceConvention::Kistler) {
    CoincidenceOptions o;
    o.duration_ms = duration;
    o.delta_ms = delta;
    o.convention = convention;
    return o;
}

Trains regular(std::int32_t id, double first, double period, int count, Trains s = {}) {
    for (int k = 0; k < count; ++k) s.add(id, first + period * k);
    return s;
}

// Maximum matching of |x - y| <= delta between two sorted trains, by dynamic programming over prefixes: an
// independent computation of the greedy two-pointer count.
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

} // namespace

TEST_CASE("identical trains: gamma = 1 - 2 nu delta and the Kistler factor 1", "[measures][coincidence]") {
    const Trains s = regular(0, 3.0, 25.0, 40); // 40 spikes in 1 s: nu = 0.04 per ms
    const auto c = chaoslab::coincidence(s.view(), s.view(), 1, options(1000.0));
    const double nu = 40.0 / 1000.0;
    CHECK(c.gamma == Approx(1.0 - 2.0 * nu * 2.0));
    CHECK(c.kistler == Approx(1.0));
    CHECK(c.neurons_counted == 1);
    // The seed's convention drops the factor 2 in both places: gamma = 1 - nu delta, still normalised to 1.
    const auto seed = chaoslab::coincidence(s.view(), s.view(), 1, options(1000.0, 2.0, CoincidenceConvention::Seed));
    CHECK(seed.gamma == Approx(1.0 - nu * 2.0));
    CHECK(seed.kistler == Approx(1.0));
}

TEST_CASE("a shift within delta keeps every coincidence, beyond delta loses all", "[measures][coincidence]") {
    const Trains a = regular(0, 10.0, 20.0, 50);
    const Trains near = regular(0, 11.5, 20.0, 50); // 1.5 ms later
    const Trains far = regular(0, 13.0, 20.0, 50);  // 3 ms later, 17 ms before the next one
    const double nu = 50.0 / 1000.0, delta = 2.0;
    CHECK(chaoslab::coincidence(a.view(), near.view(), 1, options(1000.0)).gamma == Approx(1.0 - 2.0 * nu * delta));
    const auto c = chaoslab::coincidence(a.view(), far.view(), 1, options(1000.0));
    CHECK(c.gamma == Approx(-2.0 * nu * delta * 50.0 / 50.0));
    CHECK(c.kistler == Approx(-2.0 * nu * delta / (1.0 - 2.0 * nu * delta)));
}

TEST_CASE("each spike coincides at most once", "[measures][coincidence]") {
    Trains a, b;
    a.add(0, 10.0);
    a.add(0, 11.0); // both within 2 ms of the single perturbed spike
    b.add(0, 10.5);
    const auto c = chaoslab::coincidence(a.view(), b.view(), 1, options(100.0));
    // N1 = 2, N2 = 1, nu = 0.01/ms: (1 - 2·0.01·2·2)/1.5
    CHECK(c.gamma == Approx((1.0 - 2.0 * 0.01 * 2.0 * 2.0) / 1.5));
}

TEST_CASE("silent neurons: both silent left out, one silent counted by Kistler only", "[measures][coincidence]") {
    Trains a = regular(0, 5.0, 10.0, 10);
    a = regular(1, 5.0, 10.0, 10, a); // neuron 1 fires in the control only; neuron 2 never fires
    const Trains b = regular(0, 5.0, 10.0, 10);
    const auto k = chaoslab::coincidence(a.view(), b.view(), 3, options(100.0));
    CHECK(k.neurons_counted == 2);
    CHECK(std::isnan(k.gamma_per_neuron[2]));
    CHECK(k.gamma_per_neuron[1] == 0.0); // no coincidences, nu = 0: (0 - 0)/(10/2)
    CHECK(k.gamma == Approx(0.5 * (1.0 - 2.0 * 0.1 * 2.0)));
    const auto s = chaoslab::coincidence(a.view(), b.view(), 3, options(100.0, 2.0, CoincidenceConvention::Seed));
    CHECK(s.neurons_counted == 1);
    CHECK(std::isnan(s.gamma_per_neuron[1]));
    CHECK(s.gamma == Approx(1.0 - 0.1 * 2.0));
}

TEST_CASE("coincidences of random trains equal an independent maximum matching", "[measures][coincidence]") {
    // 30 neurons, Poisson-like trains of different rates from the project generator; gamma per neuron is
    // recomputed from a dynamic-programming maximum matching.
    const double duration = 500.0, delta = 3.0;
    Trains a, b;
    std::vector<std::vector<double>> xa(30), xb(30);
    for (std::int32_t i = 0; i < 30; ++i) {
        chaoslab::RandomStream rs(chaoslab::Seed{9, 2, 6}, chaoslab::stream_id("test.coincidence"),
                                  static_cast<std::uint64_t>(i));
        const double mean_gap = 5.0 + 2.0 * i;
        for (double t = rs.exponential(mean_gap); t < duration; t += rs.exponential(mean_gap)) xa[i].push_back(t);
        for (double t = rs.exponential(mean_gap); t < duration; t += rs.exponential(mean_gap)) xb[i].push_back(t);
        // Interleave the neurons' spikes in the input to check grouping does not depend on the order.
        for (double t : xa[i]) a.add(i, t);
        for (auto it = xb[i].rbegin(); it != xb[i].rend(); ++it) b.add(i, *it);
    }
    const auto c = chaoslab::coincidence(a.view(), b.view(), 30, options(duration, delta));
    double sum = 0.0;
    std::size_t counted = 0;
    for (std::size_t i = 0; i < 30; ++i) {
        const double n1 = static_cast<double>(xa[i].size()), n2 = static_cast<double>(xb[i].size());
        if (n1 + n2 == 0) continue;
        const double nu = n2 / duration;
        const double g =
            (static_cast<double>(max_matching(xa[i], xb[i], delta)) - 2.0 * nu * delta * n1) / (0.5 * (n1 + n2));
        CHECK(c.gamma_per_neuron[i] == Approx(g));
        sum += g;
        ++counted;
    }
    REQUIRE(counted == c.neurons_counted);
    CHECK(c.gamma == Approx(sum / static_cast<double>(counted)));
}

TEST_CASE("bad coincidence options give clear errors", "[measures][coincidence][errors]") {
    const Trains s = regular(0, 1.0, 10.0, 3);
    CHECK_THROWS_WITH(chaoslab::coincidence(s.view(), s.view(), 1, options(100.0, 0.0)),
                      "coincidence: delta must be > 0 ms, got 0");
    CHECK_THROWS_WITH(chaoslab::coincidence(s.view(), s.view(), 1, options(-5.0)),
                      "coincidence: duration must be > 0 ms, got -5");
    const Trains bad = regular(2, 1.0, 10.0, 1);
    CHECK_THROWS_WITH(chaoslab::coincidence(s.view(), bad.view(), 2, options(100.0)),
                      "coincidence: neuron id 3 is outside 1..2");
}
