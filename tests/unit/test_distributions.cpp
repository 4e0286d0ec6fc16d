// Tests of core/distribution: argument checks and their messages, closed-form moments against
// samples, exact CDFs (Kolmogorov-Smirnov), and bitwise independence from the thread count.
#include "statistics.hpp"
#include "core/distribution.hpp"

#include "core/errors.hpp"
#include "parallel/threads.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace chaoslab;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

using test::ks_critical;
using test::ks_statistic;
using test::normal_cdf;
using test::sample_mean;
using test::sample_variance;

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Restores the thread count when a test ends, even if it fails.
struct ThreadCountGuard {
    int saved = thread_count();
    ~ThreadCountGuard() { set_thread_count(saved); }
};

const Seed kSeed{31, 4, 1};
const StreamId kStream = stream_id("distribution-test");

} // namespace

TEST_CASE("factories reject bad parameters with messages naming them", "[distributions]") {
    CHECK_THROWS_AS(Distribution::normal(0, -1), ConfigError);
    CHECK_THROWS_WITH(Distribution::normal(0, -1), "normal: sigma must be >= 0, got -1");
    CHECK_THROWS_WITH(Distribution::normal(kNaN, 1), "normal: mu must be finite, got nan");
    CHECK_THROWS_WITH(Distribution::normal(0, kInf), "normal: sigma must be finite, got inf");
    CHECK_THROWS_WITH(Distribution::lognormal(0, -0.5), "lognormal: sigma must be >= 0, got -0.5");
    CHECK_THROWS_WITH(Distribution::lognormal(-kInf, 1), "lognormal: mu must be finite, got -inf");
    CHECK_THROWS_AS(Distribution::uniform(2, 1), ConfigError);
    CHECK_THROWS_WITH(Distribution::uniform(2, 1), "uniform: hi must be >= lo, got lo=2, hi=1");
    CHECK_THROWS_WITH(Distribution::uniform(kNaN, 1), "uniform: lo must be finite, got nan");
    CHECK_THROWS_WITH(Distribution::uniform(0, kInf), "uniform: hi must be finite, got inf");
    CHECK_THROWS_WITH(Distribution::uniform(-1e308, 1e308),
                      "uniform: hi - lo must be finite, got lo=-1e+308, hi=1e+308");
    CHECK_THROWS_WITH(Distribution::exponential(0), "exponential: mean must be > 0, got 0");
    CHECK_THROWS_WITH(Distribution::exponential(-2), "exponential: mean must be > 0, got -2");
    CHECK_THROWS_WITH(Distribution::exponential(kInf), "exponential: mean must be finite, got inf");
    CHECK_THROWS_AS(Distribution::bernoulli(1.5), ConfigError);
    CHECK_THROWS_WITH(Distribution::bernoulli(1.5), "bernoulli: p must be in [0, 1], got 1.5");
    CHECK_THROWS_WITH(Distribution::bernoulli(-0.1), "bernoulli: p must be in [0, 1], got -0.1");
    CHECK_THROWS_WITH(Distribution::bernoulli(kNaN), "bernoulli: p must be finite, got nan");
    CHECK_THROWS_WITH(Distribution::constant(kInf), "constant: value must be finite, got inf");
    CHECK_THROWS_WITH(Distribution::array(std::vector<double>{}), "array: expected at least one value, got 0");
    CHECK_THROWS_WITH(Distribution::array(std::vector<double>{1.0, kNaN}), "array: value #2 must be finite, got nan");

    // The edges of the valid ranges are accepted.
    CHECK_NOTHROW(Distribution::normal(0, 0));
    CHECK_NOTHROW(Distribution::uniform(1, 1));
    CHECK_NOTHROW(Distribution::bernoulli(0));
    CHECK_NOTHROW(Distribution::bernoulli(1));
}

TEST_CASE("names, descriptions and parameter accessors", "[distributions]") {
    CHECK(Distribution().describe() == "constant(value=0)");
    CHECK(Distribution::constant(2.5).describe() == "constant(value=2.5)");
    CHECK(Distribution::normal(0, 1).name() == "normal");
    CHECK(Distribution::normal(0, 1).describe() == "normal(mu=0, sigma=1)");
    CHECK(Distribution::uniform(-1, 3).describe() == "uniform(lo=-1, hi=3)");
    CHECK(Distribution::lognormal(0.3, 0.5).describe() == "lognormal(mu=0.3, sigma=0.5)");
    CHECK(Distribution::exponential(2).describe() == "exponential(mean=2)");
    CHECK(Distribution::bernoulli(0.3).describe() == "bernoulli(p=0.3)");
    CHECK(Distribution::array({1, 2, 3, 4, 5}).describe() == "array(n=5)");

    const Distribution n = Distribution::normal(1.5, 2);
    CHECK(n.kind() == Distribution::Kind::normal);
    CHECK(n.mu() == 1.5);
    CHECK(n.sigma() == 2);
    CHECK(std::isnan(n.lo()));
    CHECK(n.values() == nullptr);
    const Distribution u = Distribution::uniform(-1, 3);
    CHECK(u.lo() == -1);
    CHECK(u.hi() == 3);
    CHECK(Distribution::bernoulli(0.25).p() == 0.25);
    CHECK(Distribution::constant(4).value() == 4);
    const Distribution a = Distribution::array({1, 2, 3});
    REQUIRE(a.values() != nullptr);
    CHECK(*a.values() == std::vector<double>{1, 2, 3});
    const auto params = n.parameters();
    REQUIRE(params.size() == 2);
    CHECK(params[0].name == "mu");
    CHECK(params[1].value == 2);
}

