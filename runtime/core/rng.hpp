// Counter-based randomness: Philox4x32-10 keyed by (session, block, trial, stream, sub), so every
// random number has a fixed address and results never depend on threads, ranks or run order.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace chaoslab {

// Philox4x32-10 of Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3"
// (SC 2011), bit-for-bit the Random123 reference (checked against its kat_vectors in the tests).
struct Philox4x32 {
    using Counter = std::array<std::uint32_t, 4>;
    using Key = std::array<std::uint32_t, 2>;

    static constexpr std::uint32_t kMultiplier0 = 0xD2511F53u;
    static constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57u;
    static constexpr std::uint32_t kWeyl0 = 0x9E3779B9u; // golden ratio
    static constexpr std::uint32_t kWeyl1 = 0xBB67AE85u; // sqrt(3) - 1
    static constexpr int kRounds = 10;

    // The 4 output words for one counter block; a pure function, safe from any thread.
    static Counter block(Counter ctr, Key key) noexcept {
        for (int r = 0; r < kRounds; ++r) {
            // Random123 bumps the key before every round but the first.
            if (r > 0) {
                key[0] += kWeyl0;
                key[1] += kWeyl1;
            }
            const std::uint64_t p0 = std::uint64_t{kMultiplier0} * ctr[0];
            const std::uint64_t p1 = std::uint64_t{kMultiplier1} * ctr[2];
            ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
                   static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
        }
        return ctr;
    }
};

// The user-visible part of a random address (DESIGN.md "Randomness"): `session` is chosen by the
// user, `block` is a sweep point's index in its grid, `trial` a repetition within a point.
struct Seed {
    std::uint64_t session = 0, block = 0, trial = 0;
    bool operator==(const Seed&) const = default;
};

// The seed of a network's structure (parameters drawn per neuron, connectivity): (session, block)
// only, so every trial of a network shares it (DESIGN.md "Randomness").
constexpr Seed structure_seed(const Seed& s) noexcept { return Seed{s.session, s.block, 0}; }

// Names one random quantity ("connectivity", "thresholds", ...). Derived from the name by a hash
// rather than a running counter, so adding a new random quantity never shifts existing ones.
using StreamId = std::uint64_t;

// FNV-1a 64 of the name's bytes: fixed forever, since stored results depend on it.
constexpr StreamId stream_id(std::string_view name) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull; // FNV-1a 64 offset basis
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull; // FNV-1a 64 prime
    }
    return h;
}

namespace detail {

// The top 53 bits of x -> a double in [0, 1): every value is a multiple of 2^-53, all equally likely.
constexpr double unit_closed_open(std::uint64_t x) noexcept { return static_cast<double>(x >> 11) * 0x1.0p-53; }

// The top 53 bits of x -> (0, 1]: safe as the argument of log.
constexpr double unit_open_closed(std::uint64_t x) noexcept { return static_cast<double>((x >> 11) + 1) * 0x1.0p-53; }

constexpr std::uint64_t join_words(std::uint32_t lo, std::uint32_t hi) noexcept {
    return std::uint64_t{lo} | (std::uint64_t{hi} << 32);
}

// Box-Muller (Box & Muller 1958) from a (0, 1] radius uniform and a [0, 1) angle uniform.
constexpr double kTwoPi = 6.283185307179586476925286766559;

inline double box_muller_radius(double u_radius) noexcept { return std::sqrt(-2.0 * std::log(u_radius)); }

// Both values of the pair, (r cos, r sin).
inline std::array<double, 2> box_muller(double u_radius, double u_angle) noexcept {
    const double r = box_muller_radius(u_radius);
    const double theta = kTwoPi * u_angle;
    return {r * std::cos(theta), r * std::sin(theta)};
}

// High 64 bits of a 64x64-bit product, in portable C++ (no __int128 under -Wpedantic).
constexpr std::uint64_t mul_high(std::uint64_t a, std::uint64_t b, std::uint64_t& low) noexcept {
    const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
    const std::uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
    const std::uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    const std::uint64_t mid = (p0 >> 32) + (p1 & 0xffffffffu) + (p2 & 0xffffffffu);
    low = (mid << 32) | (p0 & 0xffffffffu);
    return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

// ln(k!) for a whole number k >= 0 (a table below 16, Stirling's series above; no std::lgamma,
// which writes the global `signgam` and so is not thread-safe).
double log_factorial(double k) noexcept;

} // namespace detail

// One independent random stream, addressed by (seed, stream, sub) -- sub is e.g. a neuron index,
// so neuron i's Poisson input never depends on how many other neurons exist.
//
// Random access: block_at(i) is the i-th Philox block of the stream; uniform_at / normal_at use
// only block i, so draw i can be computed by any thread in any order.
//
// Sequential draws walk the same blocks in order, starting at block 0 (or where seek() put
// them): next_u32 takes the next 32-bit word (block b's words 0..3, then block b+1's), next_u64
// two consecutive words (low word first), uniform / uniform_pos one next_u64, normal two
// next_u64 (keeping the second Box-Muller value for the following normal() call). So a given
// (seed, stream, sub) and the same sequence of calls always give the same numbers, and right
// after seek(i) the first uniform() equals uniform_at(i) and the first normal() normal_at(i).
//
// Copying a stream copies its position; the const random-access methods are thread-safe, the
// sequential ones mutate the stream and need one stream per thread.
class RandomStream {
public:
    RandomStream(const Seed& seed, StreamId stream, std::uint64_t sub = 0) noexcept;

