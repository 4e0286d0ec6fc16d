// Tests of measures/pattern_stats (no Lua): entropies against closed forms, distinct-pattern counts against
// spatial_pattern_symbols, and both settling-time conventions against hand cases and literal spec loops.
#include "measures/pattern_stats.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;
using chaoslab::ConfigError;
using chaoslab::SettlingConvention;
using chaoslab::SettlingOptions;
using chaoslab::SparseRaster;

namespace {

using Entries = std::vector<std::pair<std::uint32_t, std::uint32_t>>; // (column, row)

// A raster from per-column lists of active rows.
SparseRaster from_columns(std::size_t rows, const std::vector<std::vector<std::uint32_t>>& columns) {
    Entries e;
    for (std::size_t b = 0; b < columns.size(); ++b) {
        for (const std::uint32_t r : columns[b]) e.emplace_back(static_cast<std::uint32_t>(b), r);
    }
    return SparseRaster(rows, columns.size(), std::move(e));
}

double binary_entropy(double p) { return -p * std::log2(p) - (1.0 - p) * std::log2(1.0 - p); }

SettlingOptions settling(double bin, double window, SettlingConvention c) {
    SettlingOptions o;
    o.bin_ms = bin;
    o.window_ms = window;
    o.convention = c;
    return o;
}

// Spec 1.5 item 7 transcribed literally on the symbol sequence: for e = B..m, all s[e-m..e-1] == 0.
double seed_settling_literal(const SparseRaster& d, double bin, std::size_t m) {
    const std::vector<std::int32_t> s = chaoslab::spatial_pattern_symbols(d);
    for (std::size_t e = s.size(); e >= m && e > 0; --e) {
        bool all_zero = true;
        for (std::size_t k = e - m; k < e; ++k) all_zero = all_zero && s[k] == 0;
        if (all_zero) return static_cast<double>(e - m) * bin;
    }
    return std::nan("");
}

// The fixed definition by brute force: the earliest t such that every column from t on is empty, if at least
// m columns remain.
double quiet_settling_literal(const SparseRaster& d, double bin, std::size_t m) {
    for (std::size_t t = 0; t < d.cols(); ++t) {
        bool quiet = true;
        for (std::size_t b = t; b < d.cols(); ++b) quiet = quiet && d.column(b).empty();
        if (quiet) return d.cols() - t >= m ? static_cast<double>(t) * bin : std::nan("");
    }
    return std::nan("");
}

} // namespace

TEST_CASE("pattern entropies match closed forms on hand-made patterns", "[measures][pattern_stats]") {
    // Two distinct columns, each twice: 1 bit; 4 ones in 3 x 4 entries: H(1/3).
    const auto two = chaoslab::pattern_stats(from_columns(3, {{0, 2}, {}, {0, 2}, {}}));
    CHECK(two.symbol_entropy_bits == Approx(1.0).epsilon(1e-14));
    CHECK(two.spike_entropy_bits == Approx(std::log2(3.0) - 2.0 / 3.0).epsilon(1e-14));
    CHECK(two.unique_patterns == 2);
    CHECK(two.total_differences == 4);

    // Fraction of ones 2/8 = 1/4: H(1/4) = 2 - (3/4)·log2(3); columns {0}, {1}, {}, {}: 1/4, 1/4, 1/2 -> 1.5 bits.
    const auto quarter = chaoslab::pattern_stats(from_columns(2, {{0}, {1}, {}, {}}));
    CHECK(quarter.spike_entropy_bits == Approx(2.0 - 0.75 * std::log2(3.0)).epsilon(1e-14));
    CHECK(quarter.spike_entropy_bits == Approx(binary_entropy(0.25)).epsilon(1e-14));
    CHECK(quarter.symbol_entropy_bits == Approx(1.5).epsilon(1e-14));
    CHECK(quarter.unique_patterns == 3);
    CHECK(quarter.total_differences == 2);

    // All 8 subsets of 3 rows once each: log2(8) = 3 bits; half the entries are ones: 1 bit.
    std::vector<std::vector<std::uint32_t>> subsets(8);
    for (std::uint32_t b = 0; b < 8; ++b) {
        for (std::uint32_t r = 0; r < 3; ++r) {
            if ((b >> r) & 1u) subsets[b].push_back(r);
        }
    }
    const auto all = chaoslab::pattern_stats(from_columns(3, subsets));
    CHECK(all.symbol_entropy_bits == Approx(3.0).epsilon(1e-14));
    CHECK(all.spike_entropy_bits == Approx(1.0).epsilon(1e-14));
    CHECK(all.unique_patterns == 8);
    CHECK(all.total_differences == 12);

    // A sparse pattern: 1 one in 1000 x 3000 entries, where the (1 - p) term must not lose the small p.
    const auto sparse = chaoslab::pattern_stats(from_columns(1000, std::vector<std::vector<std::uint32_t>>(3000)));
    CHECK(sparse.spike_entropy_bits == 0.0);
    std::vector<std::vector<std::uint32_t>> one(3000);
    one[0] = {7};
    const auto single = chaoslab::pattern_stats(from_columns(1000, one));
    const double p = 1.0 / 3e6;
    CHECK(single.spike_entropy_bits == Approx(binary_entropy(p)).epsilon(1e-9));
    // Symbols: one column of probability 1/3000 and 2999 empty ones.
    const double q = 1.0 / 3000.0;
    CHECK(single.symbol_entropy_bits == Approx(-q * std::log2(q) - (1 - q) * std::log2(1 - q)).epsilon(1e-12));
}

