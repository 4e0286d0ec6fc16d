// Tests of network/synapses and network/connectivity: CSR invariants, Bernoulli and fixed-in-degree
// statistics, weights and Dale's signs, seed addressing, thread independence and every error message.
#include "network/connectivity.hpp"
#include "network/synapses.hpp"

#include "core/errors.hpp"
#include "parallel/threads.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

using namespace chaoslab;

namespace {

const Seed kSeed{7, 3, 0};
const StreamId kStream = stream_id("connectivity-test");
const Distribution kUnit = Distribution::constant(1.0);

struct Moments {
    double mean, variance;
};

template <class T> Moments moments(const std::vector<T>& x) {
    double sum = 0.0;
    for (const T v : x) sum += static_cast<double>(v);
    const double n = static_cast<double>(x.size()), mean = sum / n;
    double ss = 0.0;
    for (const T v : x) ss += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
    return {mean, ss / (n - 1.0)};
}

template <class T> bool bitwise_equal(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool same_csr(const Synapses& a, const Synapses& b) {
    return a.n_pre == b.n_pre && a.n_post == b.n_post && bitwise_equal(a.offsets, b.offsets) &&
           bitwise_equal(a.targets, b.targets) && bitwise_equal(a.weights, b.weights) &&
           bitwise_equal(a.delays, b.delays);
}

bool has_autapse(const Synapses& s) {
    for (std::uint32_t i = 0; i < s.n_pre; ++i) {
        for (const std::uint32_t j : s.row_targets(i)) {
            if (j == i) return true;
        }
    }
    return false;
}

// Restores the thread count when a test ends, even if it fails.
struct ThreadCountGuard {
    int saved = thread_count();
    ~ThreadCountGuard() { set_thread_count(saved); }
};

// A binomial(m, p) sample of size n: mean within 5 standard errors, variance within 5 of its
// approximate standard errors (sqrt(2/(n-1)) relative, plenty for m p >> 1).
template <class T> void check_binomial(const std::vector<T>& x, double m, double p) {
    const Moments got = moments(x);
    const double n = static_cast<double>(x.size()), mean = m * p, var = m * p * (1.0 - p);
    CHECK(std::abs(got.mean - mean) < 5.0 * std::sqrt(var / n));
    CHECK(std::abs(got.variance - var) < 5.0 * var * std::sqrt(2.0 / (n - 1.0)));
}

} // namespace

TEST_CASE("bernoulli connection count is n_pre n_post p within 5 standard errors", "[network][connectivity]") {
    SECTION("between two populations") {
        const Synapses s = bernoulli(1500, 1000, 0.05, false, false, kUnit, kSeed, kStream);
        s.check_invariants();
        const double pairs = 1500.0 * 1000.0;
        CHECK(std::abs(static_cast<double>(s.size()) - pairs * 0.05) < 5.0 * std::sqrt(pairs * 0.05 * 0.95));
    }
    SECTION("within one population without autapses: n(n-1)p") {
        const Synapses s = bernoulli(2000, 2000, 0.1, false, true, kUnit, kSeed, kStream);
        s.check_invariants();
        const double pairs = 2000.0 * 1999.0;
        CHECK(std::abs(static_cast<double>(s.size()) - pairs * 0.1) < 5.0 * std::sqrt(pairs * 0.1 * 0.9));
        CHECK_FALSE(has_autapse(s));
    }
}

TEST_CASE("bernoulli autapses only when asked, and only within one population", "[network][connectivity]") {
    CHECK_FALSE(has_autapse(bernoulli(500, 500, 0.5, false, true, kUnit, kSeed, kStream)));
    // 500 diagonal pairs at p = 0.5: none at all has probability 2^-500.
    CHECK(has_autapse(bernoulli(500, 500, 0.5, true, true, kUnit, kSeed, kStream)));
    // Between two populations equal indices are ordinary pairs.
    CHECK(has_autapse(bernoulli(500, 500, 0.5, false, false, kUnit, kSeed, kStream)));

    const Synapses all = bernoulli(300, 300, 1.0, true, true, kUnit, kSeed, kStream);
    all.check_invariants();
    CHECK(all.size() == 300u * 300u);
    const Synapses no_self = bernoulli(300, 300, 1.0, false, true, kUnit, kSeed, kStream);
    no_self.check_invariants();
    CHECK(no_self.size() == 300u * 299u);
    for (std::uint32_t i = 0; i < 300; ++i) {
        const auto row = no_self.row_targets(i);
        REQUIRE(row.size() == 299);
        for (std::uint32_t k = 0; k < 299; ++k) CHECK(row[k] == (k < i ? k : k + 1));
    }
}

TEST_CASE("bernoulli with p = 0 gives no synapses and p = 1 every pair", "[network][connectivity]") {
    const Synapses none = bernoulli(400, 300, 0.0, true, false, kUnit, kSeed, kStream);
    none.check_invariants();
    CHECK(none.empty());
    CHECK(none.offsets == std::vector<std::uint64_t>(401, 0));

    const Synapses full = bernoulli(400, 300, 1.0, false, false, kUnit, kSeed, kStream);
    full.check_invariants();
    CHECK(full.size() == 400u * 300u);
    for (std::uint32_t i = 0; i < 400; ++i) CHECK(full.fan_out(i) == 300);
}

TEST_CASE("bernoulli in- and out-degrees are binomial", "[network][connectivity]") {
    const std::uint32_t n = 3000;
    const double p = 0.05;
    const Synapses s = bernoulli(n, n, p, false, true, kUnit, kSeed, kStream);
    check_binomial(s.out_degrees(), n - 1.0, p);
    check_binomial(s.in_degrees(), n - 1.0, p);
}

TEST_CASE("fixed in-degree gives every post neuron exactly k distinct partners", "[network][connectivity]") {
    SECTION("within one population without autapses") {
        const Synapses s = fixed_indegree(2000, 2000, 100, false, true, kUnit, kSeed, kStream);
        s.check_invariants(); // strictly ascending rows: no pair twice
        CHECK(s.size() == 2000u * 100u);
        for (const std::uint64_t d : s.in_degrees()) REQUIRE(d == 100);
        CHECK_FALSE(has_autapse(s));
        // Each pre is one of the k partners of a post with probability k/(n-1), independently over posts.
        check_binomial(s.out_degrees(), 1999.0, 100.0 / 1999.0);
    }
    SECTION("between populations, with many partners (set collisions in Floyd's algorithm)") {
        const Synapses s = fixed_indegree(300, 1200, 250, false, false, kUnit, kSeed, kStream);
        s.check_invariants();
        for (const std::uint64_t d : s.in_degrees()) REQUIRE(d == 250);
        check_binomial(s.out_degrees(), 1200.0, 250.0 / 300.0);
    }
    SECTION("k = all candidates is the complete graph") {
        const Synapses s = fixed_indegree(50, 50, 49, false, true, kUnit, kSeed, kStream);
        s.check_invariants();
        CHECK(s.size() == 50u * 49u);
        CHECK_FALSE(has_autapse(s));
        const Synapses with_self = fixed_indegree(50, 50, 50, true, true, kUnit, kSeed, kStream);
        CHECK(with_self.size() == 50u * 50u);
    }
    SECTION("k = 0 gives no synapses") {
        const Synapses s = fixed_indegree(50, 60, 0, false, false, kUnit, kSeed, kStream);
        s.check_invariants();
        CHECK(s.empty());
    }
}

TEST_CASE("fixed in-degree picks partners uniformly", "[network][connectivity]") {
    // Over many post neurons each candidate is picked k/m of the time: a chi-square-free check that
    // every pre's count is within 5 sigma of its binomial mean.
    const std::uint32_t n_pre = 20, n_post = 20000;
    const Synapses s = fixed_indegree(n_pre, n_post, 5, false, false, kUnit, kSeed, kStream);
    const double q = 5.0 / n_pre, mean = n_post * q, sd = std::sqrt(n_post * q * (1.0 - q));
    for (const std::uint64_t d : s.out_degrees()) CHECK(std::abs(static_cast<double>(d) - mean) < 5.0 * sd);
}

TEST_CASE("weights follow the distribution at their documented addresses", "[network][connectivity]") {
    const Distribution w = Distribution::normal(0.5, 2.0);
    const Synapses s = bernoulli(1000, 1000, 0.2, false, true, w, kSeed, kStream);
    const Moments got = moments(s.weights);
    const double n = static_cast<double>(s.size());
    CHECK(std::abs(got.mean - 0.5) < 5.0 * 2.0 / std::sqrt(n));
    CHECK(std::abs(std::sqrt(got.variance) - 2.0) < 5.0 * 2.0 / std::sqrt(2.0 * n));

    // Weight q is draw q of stream (structure seed, stream, kWeightSub), whatever the trial.
    const RandomStream ws(kSeed, kStream, kWeightSub);
    for (const std::size_t q : {std::size_t{0}, std::size_t{1}, s.size() / 2, s.size() - 1}) {
        CHECK(s.weights[q] == w.sample_at(ws, q));
    }

    // An array gives one value per synapse in CSR order.
    const std::vector<double> values{1, 2, 3, 4, 5, 6};
    const Synapses a = fixed_indegree(4, 3, 2, false, false, Distribution::array(values), kSeed, kStream);
    CHECK(a.weights == values);
    CHECK_THROWS_WITH(fixed_indegree(4, 3, 1, false, false, Distribution::array(values), kSeed, kStream),
                      "array: expected 3 values, got 6");
}

TEST_CASE("Dale's law signs take the magnitude from the distribution", "[network][connectivity]") {
    const Distribution w = Distribution::normal(0.0, 1.0);
    const Synapses any = bernoulli(400, 400, 0.1, false, true, w, kSeed, kStream);
    const Synapses exc = bernoulli(400, 400, 0.1, false, true, w, kSeed, kStream, WeightSign::excitatory);
    const Synapses inh = bernoulli(400, 400, 0.1, false, true, w, kSeed, kStream, WeightSign::inhibitory);
    REQUIRE(exc.targets == any.targets);
    REQUIRE(inh.targets == any.targets);
    bool any_negative = false, any_positive = false;
    for (std::size_t q = 0; q < any.size(); ++q) {
        any_negative = any_negative || any.weights[q] < 0;
        any_positive = any_positive || any.weights[q] > 0;
        CHECK(exc.weights[q] == std::fabs(any.weights[q]));
        CHECK(inh.weights[q] == -std::fabs(any.weights[q]));
    }
    CHECK((any_negative && any_positive));

    const Synapses fixed =
        fixed_indegree(100, 100, 10, false, true, Distribution::constant(2.0), kSeed, kStream, WeightSign::inhibitory);
    for (const double x : fixed.weights) CHECK(x == -2.0);
}

TEST_CASE("connectivity depends on session, block and stream but not on trial", "[network][connectivity]") {
    const Distribution w = Distribution::normal(0.0, 1.0);
    auto b = [&](const Seed& seed, StreamId stream) { return bernoulli(500, 500, 0.1, false, true, w, seed, stream); };
    auto f = [&](const Seed& seed, StreamId stream) {
        return fixed_indegree(500, 500, 20, false, true, w, seed, stream);
    };
    const Seed other_trial{kSeed.session, kSeed.block, 9};
    const Seed other_block{kSeed.session, kSeed.block + 1, 0};
    const Seed other_session{kSeed.session + 1, kSeed.block, 0};
    const StreamId other_stream = stream_id("connectivity-test-2");

    CHECK(same_csr(b(kSeed, kStream), b(kSeed, kStream)));
    CHECK(same_csr(b(kSeed, kStream), b(other_trial, kStream)));
    CHECK_FALSE(b(kSeed, kStream).targets == b(other_block, kStream).targets);
    CHECK_FALSE(b(kSeed, kStream).targets == b(other_session, kStream).targets);
    CHECK_FALSE(b(kSeed, kStream).targets == b(kSeed, other_stream).targets);

    CHECK(same_csr(f(kSeed, kStream), f(kSeed, kStream)));
    CHECK(same_csr(f(kSeed, kStream), f(other_trial, kStream)));
    CHECK_FALSE(f(kSeed, kStream).targets == f(other_block, kStream).targets);
    CHECK_FALSE(f(kSeed, kStream).targets == f(other_session, kStream).targets);
    CHECK_FALSE(f(kSeed, kStream).targets == f(kSeed, other_stream).targets);
}

TEST_CASE("connectivity is bitwise identical with 1 and 2 threads", "[network][connectivity]") {
    ThreadCountGuard guard;
    const Distribution w = Distribution::lognormal(0.0, 0.5);
    // Sizes that are not multiples of the chunk, so the last chunk is partial.
    set_thread_count(1);
    const Synapses b1 = bernoulli(3001, 2999, 0.03, false, false, w, kSeed, kStream);
    const Synapses f1 = fixed_indegree(2999, 2999, 40, false, true, w, kSeed, kStream);
    set_thread_count(2);
    const Synapses b2 = bernoulli(3001, 2999, 0.03, false, false, w, kSeed, kStream);
    const Synapses f2 = fixed_indegree(2999, 2999, 40, false, true, w, kSeed, kStream);
    CHECK(same_csr(b1, b2));
    CHECK(same_csr(f1, f2));
}

TEST_CASE("a 10000 x 10000 bernoulli projection with p = 0.01 is generated in O(synapses)", "[network][connectivity]") {
    const Synapses s = bernoulli(10000, 10000, 0.01, false, true, Distribution::normal(0.0, 0.1), kSeed, kStream);
    s.check_invariants();
    const double pairs = 10000.0 * 9999.0;
    CHECK(std::abs(static_cast<double>(s.size()) - pairs * 0.01) < 5.0 * std::sqrt(pairs * 0.01 * 0.99));
}

TEST_CASE("generators reject bad sizes, p and indegree with clear messages", "[network][connectivity]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(bernoulli(0, 10, 0.1, false, false, kUnit, kSeed, kStream), ConfigError);
    CHECK_THROWS_WITH(bernoulli(0, 10, 0.1, false, false, kUnit, kSeed, kStream),
                      "connect: the presynaptic population must have at least one neuron");
    CHECK_THROWS_WITH(fixed_indegree(10, 0, 1, false, false, kUnit, kSeed, kStream),
                      "connect: the postsynaptic population must have at least one neuron");
    CHECK_THROWS_WITH(bernoulli(10, 12, 0.1, false, true, kUnit, kSeed, kStream),
                      "connect: a population connected to itself needs n_pre == n_post, got 10 and 12");
    CHECK_THROWS_WITH(bernoulli(10, 10, 1.5, false, true, kUnit, kSeed, kStream),
                      "connect: option 'p' must be in [0, 1], got 1.5");
    CHECK_THROWS_WITH(bernoulli(10, 10, -0.1, false, true, kUnit, kSeed, kStream),
                      "connect: option 'p' must be in [0, 1], got -0.1");
    CHECK_THROWS_WITH(bernoulli(10, 10, nan, false, true, kUnit, kSeed, kStream),
                      "connect: option 'p' must be in [0, 1], got nan");
    CHECK_THROWS_WITH(fixed_indegree(100, 100, 120, false, true, kUnit, kSeed, kStream),
                      "connect: option 'indegree' = 120 exceeds the 99 possible partners (autapses off)");
    CHECK_THROWS_WITH(fixed_indegree(100, 100, 100, false, true, kUnit, kSeed, kStream),
                      "connect: option 'indegree' = 100 exceeds the 99 possible partners (autapses off)");
    CHECK_THROWS_WITH(fixed_indegree(100, 100, 101, true, true, kUnit, kSeed, kStream),
                      "connect: option 'indegree' = 101 exceeds the 100 possible partners (autapses on)");
    CHECK_THROWS_WITH(
        fixed_indegree(100, 50, 101, false, false, kUnit, kSeed, kStream),
        "connect: option 'indegree' = 101 exceeds the 100 possible partners in the presynaptic population");
    CHECK_THROWS_WITH(fixed_indegree(100, 50, -1, false, false, kUnit, kSeed, kStream),
                      "connect: option 'indegree' must be >= 0, got -1");
}

TEST_CASE("explicit lists are sorted into CSR", "[network][connectivity]") {
    const std::vector<std::int64_t> pre{2, 0, 2, 1, 0};
    const std::vector<std::int64_t> post{1, 3, 0, 2, 0};
    const std::vector<double> weight{0.5, -1.0, 2.0, 3.5, 4.0};
    const Synapses s = Synapses::from_lists(3, 4, pre, post, weight);
    s.check_invariants();
    CHECK(s.n_pre == 3);
    CHECK(s.n_post == 4);
    CHECK(s.offsets == std::vector<std::uint64_t>{0, 2, 3, 5});
    CHECK(s.targets == std::vector<std::uint32_t>{0, 3, 2, 0, 1});
    CHECK(s.weights == std::vector<double>{4.0, -1.0, 3.5, 2.0, 0.5});
    CHECK_FALSE(s.has_delays());
    CHECK(s.row_delays(0).empty());
    CHECK(s.fan_out(2) == 2);
    CHECK(s.out_degrees() == std::vector<std::uint64_t>{2, 1, 2});
    CHECK(s.in_degrees() == std::vector<std::uint64_t>{2, 1, 1, 1});

    // Round trip: the CSR read back as lists rebuilds the same CSR.
    std::vector<std::int64_t> pre2, post2;
    std::vector<double> weight2;
    for (std::uint32_t i = 0; i < s.n_pre; ++i) {
        for (std::size_t k = 0; k < s.fan_out(i); ++k) {
            pre2.push_back(i);
            post2.push_back(s.row_targets(i)[k]);
            weight2.push_back(s.row_weights(i)[k]);
        }
    }
    CHECK(same_csr(Synapses::from_lists(3, 4, pre2, post2, weight2), s));

    SECTION("per-synapse delays follow their synapses") {
        const std::vector<std::int64_t> delay{5, 6, 7, 8, 9};
        const Synapses d = Synapses::from_lists(3, 4, pre, post, weight, delay, {});
        d.check_invariants();
        CHECK(d.delays == std::vector<DelaySteps>{9, 6, 8, 7, 5});
        CHECK(d.row_delays(2).size() == 2);
    }
    SECTION("duplicates may be summed") {
        const std::vector<std::int64_t> dpre{1, 0, 1, 1};
        const std::vector<std::int64_t> dpost{2, 2, 2, 0};
        const std::vector<double> dw{1.0, 2.0, 0.25, 3.0};
        const Synapses sum = Synapses::from_lists(2, 3, dpre, dpost, dw, {}, {Duplicates::sum, 0});
        sum.check_invariants();
        CHECK(sum.offsets == std::vector<std::uint64_t>{0, 1, 3});
        CHECK(sum.targets == std::vector<std::uint32_t>{2, 0, 2});
        CHECK(sum.weights == std::vector<double>{2.0, 3.0, 1.25});
    }
    SECTION("an empty list is a projection without synapses") {
        const Synapses e = Synapses::from_lists(3, 4, {}, {}, {});
        e.check_invariants();
        CHECK(e.empty());
    }
}

TEST_CASE("explicit lists are rejected with messages naming the entry", "[network][connectivity]") {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<std::int64_t> pre{0, 1, 2, 12};
    const std::vector<std::int64_t> post{0, 1, 2, 3};
    const std::vector<double> w{1, 1, 1, 1};
    using V = std::vector<std::int64_t>;
    using W = std::vector<double>;

    CHECK_THROWS_AS(Synapses::from_lists(10, 5, pre, post, w), ConfigError);
    CHECK_THROWS_WITH(Synapses::from_lists(10, 5, pre, post, w),
                      "connect: pre[3] = 12 is out of range for a population of 10");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 5, pre, post, w, {}, {Duplicates::reject, 1}),
                      "connect: pre[4] = 13 is out of range for a population of 10");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, -1}, V{0, 1}, W{1, 1}),
                      "connect: pre[1] = -1 is out of range for a population of 10");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 3}, W{1, 1}),
                      "connect: post[1] = 3 is out of range for a population of 3");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 2}, W{1, inf}),
                      "connect: weight[1] = inf must be finite");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 2}, W{1}),
                      "connect: pre, post and weight must have the same length, got 2, 2 and 1");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 2}, W{1, 1}, V{1}, {}),
                      "connect: delay must have one entry per pair (2), got 1");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 2}, W{1, 1}, V{1, -2}, {}),
                      "connect: delay[1] = -2 must be >= 0 steps");
    CHECK_THROWS_WITH(Synapses::from_lists(10, 3, V{0, 1}, V{0, 2}, W{1, 1}, V{1, std::int64_t{1} << 32}, {}),
                      "connect: delay[1] = 4294967296 exceeds the largest delay of 4294967295 steps");
    CHECK_THROWS_WITH(Synapses::from_lists(0, 3, V{}, V{}, W{}),
                      "connect: the presynaptic population must have at least one neuron");
    CHECK_THROWS_WITH(Synapses::from_lists(3, 0, V{}, V{}, W{}),
                      "connect: the postsynaptic population must have at least one neuron");

    const V dpre{1, 0, 1, 1};
    const V dpost{2, 2, 0, 2};
    const W dw{1, 1, 1, 1};
    CHECK_THROWS_WITH(Synapses::from_lists(2, 3, dpre, dpost, dw),
                      "connect: entries 0 and 3 both connect pre 1 to post 2 (set duplicates = 'sum' to add their "
                      "weights)");
    CHECK_THROWS_WITH(Synapses::from_lists(2, 3, dpre, dpost, dw, {}, {Duplicates::reject, 1}),
                      "connect: entries 1 and 4 both connect pre 2 to post 3 (set duplicates = 'sum' to add their "
                      "weights)");
    CHECK_THROWS_WITH(Synapses::from_lists(2, 3, dpre, dpost, dw, V{4, 4, 4, 6}, {Duplicates::sum, 0}),
                      "connect: entries 0 and 3 both connect pre 1 to post 2 with different delays (4 and 6 steps)");
    const double big = std::numeric_limits<double>::max();
    CHECK_THROWS_WITH(Synapses::from_lists(2, 3, dpre, dpost, W{big, 1, 1, big}, {}, {Duplicates::sum, 0}),
                      "connect: entries 0 and 3 both connect pre 1 to post 2 and their summed weight overflows");
}
