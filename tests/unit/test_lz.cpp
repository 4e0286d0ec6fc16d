// Tests of measures/lz (no Lua): LZ76 phrase counts of hand-parsed strings, both fast paths against a
// brute-force parse, normalisation, and the seed's dictionary parse with its options and quirks.
#include "measures/lz.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using chaoslab::ConfigError;
using chaoslab::DictionaryTail;
using chaoslab::SparseBinarySequence;

namespace {

std::vector<std::int32_t> digits(const std::string& s) {
    std::vector<std::int32_t> out;
    for (const char c : s) out.push_back(c - '0');
    return out;
}

// Kaspar & Schuster by definition, O(n^2): the phrase at i is one longer than the longest prefix of s[i..]
// that starts at some j < i (overlap allowed).
std::size_t lz76_brute_force(const std::vector<std::int32_t>& s) {
    const std::size_t n = s.size();
    std::size_t phrases = 0;
    std::size_t i = 0;
    while (i < n) {
        std::size_t lpf = 0;
        for (std::size_t j = 0; j < i; ++j) {
            std::size_t k = 0;
            while (i + k < n && s[j + k] == s[i + k]) ++k;
            lpf = std::max(lpf, k);
        }
        ++phrases;
        i = std::min(n, i + lpf + 1);
    }
    return phrases;
}

// The seed's Python loop, literally: a list of phrase strings searched by membership.
std::size_t dictionary_brute_force(const std::vector<std::int32_t>& s, bool count_tail) {
    std::vector<std::vector<std::int32_t>> phrases;
    auto known = [&](const std::vector<std::int32_t>& p) {
        for (const auto& q : phrases) {
            if (q == p) return true;
        }
        return false;
    };
    std::size_t i = 0;
    const std::size_t n = s.size();
    std::size_t count = 0;
    while (i < n) {
        std::size_t len = 1;
        while (i + len <= n && known(std::vector<std::int32_t>(s.begin() + i, s.begin() + i + len))) ++len;
        if (i + len <= n) {
            phrases.emplace_back(s.begin() + i, s.begin() + i + len);
            ++count;
        } else if (count_tail) {
            ++count;
        }
        i += len;
    }
    return count;
}

SparseBinarySequence random_sparse(std::mt19937_64& rng, std::size_t n, double p) {
    std::bernoulli_distribution one(p);
    SparseBinarySequence seq;
    seq.length = n;
    for (std::size_t i = 0; i < n; ++i) {
        if (one(rng)) seq.ones.push_back(i);
    }
    return seq;
}

} // namespace

TEST_CASE("lz76 counts Kaspar-Schuster phrases of strings parsed by hand", "[measures][lz]") {
    // 0.001.10.100.1000.101 (Kaspar & Schuster 1987)
    CHECK(chaoslab::lz76_phrases_dense(digits("0001101001000101")) == 6);
    // constant strings: the first symbol, then one overlapping copy of the rest
    CHECK(chaoslab::lz76_phrases_dense(digits("0")) == 1);
    CHECK(chaoslab::lz76_phrases_dense(digits("00")) == 2);
    CHECK(chaoslab::lz76_phrases_dense(digits("0000000000")) == 2);
    CHECK(chaoslab::lz76_phrases_dense(digits("1111")) == 2);
    // 0.1.0101... : the periodic rest copies from position 0
    CHECK(chaoslab::lz76_phrases_dense(digits("0101010101")) == 3);
    // 0.1.10.0 (the last phrase is an incomplete copy and still counts)
    CHECK(chaoslab::lz76_phrases_dense(digits("01100")) == 4);
    // 0.01.110 ("01" is new: "0" was never followed by "1"; "11" copies overlapping from position 2)
    CHECK(chaoslab::lz76_phrases_dense(digits("001110")) == 3);
    // larger alphabet: 0.1.2.012012 (the rest is one copy of the string from position 0)
    CHECK(chaoslab::lz76_phrases_dense(digits("012012012")) == 4);
    CHECK(chaoslab::lz76_phrases_dense(std::vector<std::int32_t>{}) == 0);
    // labels do not matter
    CHECK(chaoslab::lz76_phrases_dense(std::vector<std::int32_t>{-7, -7, 900, 900, 900, -7}) ==
          chaoslab::lz76_phrases_dense(digits("001110")));
}