TEST_CASE("pattern stats of degenerate patterns are zero entropies", "[measures][pattern_stats]") {
    const auto zeros = chaoslab::pattern_stats(from_columns(4, std::vector<std::vector<std::uint32_t>>(5)));
    CHECK(zeros.symbol_entropy_bits == 0.0);
    CHECK(zeros.spike_entropy_bits == 0.0);
    CHECK(zeros.unique_patterns == 1); // the empty column is a pattern
    CHECK(zeros.total_differences == 0);
    const std::vector<std::vector<std::uint32_t>> full(5, {0, 1, 2, 3});
    const auto ones = chaoslab::pattern_stats(from_columns(4, full));
    CHECK(ones.symbol_entropy_bits == 0.0);
    CHECK(ones.spike_entropy_bits == 0.0);
    CHECK(ones.unique_patterns == 1);
    CHECK(ones.total_differences == 20);
    const auto empty = chaoslab::pattern_stats(SparseRaster(4, 0, {}));
    CHECK(empty.symbol_entropy_bits == 0.0);
    CHECK(empty.spike_entropy_bits == 0.0);
    CHECK(empty.unique_patterns == 0);
    CHECK(empty.total_differences == 0);
}

TEST_CASE("distinct patterns and symbol entropy agree with spatial_pattern_symbols", "[measures][pattern_stats]") {
    std::mt19937 gen(12345);
    for (const std::size_t rows : {3u, 6u, 40u}) {
        // Few rows give many repeated columns, many rows mostly distinct ones.
        std::bernoulli_distribution fire(rows == 40 ? 0.02 : 0.3);
        Entries e;
        const std::size_t cols = 2000;
        for (std::uint32_t b = 0; b < cols; ++b) {
            for (std::uint32_t r = 0; r < rows; ++r) {
                if (fire(gen)) e.emplace_back(b, r);
            }
        }
        const SparseRaster d(rows, cols, e);
        const std::vector<std::int32_t> s = chaoslab::spatial_pattern_symbols(d);
        std::map<std::int32_t, double> histogram;
        for (const std::int32_t id : s) histogram[id] += 1.0;
        double h = 0.0;
        for (const auto& [id, c] : histogram) h -= c / cols * std::log2(c / cols);
        const auto st = chaoslab::pattern_stats(d);
        CHECK(st.unique_patterns == histogram.size());
        CHECK(st.symbol_entropy_bits == Approx(h).epsilon(1e-12));
        CHECK(st.total_differences == e.size());
        CHECK(st.spike_entropy_bits ==
              Approx(binary_entropy(static_cast<double>(e.size()) / (rows * cols))).epsilon(1e-12));
    }
}

