// Key derivation and the sequential samplers of RandomStream that are too long to inline.
#include "core/rng.hpp"

#include <cstring>
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

} // namespace

double detail::log_factorial(double k) noexcept {
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

namespace {

constexpr unsigned kLanes = StreamFamily::kPrimedLanes;

// Philox4x32-10 of kLanes (counter, key) pairs at once, in structure-of-arrays form so that the loop
// over lanes vectorises (32 x 32 -> 64-bit vector multiplies); lane by lane Philox4x32::block.
void philox_lanes(std::uint32_t (&ctr)[4][kLanes], const std::uint32_t (&key)[2][kLanes]) noexcept {
    // Local copies: with no aliasing to rule out, the state stays in vector registers for all rounds.
    std::uint32_t c[4][kLanes], k[2][kLanes];
    std::memcpy(c, ctr, sizeof c);
    std::memcpy(k, key, sizeof k);
    for (int r = 0; r < Philox4x32::kRounds; ++r) {
        for (unsigned l = 0; l < kLanes; ++l) {
            if (r > 0) {
                k[0][l] += Philox4x32::kWeyl0;
                k[1][l] += Philox4x32::kWeyl1;
            }
            const std::uint64_t p0 = std::uint64_t{Philox4x32::kMultiplier0} * c[0][l];
            const std::uint64_t p1 = std::uint64_t{Philox4x32::kMultiplier1} * c[2][l];
            const std::uint32_t c1 = c[1][l], c3 = c[3][l];
            c[0][l] = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k[0][l];
            c[1][l] = static_cast<std::uint32_t>(p1);
            c[2][l] = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k[1][l];
            c[3][l] = static_cast<std::uint32_t>(p0);
        }
    }
    std::memcpy(ctr, c, sizeof c);
}

} // namespace

void StreamFamily::make_primed(std::uint64_t first_sub, unsigned count, PrimedStream* out) const noexcept {
    // The last step of the key chain, absorb(prefix_, sub), for every lane: Philox of the chain state
    // keyed by the sub, fed forward.
    std::uint32_t c[4][kLanes], k[2][kLanes];
    for (unsigned l = 0; l < kLanes; ++l) {
        for (unsigned w = 0; w < 4; ++w) c[w][l] = prefix_[w];
        const std::uint64_t sub = first_sub + l;
        k[0][l] = static_cast<std::uint32_t>(sub);
        k[1][l] = static_cast<std::uint32_t>(sub >> 32);
    }
    philox_lanes(c, k);
    std::uint32_t state[4][kLanes];
    for (unsigned w = 0; w < 4; ++w)
        for (unsigned l = 0; l < kLanes; ++l) state[w][l] = c[w][l] ^ prefix_[w];
    // Blocks 0..3 of each stream: counter (block, 0, state[2], state[3]), key (state[0], state[1]).
    constexpr unsigned kBlocks = PrimedStream::kPrimedWords / 4;
    for (unsigned b = 0; b < kBlocks; ++b) {
        for (unsigned l = 0; l < kLanes; ++l) {
            c[0][l] = b;
            c[1][l] = 0;
            c[2][l] = state[2][l];
            c[3][l] = state[3][l];
            k[0][l] = state[0][l];
            k[1][l] = state[1][l];
        }
        philox_lanes(c, k);
        for (unsigned l = 0; l < count; ++l)
            for (unsigned w = 0; w < 4; ++w) out[l].words_[4 * b + w] = c[w][l];
    }
    for (unsigned l = 0; l < count; ++l) {
        out[l].word_ = 0;
        out[l].filled_ = PrimedStream::kPrimedWords;
        out[l].key_ = {state[0][l], state[1][l]};
        out[l].ctr_high_ = {state[2][l], state[3][l]};
        out[l].next_block_ = kBlocks;
    }
}

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

std::uint64_t RandomStream::poisson(double mean) noexcept { return PoissonSampler(mean)(*this); }

PoissonSampler::PoissonSampler(double mean) noexcept : mean_(mean) {
    if (!(mean > 0.0) || mean >= 0x1.0p63) return;
    if (mean < 10.0) {
        exp_neg_mean_ = std::exp(-mean);
        return;
    }
    log_mean_ = std::log(mean);
    b_ = 0.931 + 2.53 * std::sqrt(mean);
    a_ = -0.059 + 0.02483 * b_;
    log_inv_alpha_ = std::log(1.1239 + 1.1328 / (b_ - 3.4));
    v_r_ = 0.9277 - 3.6224 / (b_ - 2.0);
}

} // namespace chaoslab
