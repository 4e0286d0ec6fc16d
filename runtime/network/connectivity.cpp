// Bernoulli (geometric skipping) and fixed-in-degree (Floyd sampling) generators: rows or columns
// are generated in fixed chunks in parallel and joined in index order, so no bit depends on threads.
#include "network/connectivity.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace chaoslab {

namespace {

// Rows (Bernoulli) or columns (fixed in-degree) per parallel chunk. Only the split of work
// depends on it, never a result, because every row/column draws from its own stream.
constexpr std::uint32_t kChunk = 256;

// Number of chunks of n items, and chunk c's [first, last): 64-bit so n near 2^32 cannot wrap.
std::uint32_t chunk_count(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((std::uint64_t{n} + kChunk - 1) / kChunk);
}
std::uint32_t chunk_first(std::int64_t c) noexcept { return static_cast<std::uint32_t>(c) * kChunk; }
std::uint32_t chunk_last(std::int64_t c, std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, std::uint64_t{chunk_first(c)} + kChunk));
}

void require_sizes(std::uint32_t n_pre, std::uint32_t n_post, bool same_population) {
    if (n_pre == 0) throw ConfigError("connect: the presynaptic population must have at least one neuron");
    if (n_post == 0) throw ConfigError("connect: the postsynaptic population must have at least one neuron");
    if (same_population && n_pre != n_post) {
        throw ConfigError("connect: a population connected to itself needs n_pre == n_post, got " +
                          std::to_string(n_pre) + " and " + std::to_string(n_post));
    }
}

// Candidate partner c of neuron `self` -> neuron index: with autapses excluded the candidates are
// all neurons but `self`, numbered in order, so the mapping keeps candidates ascending.
inline std::uint32_t skip_self(std::uint64_t c, std::uint32_t self, bool exclude) noexcept {
    return static_cast<std::uint32_t>(exclude && c >= self ? c + 1 : c);
}

void draw_weights(Synapses& s, const Distribution& weight, WeightSign sign, const Seed& seed, StreamId stream) {
    s.weights.resize(s.size());
    weight.fill(s.weights, seed, stream, kWeightSub);
    apply_sign(s.weights, sign);
}

// Row `pre` of a Bernoulli projection, appended to out. The gap before the next connected
// candidate is geometric: floor(ln u / ln(1-p)) with u in (0, 1] is g with probability
// (1-p)^g p, so the row costs one draw per synapse (plus the one that runs past the end).
void bernoulli_row(std::uint32_t pre, std::uint64_t m, double log_q, bool exclude, const Seed& seed, StreamId stream,
                   std::vector<std::uint32_t>& out) {
    RandomStream rs(seed, stream, pre);
    std::uint64_t c = 0;
    while (c < m) {
        // Compared as doubles first: the gap may be huge (or inf for tiny p) and must not be cast.
        const double gap = std::floor(std::log(rs.uniform_pos()) / log_q);
        if (!(gap < static_cast<double>(m - c))) break;
        c += static_cast<std::uint64_t>(gap);
        out.push_back(skip_self(c, pre, exclude));
        ++c;
    }
}

// A set of candidate numbers (< 2^32) for Floyd's algorithm: open addressing with linear probing,
// sized for k entries and cleared in O(k), so a column costs O(k) whatever the population size.
class SmallSet {
public:
    void reset(std::uint64_t k) {
        std::size_t size = 16;
        while (size < 2 * k) size *= 2;
        if (slots_.size() != size) {
            slots_.assign(size, kEmpty);
            bits_ = 0;
            while ((std::size_t{1} << bits_) < size) ++bits_;
        } else {
            for (const std::uint64_t key : used_) slots_[slot_of(key)] = kEmpty;
        }
        used_.clear();
    }
    // Inserts key; false when it was already there.
    bool insert(std::uint64_t key) {
        std::size_t i = home(key);
        while (slots_[i] != kEmpty) {
            if (slots_[i] == key) return false;
            i = (i + 1) & (slots_.size() - 1);
        }
        slots_[i] = key;
        used_.push_back(key);
        return true;
    }
    // The inserted keys, in insertion order.
    std::vector<std::uint64_t>& keys() { return used_; }

private:
    static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
    std::size_t home(std::uint64_t key) const {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_)); // Fibonacci hashing
    }
    std::size_t slot_of(std::uint64_t key) const {
        std::size_t i = home(key);
        while (slots_[i] != key) i = (i + 1) & (slots_.size() - 1);
        return i;
    }
    std::vector<std::uint64_t> slots_;
    std::vector<std::uint64_t> used_;
    int bits_ = 0;
};

} // namespace

void apply_sign(std::span<double> weights, WeightSign sign) noexcept {
    switch (sign) {
    case WeightSign::any:
        return;
    case WeightSign::excitatory:
        for (double& w : weights) w = std::fabs(w);
        return;
    case WeightSign::inhibitory:
        for (double& w : weights) w = -std::fabs(w);
        return;
    }
}

