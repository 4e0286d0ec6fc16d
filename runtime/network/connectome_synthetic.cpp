// The synthetic connectome-like graph (see connectome_synthetic.hpp): directed Chung-Lu with
// lognormal propensities, lognormal synapse counts, shuffled type and region quotas.
#include "network/connectome_synthetic.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace chaoslab {

namespace {
const std::string kFn = "connectome.synthetic";

constexpr std::uint64_t kTargetsSub = std::uint64_t{1} << 32;
constexpr std::uint64_t kWeightsSub = std::uint64_t{1} << 33;

[[noreturn]] void fail(const char* option, const std::string& msg) {
    throw ConfigError(kFn + ": option '" + option + "' " + msg);
}

// Labels for n neurons: exact quotas by largest remainder, shuffled by Fisher-Yates.
std::vector<std::string> quota_labels(const char* option, std::vector<std::pair<std::string, double>> fractions,
                                      std::size_t n, RandomStream rs) {
    std::sort(fractions.begin(), fractions.end());
    double total = 0.0;
    for (const auto& [name, f] : fractions) {
        if (!std::isfinite(f) || f < 0)
            fail(option, "must map names to fractions >= 0, got " + name + " = " + format_number(f));
        total += f;
    }
    if (!(total > 0)) fail(option, "must have a fraction > 0");
    for (std::size_t k = 1; k < fractions.size(); ++k)
        if (fractions[k].first == fractions[k - 1].first) fail(option, "names '" + fractions[k].first + "' twice");
    std::vector<std::size_t> count(fractions.size());
    std::vector<double> rest(fractions.size());
    std::size_t assigned = 0;
    for (std::size_t k = 0; k < fractions.size(); ++k) {
        const double exact = fractions[k].second / total * static_cast<double>(n);
        count[k] = static_cast<std::size_t>(std::floor(exact));
        rest[k] = exact - std::floor(exact);
        assigned += count[k];
    }
    std::vector<std::size_t> by_rest(fractions.size());
    std::iota(by_rest.begin(), by_rest.end(), std::size_t{0});
    std::stable_sort(by_rest.begin(), by_rest.end(), [&](std::size_t a, std::size_t b) { return rest[a] > rest[b]; });
    for (std::size_t k = 0; assigned < n && k < by_rest.size(); ++k, ++assigned) ++count[by_rest[k]];
    // Rounding can leave the sum one short only in pathological cases; give it to the largest rest.
    if (assigned < n) count[by_rest.front()] += n - assigned;
    std::vector<std::string> labels;
    labels.reserve(n);
    for (std::size_t k = 0; k < fractions.size(); ++k) labels.insert(labels.end(), count[k], fractions[k].first);
    labels.resize(n);
    for (std::size_t i = n; i > 1; --i) std::swap(labels[i - 1], labels[rs.below(i)]);
    return labels;
}
} // namespace

Connectome synthetic_connectome(const SyntheticConnectomeParams& p) {
    const int sweeps = normalization_sweeps(kFn, p.normalize, p.iterations);
    const std::size_t n = p.n;
    if (n < 1 || n > 10'000'000) fail("n", "must be in [1, 10000000], got " + std::to_string(n));
    if (!std::isfinite(p.mean_degree) || p.mean_degree < 0 || p.mean_degree > static_cast<double>(n - 1)) {
        fail("mean_degree",
             "must be in [0, n - 1] = [0, " + std::to_string(n - 1) + "], got " + format_number(p.mean_degree));
    }
    if (!std::isfinite(p.degree_sigma) || p.degree_sigma < 0 || p.degree_sigma > 5)
        fail("degree_sigma", "must be in [0, 5], got " + format_number(p.degree_sigma));
    if (!std::isfinite(p.weight_sigma) || p.weight_sigma < 0 || p.weight_sigma > 5)
        fail("weight_sigma", "must be in [0, 5], got " + format_number(p.weight_sigma));
    if (!std::isfinite(p.weight_mu) || std::abs(p.weight_mu) > 50)
        fail("weight_mu", "must be in [-50, 50], got " + format_number(p.weight_mu));

    Seed seed = p.seed;
    seed.trial = 0;
    const StreamFamily family(seed, stream_id("connectome.synthetic"));
    Connectome c;
    c.ids.resize(n);
    std::iota(c.ids.begin(), c.ids.end(), std::int64_t{1});
    if (!p.types.empty()) c.types = quota_labels("types", p.types, n, family.make(2));
    if (!p.regions.empty()) c.regions = quota_labels("regions", p.regions, n, family.make(3));

    std::vector<double> a(n), b(n);
    const RandomStream out_stream = family.make(0), in_stream = family.make(1);
    for (std::size_t i = 0; i < n; ++i) {
        a[i] = std::exp(p.degree_sigma * out_stream.normal_at(i));
        b[i] = std::exp(p.degree_sigma * in_stream.normal_at(i));
    }
    const double sum_a = std::accumulate(a.begin(), a.end(), 0.0), sum_b = std::accumulate(b.begin(), b.end(), 0.0);
    double diagonal = 0.0;
    for (std::size_t i = 0; i < n; ++i) diagonal += a[i] * b[i];
    const double pairs = sum_a * sum_b - diagonal;
    const double scale = pairs > 0 ? static_cast<double>(n) * p.mean_degree / pairs : 0.0;

    // Targets by falling in-propensity, so the connection probability along the walk never rises.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return b[x] > b[y]; });

    for (std::size_t u = 0; u < n && scale > 0; ++u) {
        RandomStream targets = family.make(kTargetsSub + u);
        RandomStream counts = family.make(kWeightsSub + u);
        std::size_t j = 0;
        double prob = std::min(1.0, scale * a[u] * b[order[0]]);
        while (j < n && prob > 0) {
            if (prob < 1.0) {
                // Geometric skip over the targets that the current (upper-bound) probability misses.
                const double skip = std::floor(std::log(targets.uniform_pos()) / std::log1p(-prob));
                if (!(skip < static_cast<double>(n - j))) break;
                j += static_cast<std::size_t>(skip);
            }
            const std::size_t v = order[j];
            const double q = std::min(1.0, scale * a[u] * b[v]);
            if (targets.uniform() < q / prob && v != u) {
                const double w = std::ceil(std::exp(p.weight_mu + p.weight_sigma * counts.normal()));
                c.pre.push_back(u);
                c.post.push_back(v);
                c.weight.push_back(w);
            }
            prob = q;
            ++j;
        }
    }
    canonicalize_edges(c, Duplicates::reject, kFn + ": ", [](std::size_t k) { return "edge " + std::to_string(k); });
    if (p.signs) apply_signs(kFn, c, *p.signs);
    normalize_connectome(c, p.normalize, sweeps);
    return c;
}

} // namespace chaoslab