TEST_CASE("settling time, fixed and seed conventions on hand-built patterns", "[measures][pattern_stats]") {
    const auto quiet = [](double bin, double window) { return settling(bin, window, SettlingConvention::quiet); };
    const auto seed = [](double bin, double window) { return settling(bin, window, SettlingConvention::seed); };

    // The usual case: bin 0 holds the auxiliary spike of neuron 4, later differences in bins 2 and 5, then
    // quiet bins 6..9. The fixed convention settles at 6 ms; the seed compares with the bin-0 pattern {4},
    // which never recurs, so it finds nothing (spec 1.12 item 5).
    const SparseRaster usual = from_columns(5, {{4}, {}, {1, 3}, {}, {}, {0}, {}, {}, {}, {}});
    CHECK(chaoslab::settling_time(usual, quiet(1.0, 3.0)) == 6.0);
    CHECK(chaoslab::settling_time(usual, quiet(1.0, 4.0)) == 6.0);
    CHECK(std::isnan(chaoslab::settling_time(usual, quiet(1.0, 5.0)))); // only 4 quiet bins
    CHECK(std::isnan(chaoslab::settling_time(usual, seed(1.0, 3.0))));
    CHECK(chaoslab::settling_time(usual, quiet(0.5, 2.0)) == 3.0); // same bins at 0.5 ms: 4 bins of quiet
    CHECK(chaoslab::pattern_stats(usual).unique_patterns == 4);

    // Bin 0 empty (the control neuron fired in that bin too): symbol 0 is then the empty pattern and the
    // seed works, but returns the start of the latest quiet window, B - m = 7, not the settling time 4.
    const SparseRaster early = from_columns(3, {{}, {0}, {}, {2}, {}, {}, {}, {}, {}, {}});
    CHECK(chaoslab::settling_time(early, quiet(1.0, 3.0)) == 4.0);
    CHECK(chaoslab::settling_time(early, seed(1.0, 3.0)) == 7.0);

    // The seed's search is for the bin-0 pattern wherever it recurs: {1} in bins 0 and 3..5, and the latest
    // window of 3 such bins starts at bin 3. The fixed convention never settles (the last bin is active).
    const SparseRaster recur = from_columns(3, {{1}, {}, {}, {1}, {1}, {1}, {}, {2}, {}, {0}});
    CHECK(chaoslab::settling_time(recur, seed(1.0, 3.0)) == 3.0);
    CHECK(std::isnan(chaoslab::settling_time(recur, seed(1.0, 4.0))));
    CHECK(std::isnan(chaoslab::settling_time(recur, quiet(1.0, 1.0))));

    // A window longer than the pattern gives NaN in both; as long as the pattern, an empty one settles at 0.
    const SparseRaster blank = from_columns(2, std::vector<std::vector<std::uint32_t>>(6));
    CHECK(chaoslab::settling_time(blank, quiet(1.0, 6.0)) == 0.0);
    CHECK(chaoslab::settling_time(blank, seed(1.0, 6.0)) == 0.0);
    CHECK(std::isnan(chaoslab::settling_time(blank, quiet(1.0, 7.0))));
    CHECK(std::isnan(chaoslab::settling_time(blank, seed(1.0, 7.0))));
    CHECK(std::isnan(chaoslab::settling_time(SparseRaster(2, 0, {}), quiet(1.0, 1.0))));
    CHECK(std::isnan(chaoslab::settling_time(SparseRaster(2, 0, {}), seed(1.0, 1.0))));
    // A window under half a bin still needs one quiet bin.
    CHECK(chaoslab::settling_time(usual, quiet(1.0, 0.2)) == 6.0);
}