    const Seed& seed() const noexcept { return seed_; }
    StreamId stream() const noexcept { return stream_; }
    std::uint64_t sub() const noexcept { return sub_; }

    // The 4 words of counter block i (random access, any i in [0, 2^64)).
    Philox4x32::Counter block_at(std::uint64_t i) const noexcept {
        return Philox4x32::block(
            {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), ctr_high_[0], ctr_high_[1]}, key_);
    }
    // [0, 1) with 53 random bits taken from words 0-1 of block i.
    double uniform_at(std::uint64_t i) const noexcept {
        const auto b = block_at(i);
        return detail::unit_closed_open(detail::join_words(b[0], b[1]));
    }
    // (0, 1] with 53 random bits taken from words 0-1 of block i (for logs: never 0).
    double uniform_pos_at(std::uint64_t i) const noexcept {
        const auto b = block_at(i);
        return detail::unit_open_closed(detail::join_words(b[0], b[1]));
    }
    // Standard normal from block i: Box-Muller with a (0, 1] radius uniform from words 0-1 (so
    // log never sees 0) and a [0, 1) angle uniform from words 2-3; the cosine branch.
    double normal_at(std::uint64_t i) const noexcept {
        const auto b = block_at(i);
        // The cosine branch alone; the same arithmetic as box_muller()[0], so normal() agrees.
        const double r = detail::box_muller_radius(detail::unit_open_closed(detail::join_words(b[0], b[1])));
        return r * std::cos(detail::kTwoPi * detail::unit_closed_open(detail::join_words(b[2], b[3])));
    }

    std::uint32_t next_u32() noexcept {
        if (word_ == 4) {
            buffer_ = block_at(next_block_++);
            word_ = 0;
        }
        return buffer_[word_++];
    }
    std::uint64_t next_u64() noexcept {
        const std::uint32_t lo = next_u32();
        return detail::join_words(lo, next_u32());
    }
    double uniform() noexcept { return detail::unit_closed_open(next_u64()); }     // [0, 1)
    double uniform_pos() noexcept { return detail::unit_open_closed(next_u64()); } // (0, 1]
    double normal() noexcept;                                                      // N(0, 1)
    // Exponential with the given mean (> 0, in the caller's unit).
    double exponential(double mean) noexcept { return -mean * std::log(uniform_pos()); }
    // Poisson count with the given mean: inversion below 10, Hormann's PTRS from 10 on. A mean
    // <= 0 or NaN gives 0, and one of 2^63 or more (inf included) UINT64_MAX.
    std::uint64_t poisson(double mean) noexcept;
    // Unbiased integer in [0, n) by Lemire's multiply-and-reject (ACM TOMACS 2019); n = 0 gives 0.
    std::uint64_t below(std::uint64_t n) noexcept {
        std::uint64_t low = 0;
        std::uint64_t high = detail::mul_high(next_u64(), n, low);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n, without 128-bit arithmetic
            while (low < threshold) high = detail::mul_high(next_u64(), n, low);
        }
        return high;
    }

    // Makes block `block` the next one sequential draws use (dropping any partly used block
    // and any cached normal).
    void seek(std::uint64_t block) noexcept {
        next_block_ = block;
        word_ = 4;
        has_spare_normal_ = false;
    }

private:
    friend class StreamFamily;
    // From the prefix of the key chain: absorbs sub.
    RandomStream(const Seed& seed, StreamId stream, std::uint64_t sub, const Philox4x32::Counter& prefix) noexcept;

    Seed seed_;
    StreamId stream_ = 0;
    std::uint64_t sub_ = 0;
    Philox4x32::Key key_{};
    std::array<std::uint32_t, 2> ctr_high_{}; // counter words 2-3; words 0-1 are the block index
    std::uint64_t next_block_ = 0;
    Philox4x32::Counter buffer_{};
    unsigned word_ = 4; // next unused word of buffer_; 4 = empty
    bool has_spare_normal_ = false;
    double spare_normal_ = 0.0;
};