TEST_CASE("closed-form means and variances", "[distributions]") {
    CHECK(Distribution::constant(2.5).mean() == 2.5);
    CHECK(Distribution::constant(2.5).variance() == 0);
    CHECK(Distribution::normal(1.5, 2).mean() == 1.5);
    CHECK(Distribution::normal(1.5, 2).variance() == 4);
    CHECK(Distribution::uniform(-1, 3).mean() == 1);
    CHECK(Distribution::uniform(-1, 3).variance() == Approx(16.0 / 12.0));
    CHECK(Distribution::exponential(2).mean() == 2);
    CHECK(Distribution::exponential(2).variance() == 4);
    CHECK(Distribution::bernoulli(0.3).mean() == 0.3);
    CHECK(Distribution::bernoulli(0.3).variance() == Approx(0.21));
    // exp(mu + s^2/2) and (exp(s^2) - 1) exp(2 mu + s^2), evaluated by hand for mu=0.3, s=0.5.
    CHECK(Distribution::lognormal(0.3, 0.5).mean() == Approx(1.5295904196633787));
    CHECK(Distribution::lognormal(0.3, 0.5).variance() == Approx(0.6645191720204422));
    CHECK(Distribution::array({1, 2, 3, 4, 5}).mean() == 3);
    CHECK(Distribution::array({1, 2, 3, 4, 5}).variance() == 2);
    // Far from zero the variance must not cancel away.
    CHECK(Distribution::array({1e9 + 1, 1e9 + 2, 1e9 + 3}).variance() == Approx(2.0 / 3.0));
}

TEST_CASE("sample means and variances match the closed forms", "[distributions]") {
    struct Case {
        Distribution d;
        double mu4; // fourth central moment, for the standard error of the sample variance
    };
    const double s2 = 0.25; // lognormal sigma^2
    const double lv = Distribution::lognormal(0.3, 0.5).variance();
    const std::vector<Case> cases = {
        {Distribution::normal(1.5, 2), 3 * 16.0},
        {Distribution::uniform(-1, 3), 256.0 / 80.0},
        {Distribution::exponential(2), 9 * 16.0},
        {Distribution::bernoulli(0.3), 0.3 * 0.7 * (1 - 3 * 0.3 + 3 * 0.09)},
        {Distribution::lognormal(0.3, 0.5),
         lv * lv * (std::exp(4 * s2) + 2 * std::exp(3 * s2) + 3 * std::exp(2 * s2) - 3)},
    };
    const std::size_t n = 200000;
    for (const Case& c : cases) {
        CAPTURE(c.d.describe());
        const std::vector<double> x = c.d.sample(n, kSeed, kStream);
        const double var = c.d.variance();
        CHECK(std::fabs(sample_mean(x) - c.d.mean()) < 5.0 * std::sqrt(var / n));
        CHECK(std::fabs(sample_variance(x) - var) < 5.0 * std::sqrt((c.mu4 - var * var) / n));
    }

    const std::vector<double> c = Distribution::constant(2.5).sample(1000, kSeed, kStream);
    CHECK(std::all_of(c.begin(), c.end(), [](double v) { return v == 2.5; }));
    CHECK(Distribution::normal(1.5, 0).sample(10, kSeed, kStream) == std::vector<double>(10, 1.5));
    CHECK(Distribution::uniform(2, 2).sample(10, kSeed, kStream) == std::vector<double>(10, 2.0));
}

TEST_CASE("bernoulli gives 0/1 with frequency p", "[distributions]") {
    const std::size_t n = 1000000;
    const double p = 0.3;
    const std::vector<double> x = Distribution::bernoulli(p).sample(n, kSeed, kStream);
    std::size_t ones = 0, others = 0;
    for (const double v : x) {
        ones += v == 1.0;
        others += v != 0.0 && v != 1.0;
    }
    CHECK(others == 0);
    CHECK(std::fabs(static_cast<double>(ones) / n - p) < 5.0 * std::sqrt(p * (1 - p) / n));
    const std::vector<double> zeros = Distribution::bernoulli(0).sample(10000, kSeed, kStream);
    const std::vector<double> all = Distribution::bernoulli(1).sample(10000, kSeed, kStream);
    CHECK(std::all_of(zeros.begin(), zeros.end(), [](double v) { return v == 0.0; }));
    CHECK(std::all_of(all.begin(), all.end(), [](double v) { return v == 1.0; }));
}