Synapses bernoulli(std::uint32_t n_pre, std::uint32_t n_post, double p, bool autapses, bool same_population,
                   const Distribution& weight, const Seed& seed_in, StreamId stream, WeightSign sign) {
    require_sizes(n_pre, n_post, same_population);
    if (!(p >= 0.0 && p <= 1.0)) throw ConfigError("connect: option 'p' must be in [0, 1], got " + format_number(p));
    const Seed seed = structure_seed(seed_in);
    const bool exclude = same_population && !autapses;
    const std::uint64_t m = exclude ? n_post - std::uint64_t{1} : n_post; // candidates per row
    const double log_q = std::log1p(-p);

    Synapses s;
    s.n_pre = n_pre;
    s.n_post = n_post;
    s.offsets.assign(std::size_t{n_pre} + 1, 0);
    if (p > 0.0 && m > 0) {
        const std::uint32_t chunks = chunk_count(n_pre);
        std::vector<std::vector<std::uint32_t>> parts(chunks);
        parallel_for(chunks, [&](std::int64_t c) {
            const std::uint32_t first = chunk_first(c), last = chunk_last(c, n_pre);
            std::vector<std::uint32_t>& out = parts[static_cast<std::size_t>(c)];
            // Mean plus a few standard deviations, so the vector rarely grows.
            const double rows = last - first, mean = rows * static_cast<double>(m) * p;
            out.reserve(static_cast<std::size_t>(mean + 4.0 * std::sqrt(mean) + 16.0));
            for (std::uint32_t pre = first; pre < last; ++pre) {
                if (p == 1.0) {
                    for (std::uint64_t k = 0; k < m; ++k) out.push_back(skip_self(k, pre, exclude));
                } else {
                    bernoulli_row(pre, m, log_q, exclude, seed, stream, out);
                }
                s.offsets[std::size_t{pre} + 1] = out.size(); // within the chunk; made global below
            }
        });
        // Chunk-local ends -> global offsets, in chunk order.
        std::uint64_t base = 0;
        for (std::uint32_t c = 0; c < chunks; ++c) {
            const std::uint32_t first = chunk_first(c), last = chunk_last(c, n_pre);
            for (std::uint32_t pre = first; pre < last; ++pre) s.offsets[std::size_t{pre} + 1] += base;
            base += parts[c].size();
        }
        s.targets.resize(base);
        parallel_for(chunks, [&](std::int64_t c) {
            const auto& part = parts[static_cast<std::size_t>(c)];
            std::copy(part.begin(), part.end(),
                      s.targets.begin() + static_cast<std::ptrdiff_t>(s.offsets[chunk_first(c)]));
            std::vector<std::uint32_t>().swap(parts[static_cast<std::size_t>(c)]); // free as we go
        });
    }
    draw_weights(s, weight, sign, seed, stream);
    return s;
}

Synapses fixed_indegree(std::uint32_t n_pre, std::uint32_t n_post, std::int64_t k, bool autapses, bool same_population,
                        const Distribution& weight, const Seed& seed_in, StreamId stream, WeightSign sign) {
    require_sizes(n_pre, n_post, same_population);
    const bool exclude = same_population && !autapses;
    const std::uint64_t m = exclude ? n_pre - std::uint64_t{1} : n_pre; // candidates per column
    if (k < 0) throw ConfigError("connect: option 'indegree' must be >= 0, got " + std::to_string(k));
    if (static_cast<std::uint64_t>(k) > m) {
        const char* why = !same_population ? " in the presynaptic population"
                          : autapses       ? " (autapses on)"
                                           : " (autapses off)";
        throw ConfigError("connect: option 'indegree' = " + std::to_string(k) + " exceeds the " + std::to_string(m) +
                          " possible partners" + why);
    }
    const Seed seed = structure_seed(seed_in);
    const auto kk = static_cast<std::uint64_t>(k);

    // sources[j * k + r]: the r-th smallest presynaptic partner of post neuron j.
    std::vector<std::uint32_t> sources(std::size_t{n_post} * kk);
    const std::uint32_t chunks = chunk_count(n_post);
    if (kk > 0) {
        parallel_for(chunks, [&](std::int64_t c) {
            const std::uint32_t first = chunk_first(c), last = chunk_last(c, n_post);
            SmallSet chosen;
            for (std::uint32_t post = first; post < last; ++post) {
                RandomStream rs(seed, stream, post);
                chosen.reset(kk);
                // Floyd's algorithm (Bentley & Floyd, CACM 1987): k distinct of m, each k-subset
                // equally likely, with exactly k draws.
                for (std::uint64_t t = m - kk; t < m; ++t) {
                    const std::uint64_t r = rs.below(t + 1);
                    if (!chosen.insert(r)) chosen.insert(t);
                }
                auto& keys = chosen.keys();
                std::sort(keys.begin(), keys.end());
                std::uint32_t* out = sources.data() + std::size_t{post} * kk;
                for (std::uint64_t r = 0; r < kk; ++r) out[r] = skip_self(keys[r], post, exclude);
            }
        });
    }

    // Transpose to rows by pre. Columns are visited in ascending post order, so every row comes out
    // ascending without a sort.
    Synapses s;
    s.n_pre = n_pre;
    s.n_post = n_post;
    s.offsets.assign(std::size_t{n_pre} + 1, 0);
    for (const std::uint32_t pre : sources) ++s.offsets[std::size_t{pre} + 1];
    for (std::uint32_t r = 0; r < n_pre; ++r) s.offsets[std::size_t{r} + 1] += s.offsets[r];
    s.targets.resize(sources.size());
    std::vector<std::uint64_t> next(s.offsets.begin(), s.offsets.end() - 1);
    for (std::uint32_t post = 0; post < n_post; ++post) {
        const std::uint32_t* in = sources.data() + std::size_t{post} * kk;
        for (std::uint64_t r = 0; r < kk; ++r) s.targets[next[in[r]]++] = post;
    }
    draw_weights(s, weight, sign, seed, stream);
    return s;
}

StreamId indexed_stream(std::string_view name, std::uint64_t index) noexcept {
    // splitmix64 of the index, so neighbouring indices give unrelated ids.
    std::uint64_t z = index + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return stream_id(name) ^ (z ^ (z >> 31));
}

} // namespace chaoslab