// A stream (seed, stream, sub) whose first 16 words (blocks 0-3) were computed in advance, 16
// streams at a time with vector instructions (StreamFamily::make_primed): the same sequential draws
// as RandomStream's next_u32 / next_u64 / uniform, at a fraction of the cost when a stream is used
// briefly -- one Poisson count and a few words per neuron and input window. Later words come one
// block at a time from the stream's key. Default-constructed it is empty: only make_primed fills it.
class PrimedStream {
public:
    PrimedStream() = default;

    std::uint32_t next_u32() noexcept {
        if (word_ == filled_) refill();
        return words_[word_++];
    }
    std::uint64_t next_u64() noexcept {
        const std::uint32_t lo = next_u32();
        return detail::join_words(lo, next_u32());
    }
    double uniform() noexcept { return detail::unit_closed_open(next_u64()); } // [0, 1)

private:
    friend class StreamFamily;
    static constexpr unsigned kPrimedWords = 16;
    void refill() noexcept {
        const auto block =
            Philox4x32::block({static_cast<std::uint32_t>(next_block_), static_cast<std::uint32_t>(next_block_ >> 32),
                               ctr_high_[0], ctr_high_[1]},
                              key_);
        std::copy(block.begin(), block.end(), words_.begin());
        word_ = 0;
        filled_ = 4;
        ++next_block_;
    }

    std::array<std::uint32_t, kPrimedWords> words_{};
    unsigned word_ = 0, filled_ = 0;
    Philox4x32::Key key_{};
    std::array<std::uint32_t, 2> ctr_high_{};
    std::uint64_t next_block_ = 0;
};

// Poisson counts of one mean, with the constants of the methods computed once (a logarithm, a square
// root and divisions per draw saved): sampler(rs) is exactly rs.poisson(mean) -- poisson() is
// implemented by it -- for loops that draw the same mean for many neurons. Stream: RandomStream or
// PrimedStream (anything with uniform()).
class PoissonSampler {
public:
    explicit PoissonSampler(double mean) noexcept;

    template <class Stream> std::uint64_t operator()(Stream& rs) const noexcept {
        const double mean = mean_;
        if (!(mean > 0.0)) return 0;
        if (mean >= 0x1.0p63) return ~std::uint64_t{0}; // includes inf
        if (mean < 10.0) {
            // Inversion by sequential search: one uniform per draw, exact up to rounding.
            const double u = rs.uniform();
            double p = exp_neg_mean_;
            double cdf = p;
            std::uint64_t k = 0;
            // The cap only guards against rounding leaving cdf just below a u close to 1; at mean < 10
            // the probability beyond k = 200 is far below 2^-53.
            while (u >= cdf && k < 200) {
                ++k;
                p *= mean / static_cast<double>(k);
                cdf += p;
            }
            return k;
        }
        // PTRS, the transformed rejection with squeeze of W. Hormann, "The transformed rejection
        // method for generating Poisson random variables", Insurance: Math. Econ. 12 (1993) 39-45.
        // Valid for mean >= 10; about 1.1 pairs of uniforms per draw.
        const double a = a_, b = b_;
        for (;;) {
            const double u = rs.uniform() - 0.5;
            const double v = rs.uniform();
            const double us = 0.5 - std::fabs(u);
            const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= v_r_) return static_cast<std::uint64_t>(k);
            // us == 0 (a uniform of exactly 0) would make k infinite.
            if (k < 0.0 || us == 0.0 || (us < 0.013 && v > us)) continue;
            if (std::log(v) + log_inv_alpha_ - std::log(a / (us * us) + b) <=
                -mean + k * log_mean_ - detail::log_factorial(k)) {
                return static_cast<std::uint64_t>(k);
            }
        }
    }

private:
    double mean_ = 0.0;
    double exp_neg_mean_ = 0.0;                                                   // inversion (mean < 10)
    double log_mean_ = 0.0, b_ = 0.0, a_ = 0.0, log_inv_alpha_ = 0.0, v_r_ = 0.0; // PTRS
};

// The streams (seed, stream, sub) for many subs: the key chain of (seed, stream) is absorbed once,
// so make(sub) costs one Philox block instead of five -- for loops that open a stream per neuron
// and window. make(sub) is exactly RandomStream(seed, stream, sub).
class StreamFamily {
public:
    StreamFamily(const Seed& seed, StreamId stream) noexcept;
    RandomStream make(std::uint64_t sub) const noexcept;
    // out[j] = the stream of sub first_sub + j, its first 16 words computed, for j <
    // count <= kPrimedLanes, all lanes at once (key derivation and blocks in structure-of-arrays form).
    static constexpr unsigned kPrimedLanes = 16;
    void make_primed(std::uint64_t first_sub, unsigned count, PrimedStream* out) const noexcept;

private:
    Seed seed_;
    StreamId stream_ = 0;
    Philox4x32::Counter prefix_{}; // chain state after session, block, trial and stream
};

} // namespace chaoslab