TEST_CASE("settling time with the seed's 0.1 ms bins and 50 ms window", "[measures][pattern_stats]") {
    // 300 ms = 3000 bins; 50 ms / 0.1 ms must be 500 bins despite 50/0.1 not being exactly 500 in binary.
    const std::size_t n_bins = 3000;
    for (const std::size_t last : {2499u, 2500u}) {
        std::vector<std::vector<std::uint32_t>> cols(n_bins);
        cols[0] = {17};
        cols[last] = {3};
        const SparseRaster d = from_columns(100, cols);
        const double t = chaoslab::settling_time(d, SettlingOptions{});
        if (last == 2499) {
            CHECK(t == Approx(250.0).epsilon(1e-12)); // quiet bins 2500..2999: exactly 500
        } else {
            CHECK(std::isnan(t)); // 499 quiet bins
        }
        CHECK(std::isnan(chaoslab::settling_time(d, settling(0.1, 50.0, SettlingConvention::seed))));
    }
    // With an empty bin 0 and a settled pattern, the seed's answer is the constant 300 - 50 = 250 ms.
    std::vector<std::vector<std::uint32_t>> cols(n_bins);
    cols[10] = {3};
    const SparseRaster settled = from_columns(100, cols);
    CHECK(chaoslab::settling_time(settled, SettlingOptions{}) == Approx(1.1).epsilon(1e-12));
    CHECK(chaoslab::settling_time(settled, settling(0.1, 50.0, SettlingConvention::seed)) ==
          Approx(250.0).epsilon(1e-12));
}

TEST_CASE("settling time agrees with literal transcriptions on random patterns", "[measures][pattern_stats]") {
    std::mt19937 gen(2024);
    std::uniform_int_distribution<int> pick(0, 3);
    std::uniform_int_distribution<std::size_t> length(1, 40);
    for (int trial = 0; trial < 300; ++trial) {
        // Columns drawn from 4 patterns ({}, {0}, {1}, {0, 1}) with quiet tails of random length, so both
        // conventions find windows often.
        const std::size_t n_cols = length(gen);
        const std::size_t tail = length(gen) % (n_cols + 1);
        const bool aux_empty = trial % 3 == 0;
        std::vector<std::vector<std::uint32_t>> cols(n_cols);
        for (std::size_t b = 0; b < n_cols - tail; ++b) {
            const int k = pick(gen);
            if (k == 1 || k == 3) cols[b].push_back(0);
            if (k >= 2) cols[b].push_back(1);
        }
        if (aux_empty) cols[0].clear();
        const SparseRaster d = from_columns(2, cols);
        for (const std::size_t m : {1u, 2u, 3u, 5u, 8u}) {
            const double bin = 0.25;
            const double window = static_cast<double>(m) * bin;
            const double q = chaoslab::settling_time(d, settling(bin, window, SettlingConvention::quiet));
            const double s = chaoslab::settling_time(d, settling(bin, window, SettlingConvention::seed));
            const double q_ref = quiet_settling_literal(d, bin, m);
            const double s_ref = seed_settling_literal(d, bin, m);
            CHECK(std::isnan(q) == std::isnan(q_ref));
            if (!std::isnan(q_ref)) CHECK(q == q_ref);
            CHECK(std::isnan(s) == std::isnan(s_ref));
            if (!std::isnan(s_ref)) CHECK(s == s_ref);
        }
    }
}

TEST_CASE("settling time rejects bad bins and windows", "[measures][pattern_stats]") {
    const SparseRaster d = from_columns(2, {{0}, {}, {}});
    CHECK_THROWS_WITH(chaoslab::settling_time(d, settling(0.0, 1.0, SettlingConvention::quiet)),
                      Contains("settling_time: bin width must be > 0 ms, got 0"));
    CHECK_THROWS_WITH(chaoslab::settling_time(d, settling(-0.1, 1.0, SettlingConvention::seed)),
                      Contains("settling_time: bin width must be > 0 ms, got -0.1"));
    CHECK_THROWS_WITH(chaoslab::settling_time(d, settling(std::nan(""), 1.0, SettlingConvention::quiet)),
                      Contains("settling_time: bin width must be > 0 ms"));
    CHECK_THROWS_WITH(chaoslab::settling_time(d, settling(1.0, -1.0, SettlingConvention::quiet)),
                      Contains("settling_time: window must be > 0 ms, got -1"));
    CHECK_THROWS_WITH(chaoslab::settling_time(d, settling(1.0, 0.0, SettlingConvention::seed)),
                      Contains("settling_time: window must be > 0 ms, got 0"));
    CHECK_THROWS_AS(chaoslab::settling_time(d, settling(1.0, INFINITY, SettlingConvention::quiet)), ConfigError);
    CHECK_THROWS_AS(chaoslab::settling_time(d, settling(INFINITY, 1.0, SettlingConvention::quiet)), ConfigError);
}
