// Synapses: degree counts, invariant checks and the validating explicit-list -> CSR builder.
#include "network/synapses.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace chaoslab {

namespace {

std::string str(std::int64_t x) { return std::to_string(x); }

std::string str(std::uint64_t x) { return std::to_string(x); }

// "connect: weight[4] = " with the entry number shown in the caller's base. Built by appending:
// g++ 12 warns falsely (-Wrestrict) about "literal" + std::string&&.
std::string entry_label(const char* what, std::size_t entry, std::int64_t base) {
    std::string s = "connect: ";
    s += what;
    s += '[';
    s += str(static_cast<std::int64_t>(entry) + base);
    s += "] = ";
    return s;
}

void require_index(const char* what, std::size_t entry, std::int64_t value, std::uint32_t n, std::int64_t base) {
    if (value < 0 || value >= static_cast<std::int64_t>(n)) {
        throw ConfigError(entry_label(what, entry, base) + str(value + base) + " is out of range for a population of " +
                          str(std::uint64_t{n}));
    }
}

} // namespace

std::vector<std::uint64_t> Synapses::out_degrees() const {
    std::vector<std::uint64_t> out(n_pre);
    for (std::uint32_t r = 0; r < n_pre; ++r) out[r] = fan_out(r);
    return out;
}

std::vector<std::uint64_t> Synapses::in_degrees() const {
    std::vector<std::uint64_t> in(n_post, 0);
    for (const std::uint32_t t : targets) ++in[t];
    return in;
}

void Synapses::check_invariants() const {
    auto fail = [](const std::string& what) { throw std::logic_error("Synapses: " + what); };
    if (offsets.size() != std::size_t{n_pre} + 1)
        fail("offsets has " + str(std::uint64_t{offsets.size()}) + " entries");
    if (offsets.front() != 0 || offsets.back() != targets.size()) fail("offsets do not span the targets");
    if (weights.size() != targets.size()) fail("weights and targets differ in length");
    if (!delays.empty() && delays.size() != targets.size()) fail("delays and targets differ in length");
    for (std::uint32_t r = 0; r < n_pre; ++r) {
        if (offsets[std::size_t{r} + 1] < offsets[r]) fail("offsets decrease at row " + str(std::uint64_t{r}));
        for (std::uint64_t k = offsets[r]; k < offsets[std::size_t{r} + 1]; ++k) {
            if (targets[k] >= n_post) fail("target out of range in row " + str(std::uint64_t{r}));
            if (k > offsets[r] && targets[k] <= targets[k - 1]) {
                fail("targets not strictly ascending in row " + str(std::uint64_t{r}));
            }
        }
    }
}

Synapses Synapses::from_lists(std::uint32_t n_pre, std::uint32_t n_post, std::span<const std::int64_t> pre,
                              std::span<const std::int64_t> post, std::span<const double> weight,
                              std::span<const std::int64_t> delay, const ListOptions& options) {
    const std::int64_t base = options.index_base;
    if (n_pre == 0) throw ConfigError("connect: the presynaptic population must have at least one neuron");
    if (n_post == 0) throw ConfigError("connect: the postsynaptic population must have at least one neuron");
    const std::size_t n = pre.size();
    if (post.size() != n || weight.size() != n) {
        throw ConfigError("connect: pre, post and weight must have the same length, got " + str(std::uint64_t{n}) +
                          ", " + str(std::uint64_t{post.size()}) + " and " + str(std::uint64_t{weight.size()}));
    }
    if (!delay.empty() && delay.size() != n) {
        throw ConfigError("connect: delay must have one entry per pair (" + str(std::uint64_t{n}) + "), got " +
                          str(std::uint64_t{delay.size()}));
    }
    constexpr auto kMaxDelay = static_cast<std::int64_t>(std::numeric_limits<DelaySteps>::max());
    for (std::size_t i = 0; i < n; ++i) {
        require_index("pre", i, pre[i], n_pre, base);
        require_index("post", i, post[i], n_post, base);
        if (!std::isfinite(weight[i])) {
            throw ConfigError(entry_label("weight", i, base) + format_number(weight[i]) + " must be finite");
        }
        if (!delay.empty() && delay[i] < 0) {
            throw ConfigError(entry_label("delay", i, base) + str(delay[i]) + " must be >= 0 steps");
        }
        if (!delay.empty() && delay[i] > kMaxDelay) {
            throw ConfigError(entry_label("delay", i, base) + str(delay[i]) + " exceeds the largest delay of " +
                              str(kMaxDelay) + " steps");
        }
    }

    // Counting sort by pre keeps entries of a row in input order; each row is then sorted by post
    // with the entry number as tie-break, so duplicates sit side by side in a fixed order.
    std::vector<std::uint64_t> row_start(std::size_t{n_pre} + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++row_start[static_cast<std::size_t>(pre[i]) + 1];
    for (std::uint32_t r = 0; r < n_pre; ++r) row_start[std::size_t{r} + 1] += row_start[r];
    std::vector<std::uint64_t> order(n);
    {
        std::vector<std::uint64_t> next(row_start.begin(), row_start.end() - 1);
        for (std::size_t i = 0; i < n; ++i) order[next[static_cast<std::size_t>(pre[i])]++] = i;
    }
    auto by_post = [&](std::uint64_t a, std::uint64_t b) { return post[a] != post[b] ? post[a] < post[b] : a < b; };

    Synapses s;
    s.n_pre = n_pre;
    s.n_post = n_post;
    s.offsets.assign(std::size_t{n_pre} + 1, 0);
    s.targets.reserve(n);
    s.weights.reserve(n);
    if (!delay.empty()) s.delays.reserve(n);
    for (std::uint32_t r = 0; r < n_pre; ++r) {
        const auto first = order.begin() + static_cast<std::ptrdiff_t>(row_start[r]);
        const auto last = order.begin() + static_cast<std::ptrdiff_t>(row_start[std::size_t{r} + 1]);
        std::sort(first, last, by_post);
        for (auto it = first; it != last; ++it) {
            const std::uint64_t e = *it;
            if (it != first && post[e] == post[*(it - 1)]) {
                const std::uint64_t d = *(it - 1);
                const std::string pair = "connect: entries " + str(static_cast<std::int64_t>(d) + base) + " and " +
                                         str(static_cast<std::int64_t>(e) + base) + " both connect pre " +
                                         str(pre[e] + base) + " to post " + str(post[e] + base);
                if (options.duplicates == Duplicates::reject) {
                    throw ConfigError(pair + " (set duplicates = 'sum' to add their weights)");
                }
                if (!delay.empty() && delay[e] != delay[d]) {
                    throw ConfigError(pair + " with different delays (" + str(delay[d]) + " and " + str(delay[e]) +
                                      " steps)");
                }
                s.weights.back() += weight[e];
                if (!std::isfinite(s.weights.back())) throw ConfigError(pair + " and their summed weight overflows");
                continue;
            }
            s.targets.push_back(static_cast<std::uint32_t>(post[e]));
            s.weights.push_back(weight[e]);
            if (!delay.empty()) s.delays.push_back(static_cast<DelaySteps>(delay[e]));
        }
        s.offsets[std::size_t{r} + 1] = s.targets.size();
    }
    return s;
}

} // namespace chaoslab