TEST_CASE("random-access samples follow the exact CDFs (Kolmogorov-Smirnov)", "[distributions]") {
    const std::size_t n = 1000000;
    SECTION("uniform") {
        const auto x = Distribution::uniform(-1, 3).sample(n, kSeed, kStream);
        CHECK(*std::min_element(x.begin(), x.end()) >= -1.0);
        CHECK(*std::max_element(x.begin(), x.end()) < 3.0);
        CHECK(ks_statistic(x, [](double v) { return (v + 1) / 4; }) < ks_critical(n));
    }
    SECTION("normal") {
        const auto x = Distribution::normal(1.5, 2).sample(n, kSeed, kStream);
        CHECK(ks_statistic(x, [](double v) { return normal_cdf((v - 1.5) / 2); }) < ks_critical(n));
    }
    SECTION("exponential") {
        const auto x = Distribution::exponential(2).sample(n, kSeed, kStream);
        CHECK(*std::min_element(x.begin(), x.end()) >= 0.0);
        CHECK(ks_statistic(x, [](double v) { return -std::expm1(-v / 2); }) < ks_critical(n));
    }
    SECTION("lognormal") {
        const auto x = Distribution::lognormal(0.3, 0.5).sample(n, kSeed, kStream);
        CHECK(*std::min_element(x.begin(), x.end()) > 0.0);
        CHECK(ks_statistic(x, [](double v) { return normal_cdf((std::log(v) - 0.3) / 0.5); }) < ks_critical(n));
    }
}

TEST_CASE("fill is random access: offsets, sample_at and streams agree", "[distributions]") {
    const Distribution d = Distribution::normal(0, 1);
    const std::vector<double> whole = d.sample(1500, kSeed, kStream, 3);
    std::vector<double> part(1000);
    d.fill(part, kSeed, kStream, 3, 500);
    CHECK(std::equal(part.begin(), part.end(), whole.begin() + 500));

    const RandomStream s(kSeed, kStream, 3);
    for (const std::size_t i : {0, 1, 777, 1499}) CHECK(d.sample_at(s, i) == whole[i]);

    // Another sub, stream or trial gives other numbers.
    CHECK(d.sample(1500, kSeed, kStream, 4) != whole);
    CHECK(d.sample(1500, kSeed, kStream + 1, 3) != whole);
    CHECK(d.sample(1500, Seed{31, 4, 2}, kStream, 3) != whole);
}

TEST_CASE("array distributions copy their values and check lengths", "[distributions]") {
    const Distribution a = Distribution::array({10, 20, 30, 40, 50});
    CHECK(a.sample(5, kSeed, kStream) == std::vector<double>{10, 20, 30, 40, 50});
    std::vector<double> part(2);
    a.fill(part, kSeed, kStream, 0, 3);
    CHECK(part == std::vector<double>{40, 50});
    const RandomStream s(kSeed, kStream);
    CHECK(a.sample_at(s, 1) == 20);
    CHECK(std::isnan(a.sample_at(s, 5)));

    CHECK_THROWS_AS(a.sample(3, kSeed, kStream), ConfigError);
    CHECK_THROWS_WITH(a.sample(3, kSeed, kStream), "array: expected 3 values, got 5");
    CHECK_THROWS_WITH(a.sample(6, kSeed, kStream), "array: expected 6 values, got 5");
    std::vector<double> too_far(3);
    CHECK_THROWS_WITH(a.fill(too_far, kSeed, kStream, 0, 4), "array: draws 4..6 need at least 7 values, got 5");

    // Copies share the values rather than duplicating them.
    const Distribution b = a;
    CHECK(b.values() == a.values());
}

TEST_CASE("fill gives bitwise-identical results with 1 and 2 threads", "[distributions]") {
    ThreadCountGuard guard;
    const std::size_t n = 300000; // several 65536-index chunks, the last one partial
    const std::vector<Distribution> kinds = {
        Distribution::normal(1.5, 2), Distribution::uniform(-1, 3), Distribution::lognormal(0.3, 0.5),
        Distribution::exponential(2), Distribution::bernoulli(0.3),
    };
    for (const Distribution& d : kinds) {
        CAPTURE(d.describe());
        set_thread_count(1);
        const std::vector<double> one = d.sample(n, kSeed, kStream, 9);
        set_thread_count(2);
        const std::vector<double> two = d.sample(n, kSeed, kStream, 9);
        CHECK(bitwise_equal(one, two));
        // And identical to computing each draw alone.
        const RandomStream s(kSeed, kStream, 9);
        for (const std::size_t i : {0ul, 65535ul, 65536ul, n - 1}) CHECK(d.sample_at(s, i) == one[i]);
    }
}
