// Entropies, distinct-pattern counts and settling times of column-sparse difference patterns.
#include "measures/pattern_stats.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace chaoslab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Hash of a column's sorted active rows (and its length, so prefixes differ); collisions are resolved by
// comparing the columns themselves.
std::uint64_t column_hash(std::span<const std::uint32_t> rows) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ rows.size();
    for (const std::uint32_t r : rows) {
        h ^= r;
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    return h;
}

// How many columns show each distinct pattern (in order of first appearance). Hashing keeps this
// O(ones + columns) expected, where spatial_pattern_symbols' ordered map of row vectors costs a log factor
// and a copy per column; a match is confirmed by comparing rows, whose cost is paid by the column's ones.
std::vector<std::size_t> pattern_counts(const SparseRaster& d) {
    std::vector<std::size_t> count;
    std::vector<std::size_t> first_column;                               // representative column of each pattern
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_hash; // hash -> pattern ids
    by_hash.reserve(d.cols());
    for (std::size_t b = 0; b < d.cols(); ++b) {
        const auto c = d.column(b);
        auto& ids = by_hash[column_hash(c)];
        const auto same = std::find_if(ids.begin(), ids.end(), [&](std::size_t k) {
            const auto rep = d.column(first_column[k]);
            return std::equal(rep.begin(), rep.end(), c.begin(), c.end());
        });
        if (same != ids.end()) {
            ++count[*same];
        } else {
            ids.push_back(count.size());
            count.push_back(1);
            first_column.push_back(b);
        }
    }
    return count;
}

void check_positive(double x, const char* what) {
    if (!(x > 0.0) || !std::isfinite(x)) {
        throw ConfigError(std::string("settling_time: ") + what + " must be > 0 ms, got " + format_number(x));
    }
}

} // namespace

PatternStats pattern_stats(const SparseRaster& difference) {
    PatternStats s;
    s.total_differences = difference.count();
    const std::vector<std::size_t> count = pattern_counts(difference);
    s.unique_patterns = count.size();
    const double n_cols = static_cast<double>(difference.cols());
    for (const std::size_t c : count) {
        const double p = static_cast<double>(c) / n_cols;
        s.symbol_entropy_bits -= p * std::log2(p);
    }
    const double n_entries = static_cast<double>(difference.rows()) * n_cols;
    if (s.total_differences > 0 && static_cast<double>(s.total_differences) < n_entries) {
        const double p = static_cast<double>(s.total_differences) / n_entries;
        // log1p keeps the (1 - p) term accurate for the typical p of a few 1e-4.
        s.spike_entropy_bits = -(p * std::log2(p) + (1.0 - p) * std::log1p(-p) / std::log(2.0));
    }
    return s;
}

double settling_time(const SparseRaster& difference, const SettlingOptions& options) {
    check_positive(options.bin_ms, "bin width");
    check_positive(options.window_ms, "window");
    const std::size_t n_cols = difference.cols();
    // A window covers at least one bin, so a window shorter than half a bin asks for one quiet bin.
    const double m_bins = std::max(1.0, std::round(options.window_ms / options.bin_ms));
    if (m_bins > static_cast<double>(n_cols)) return kNaN;
    const auto m = static_cast<std::size_t>(m_bins);

    if (options.convention == SettlingConvention::quiet) {
        std::size_t quiet_from = n_cols; // first bin of the final run of empty columns
        while (quiet_from > 0 && difference.column(quiet_from - 1).empty()) --quiet_from;
        if (n_cols - quiet_from < m) return kNaN;
        return static_cast<double>(quiet_from) * options.bin_ms;
    }

    // seed: walk b downwards counting how many consecutive columns from b upwards equal column 0; the first
    // b where that run reaches m starts the latest window, i.e. the seed's first e = b + m scanning down.
    const auto c0 = difference.column(0);
    std::size_t run = 0;
    for (std::size_t b = n_cols; b-- > 0;) {
        const auto c = difference.column(b);
        run = std::equal(c.begin(), c.end(), c0.begin(), c0.end()) ? run + 1 : 0;
        if (run >= m) return static_cast<double>(b) * options.bin_ms;
    }
    return kNaN;
}

} // namespace chaoslab
