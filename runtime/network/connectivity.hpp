// Random connectivity generators (Bernoulli p, fixed in-degree) with weights from a Distribution and
// an optional Dale's-law sign; each returns CSR Synapses built in O(synapses), never O(N^2).
#pragma once

#include "core/distribution.hpp"
#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "network/synapses.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace chaoslab {

// Dale's law as a sign on the drawn weights: the distribution gives the magnitude when a sign is
// imposed. any keeps w as drawn; excitatory stores |w|; inhibitory stores -|w|. So
// constant(2) and constant(-2) both give -2 for an inhibitory population, and normal(0, g) gives a
// half-normal of the chosen sign (mean +-g*sqrt(2/pi)).
enum class WeightSign { any, excitatory, inhibitory };
// Dale's law as scripts name it (WeightSign::any is the absence of the option).
inline constexpr EnumName<WeightSign> kDaleNames[] = {{"excitatory", WeightSign::excitatory},
                                                      {"inhibitory", WeightSign::inhibitory}};

// Applies `sign` to every weight (any: no change).
void apply_sign(std::span<double> weights, WeightSign sign) noexcept;

// A stream id for the index-th item of a kind ("connect", 3): distinct per item and fixed forever.
StreamId indexed_stream(std::string_view name, std::uint64_t index) noexcept;

// Random addressing (DESIGN.md "Randomness"): everything is keyed by the structure seed, which is
// (session, block) -- network structure must not change between the trials of a sweep point. The
// caller passes the seed with trial = 0; the generators zero `trial` themselves too, so a trial
// seed handed in by mistake still gives the point's one network.
//
//   structure of Bernoulli row i (presynaptic neuron i): RandomStream(seed, stream, sub = i),
//     drawn sequentially from its block 0 (one uniform_pos per synapse plus one per row);
//   sources of fixed-in-degree column j (postsynaptic neuron j): RandomStream(seed, stream, sub = j),
//     drawn sequentially from its block 0 (Floyd's algorithm: k calls of below());
//   weight of the synapse at CSR position q (rows by pre, targets ascending):
//     weight.sample_at(RandomStream(seed, stream, sub = kWeightSub), q), i.e. weight.fill over
//     the whole CSR; an array distribution therefore needs exactly one value per synapse, in
//     CSR order.
// Neuron indices are < 2^32, so kWeightSub never collides with a row or column stream. No number
// depends on threads: rows/columns are generated in fixed chunks and concatenated in index order.
inline constexpr std::uint64_t kWeightSub = std::uint64_t{1} << 32;

// Every ordered pair (i, j) is connected independently with probability p. With same_population
// (pre and post are one population, n_pre == n_post) and autapses false, the pairs (i, i) are
// excluded, so the expected count is n(n-1)p; autapses is ignored between two populations.
// Cost O(n_pre + synapses): each row skips over non-connected partners with geometric gaps.
Synapses bernoulli(std::uint32_t n_pre, std::uint32_t n_post, double p, bool autapses, bool same_population,
                   const Distribution& weight, const Seed& seed, StreamId stream, WeightSign sign = WeightSign::any);

// Every postsynaptic neuron gets exactly k distinct presynaptic partners, uniformly among the
// n_pre candidates (n_pre - 1 with same_population and autapses off), then stored by pre.
// k is signed so that a negative value from a script is reported, not wrapped.
Synapses fixed_indegree(std::uint32_t n_pre, std::uint32_t n_post, std::int64_t k, bool autapses, bool same_population,
                        const Distribution& weight, const Seed& seed, StreamId stream,
                        WeightSign sign = WeightSign::any);

} // namespace chaoslab