TEST_CASE("lz76 dense path equals the brute-force parse", "[measures][lz]") {
    std::mt19937_64 rng(12345);
    for (const int k : {2, 3, 4, 11, 40}) {
        std::uniform_int_distribution<std::int32_t> sym(0, k - 1);
        for (int rep = 0; rep < 40; ++rep) {
            std::vector<std::int32_t> s(1 + static_cast<std::size_t>(rep) * 13);
            for (auto& x : s) x = sym(rng);
            INFO("k = " << k << ", n = " << s.size());
            REQUIRE(chaoslab::lz76_phrases_dense(s) == lz76_brute_force(s));
        }
    }
    // Low-entropy sequences give long overlapping copies and many automaton clones.
    for (int rep = 0; rep < 40; ++rep) {
        std::vector<std::int32_t> s;
        std::uniform_int_distribution<int> run(1, 6);
        while (s.size() < 400) {
            const int len = run(rng);
            for (int q = 0; q < len; ++q) s.push_back(static_cast<std::int32_t>(s.size() % 3 == 0 ? rep % 2 : len % 2));
        }
        REQUIRE(chaoslab::lz76_phrases_dense(s) == lz76_brute_force(s));
    }
}

TEST_CASE("lz76 run-length path equals the dense path and the brute force", "[measures][lz]") {
    std::mt19937_64 rng(2024);
    for (const double p : {0.0, 0.002, 0.01, 0.05, 0.2, 0.5, 0.9}) {
        for (int rep = 0; rep < 60; ++rep) {
            const std::size_t n = 1 + static_cast<std::size_t>(rep) * 17;
            const SparseBinarySequence seq = random_sparse(rng, n, p);
            const std::vector<std::int32_t> bits = chaoslab::to_dense(seq);
            INFO("p = " << p << ", n = " << n << ", ones = " << seq.ones.size());
            REQUIRE(chaoslab::lz76_phrases_run_length(seq) == lz76_brute_force(bits));
        }
    }
    // Repetitive tokens (equal run lengths) exercise the bucket scan and long token matches.
    for (int rep = 0; rep < 60; ++rep) {
        SparseBinarySequence seq;
        std::uniform_int_distribution<int> gap(0, 1 + rep % 4);
        std::size_t pos = static_cast<std::size_t>(gap(rng));
        while (pos < 600) {
            seq.ones.push_back(pos);
            pos += 1 + static_cast<std::size_t>(rep % 3 == 0 ? 3 : gap(rng));
        }
        seq.length = 600 + static_cast<std::size_t>(rep % 5);
        REQUIRE(chaoslab::lz76_phrases_run_length(seq) == lz76_brute_force(chaoslab::to_dense(seq)));
    }
    // The budgeted entry point switches paths on dense or regular data and still agrees.
    for (const double p : {0.01, 0.05, 0.1, 0.3}) {
        const SparseBinarySequence seq = random_sparse(rng, 50000, p);
        REQUIRE(chaoslab::lz76(seq).phrases == chaoslab::lz76_phrases_dense(chaoslab::to_dense(seq)));
    }
    // Long sparse sequences: run-length path against the automaton.
    for (int rep = 0; rep < 20; ++rep) {
        const SparseBinarySequence seq = random_sparse(rng, 200000, 0.0005 * (1 + rep % 4));
        REQUIRE(chaoslab::lz76_phrases_run_length(seq) == chaoslab::lz76_phrases_dense(chaoslab::to_dense(seq)));
    }
}

TEST_CASE("lz76 handles edge cases of the run-length path", "[measures][lz]") {
    auto both = [](std::size_t n, std::vector<std::size_t> ones) {
        SparseBinarySequence seq{n, std::move(ones)};
        const std::size_t fast = chaoslab::lz76_phrases_run_length(seq);
        CHECK(fast == lz76_brute_force(chaoslab::to_dense(seq)));
        return fast;
    };
    CHECK(both(0, {}) == 0);
    CHECK(both(1, {0}) == 1);
    CHECK(both(5, {}) == 2);
    CHECK(both(5, {0, 1, 2, 3, 4}) == 2);
    CHECK(both(1000000, {}) == 2);
    CHECK(both(10, {9}) == 2); // 0.000000001: eight zeros copy, the one ends the phrase at the end
    CHECK(both(10, {0}) == 3); // 1.0.00000000
    both(50, {3, 7, 20, 24, 41, 45, 49});
    const SparseBinarySequence bad{5, {3, 2}};
    CHECK_THROWS_AS(chaoslab::lz76_phrases_run_length(bad), ConfigError);
}

