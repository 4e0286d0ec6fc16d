// Key derivation and the sequential samplers of RandomStream that are too long to inline.
#include "core/rng.hpp"

#include <limits>

namespace chaoslab {

namespace {

// Nothing-up-my-sleeve start of the key chain: the first 32 fractional bits of sqrt(2), sqrt(3),
// sqrt(5), sqrt(7) (SHA-256's initial words). Any fixed nonzero value would do.
constexpr Philox4x32::Counter kKeyChainIv = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au};

// One Davies-Meyer step with Philox as the block cipher: the word is the key, the chain state the
// block, and the feed-forward XOR makes the step one-way, so nearby addresses (trial k and k+1)
// give unrelated keys rather than Philox keys a Weyl step apart.
Philox4x32::Counter absorb(const Philox4x32::Counter& state, std::uint64_t word) noexcept {
    const Philox4x32::Key key = {static_cast<std::uint32_t>(word), static_cast<std::uint32_t>(word >> 32)};
    Philox4x32::Counter out = Philox4x32::block(state, key);
    for (int j = 0; j < 4; ++j) out[j] ^= state[j];
    return out;
}

// ln(k!) for a whole number k >= 0, without std::lgamma, which writes the global `signgam` and so is not thread-safe.
double log_factorial(double k) noexcept {
    // ln(k!) for k = 0..15, exact to double precision.
    static constexpr double kSmall[16] = {
        0.0,
        0.0,
        0.69314718055994530942,
        1.7917594692280550008,
        3.1780538303479456196,
        4.7874917427820459942,
        6.5792512120101009951,
        8.5251613610654143002,
        10.604602902745250228,
        12.801827480081469611,
        15.104412573075515295,
        17.502307845873885839,
        19.987214495661886150,
        22.552163853123422886,
        25.191221182738681500,
        27.899271383840891566,
    };
    if (k < 16.0) return kSmall[static_cast<int>(k)];
    // Stirling's series for ln Gamma(x), x = k + 1 >= 17: the first omitted term is below 1e-15.
    constexpr double kHalfLogTwoPi = 0.91893853320467274178;
    const double x = k + 1.0;
    const double r = 1.0 / x, r2 = r * r;
    const double series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
    return (x - 0.5) * std::log(x) - x + kHalfLogTwoPi + series;
}

} // namespace

namespace {
Philox4x32::Counter absorb_prefix(const Seed& seed, StreamId stream) noexcept {
    Philox4x32::Counter state = kKeyChainIv;
    for (const std::uint64_t word : {seed.session, seed.block, seed.trial, stream}) state = absorb(state, word);
    return state;
}
} // namespace

RandomStream::RandomStream(const Seed& seed, StreamId stream, std::uint64_t sub) noexcept
    : RandomStream(seed, stream, sub, absorb_prefix(seed, stream)) {}

RandomStream::RandomStream(const Seed& seed, StreamId stream, std::uint64_t sub,
                           const Philox4x32::Counter& prefix) noexcept
    : seed_(seed), stream_(stream), sub_(sub) {
    const Philox4x32::Counter state = absorb(prefix, sub);
    key_ = {state[0], state[1]};
    ctr_high_ = {state[2], state[3]};
}

StreamFamily::StreamFamily(const Seed& seed, StreamId stream) noexcept
    : seed_(seed), stream_(stream), prefix_(absorb_prefix(seed, stream)) {}

RandomStream StreamFamily::make(std::uint64_t sub) const noexcept { return RandomStream(seed_, stream_, sub, prefix_); }

double RandomStream::normal() noexcept {
    if (has_spare_normal_) {
        has_spare_normal_ = false;
        return spare_normal_;
    }
    const double u_radius = uniform_pos();
    const auto [z0, z1] = detail::box_muller(u_radius, uniform());
    spare_normal_ = z1;
    has_spare_normal_ = true;
    return z0;
}

std::uint64_t RandomStream::poisson(double mean) noexcept {
    if (!(mean > 0.0)) return 0;
    if (mean >= 0x1.0p63) return std::numeric_limits<std::uint64_t>::max(); // includes inf

    if (mean < 10.0) {
        // Inversion by sequential search: one uniform per draw, exact up to rounding.
        const double u = uniform();
        double p = std::exp(-mean);
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
    const double log_mean = std::log(mean);
    const double b = 0.931 + 2.53 * std::sqrt(mean);
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = uniform() - 0.5;
        const double v = uniform();
        const double us = 0.5 - std::fabs(u);
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
        // us == 0 (a uniform of exactly 0) would make k infinite.
        if (k < 0.0 || us == 0.0 || (us < 0.013 && v > us)) continue;
        if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
            -mean + k * log_mean - log_factorial(k)) {
            return static_cast<std::uint64_t>(k);
        }
    }
}

} // namespace chaoslab