TEST_CASE("lz76 normalisation is near 1 for a long random binary string", "[measures][lz]") {
    std::mt19937_64 rng(7);
    std::bernoulli_distribution coin(0.5);
    std::vector<std::int32_t> s(200000);
    for (auto& x : s) x = coin(rng) ? 1 : 0;
    const chaoslab::Lz76 r = chaoslab::lz76(s);
    CHECK(r.length == s.size());
    CHECK(r.alphabet_size == 2);
    // Finite-n phrase counts approach n/log2(n) from below; ~0.9-1.0 at this length.
    CHECK(r.normalized > 0.85);
    CHECK(r.normalized < 1.1);
    CHECK(r.normalized == Approx(r.phrases * std::log2(200000.0) / 200000.0));
    // The sparse entry point agrees and picks either path.
    CHECK(chaoslab::lz76(chaoslab::to_sparse(s)).phrases == r.phrases);
    // A constant string is far below 1; k is at least 2 for a constant string.
    const std::vector<std::int32_t> zeros(1000, 0);
    CHECK(chaoslab::lz76(zeros).alphabet_size == 2);
    CHECK(chaoslab::lz76(zeros).phrases == 2);
    CHECK(chaoslab::lz76_normalize(6, 16, 2) == Approx(6.0 * 4.0 / 16.0));
    CHECK(chaoslab::lz76_normalize(10, 81, 3) == Approx(10.0 * 4.0 / 81.0));
    CHECK_THROWS_AS(chaoslab::lz76_normalize(1, 10, 1), ConfigError);
    CHECK_THROWS_AS(chaoslab::lz76(zeros, 1), ConfigError);
}

TEST_CASE("dictionary parse reproduces the seed check value and its tail options", "[measures][lz]") {
    // The spec's check value. Its own loop parses 0.1.01.011.010 (the spec lists 0,1,01,010,10 + tail "0",
    // which that loop does not produce); the count is 5 either way and there is no tail.
    const auto s = digits("0101011010");
    CHECK(chaoslab::dictionary_parse_phrases(s) == 5);
    CHECK(chaoslab::dictionary_parse_phrases(s, DictionaryTail::counted) == 5);
    // One more "0" is a known phrase left over: HEAD drops it, v1 counts it.
    const auto tail = digits("01010110100");
    CHECK(chaoslab::dictionary_parse_phrases(tail) == 5);
    CHECK(chaoslab::dictionary_parse_phrases(tail, DictionaryTail::counted) == 6);
    // No tail: both options agree (0.1.01.010.10 ends exactly).
    CHECK(chaoslab::dictionary_parse_phrases(digits("010101010")) == 5);
    CHECK(chaoslab::dictionary_parse_phrases(digits("010101010"), DictionaryTail::counted) == 5);
    // It is not LZ76: on "0001101001000101" the dictionary parse gives 0.00.1.10.100.1000.101 = 7.
    CHECK(chaoslab::dictionary_parse_phrases(digits("0001101001000101")) == 7);
    std::mt19937_64 rng(99);
    for (const int k : {2, 5, 30}) {
        std::uniform_int_distribution<std::int32_t> sym(0, k - 1);
        for (int rep = 0; rep < 30; ++rep) {
            std::vector<std::int32_t> s2(1 + static_cast<std::size_t>(rep) * 23);
            for (auto& x : s2) x = sym(rng);
            REQUIRE(chaoslab::dictionary_parse_phrases(s2) == dictionary_brute_force(s2, false));
            REQUIRE(chaoslab::dictionary_parse_phrases(s2, DictionaryTail::counted) ==
                    dictionary_brute_force(s2, true));
        }
    }
    // The sparse overload reads the same string.
    for (int rep = 0; rep < 30; ++rep) {
        const SparseBinarySequence seq = random_sparse(rng, 500 + static_cast<std::size_t>(rep), 0.03);
        const auto bits = chaoslab::to_dense(seq);
        REQUIRE(chaoslab::dictionary_parse_phrases(seq) == chaoslab::dictionary_parse_phrases(bits));
        REQUIRE(chaoslab::dictionary_parse_phrases(seq, DictionaryTail::counted) == dictionary_brute_force(bits, true));
    }
}

TEST_CASE("seed decimal-string quirk merges distinct id sequences", "[measures][lz]") {
    const std::vector<std::int32_t> a{1, 12};
    const std::vector<std::int32_t> b{11, 2};
    CHECK(chaoslab::decimal_digits_of_ids(a) == digits("112"));
    CHECK(chaoslab::decimal_digits_of_ids(std::vector<std::int32_t>{3, 12, 1}) == digits("3121"));
    CHECK(chaoslab::seed_lz_spatial_patterns(a) == 2);
    CHECK(chaoslab::seed_lz_spatial_patterns(b) == 2);
    // On the ids themselves the two sequences are different strings of length 2.
    CHECK(chaoslab::dictionary_parse_phrases(a) == 2);
    CHECK_THROWS_AS(chaoslab::decimal_digits_of_ids(std::vector<std::int32_t>{-1}), ConfigError);
}
