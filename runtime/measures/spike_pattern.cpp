// Binning, difference patterns, orderings and pattern symbols on column-sparse rasters.
#include "measures/spike_pattern.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <utility>

namespace chaoslab {
namespace {

// Relative slack (in bins) that moves a spike sitting on a bin edge up to the bin it starts (see Binning).
constexpr double kEdgeSlack = 1e-9;

} // namespace

SparseRaster::SparseRaster(std::size_t n_rows, std::size_t n_cols,
                           std::vector<std::pair<std::uint32_t, std::uint32_t>> entries)
    : n_rows_(n_rows), n_cols_(n_cols) {
    for (const auto& [c, r] : entries) {
        if (c >= n_cols || r >= n_rows) throw ConfigError("SparseRaster: entry outside the raster");
    }
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    col_start_.assign(n_cols + 1, 0);
    rows_.reserve(entries.size());
    for (const auto& [c, r] : entries) {
        ++col_start_[c + 1];
        rows_.push_back(r);
    }
    std::partial_sum(col_start_.begin(), col_start_.end(), col_start_.begin());
}

bool SparseRaster::at(std::size_t row, std::size_t col) const {
    const auto c = column(col);
    return std::binary_search(c.begin(), c.end(), static_cast<std::uint32_t>(row));
}

SparseRaster bin_spikes(const SpikeView& spikes, std::size_t n_neurons, const Binning& binning) {
    if (spikes.times_ms.size() != spikes.neurons.size()) {
        throw ConfigError("bin_spikes: " + format_number(static_cast<double>(spikes.times_ms.size())) +
                          " spike times but " + format_number(static_cast<double>(spikes.neurons.size())) +
                          " neuron ids");
    }
    if (!(binning.bin_ms > 0.0) || !std::isfinite(binning.bin_ms)) {
        throw ConfigError("bin_spikes: bin width must be > 0 ms, got " + format_number(binning.bin_ms));
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
    entries.reserve(spikes.times_ms.size());
    const double n_bins = static_cast<double>(binning.n_bins);
    for (std::size_t k = 0; k < spikes.times_ms.size(); ++k) {
        const std::int32_t id = spikes.neurons[k];
        if (id < 0 || static_cast<std::size_t>(id) >= n_neurons) {
            throw ConfigError("bin_spikes: neuron id " + format_number(id) + " outside 0.." +
                              format_number(static_cast<double>(n_neurons) - 1));
        }
        const double x = (spikes.times_ms[k] - binning.t0_ms) / binning.bin_ms;
        // nearbyint rounds ties to even in the default rounding mode, as numpy.round does.
        const double b = binning.rounding == BinRounding::floor ? std::floor(x + kEdgeSlack) : std::nearbyint(x);
        if (!(b >= 0.0 && b < n_bins)) continue; // also drops NaN times
        entries.emplace_back(static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(id));
    }
    return SparseRaster(n_neurons, binning.n_bins, std::move(entries));
}

SparseRaster difference_pattern(const SparseRaster& control, const SparseRaster& perturbed) {
    if (control.rows() != perturbed.rows() || control.cols() != perturbed.cols()) {
        throw ConfigError("difference_pattern: rasters differ in shape");
    }
    SparseRaster d;
    d.n_rows_ = control.rows();
    d.n_cols_ = control.cols();
    d.col_start_.assign(d.n_cols_ + 1, 0);
    for (std::size_t b = 0; b < d.n_cols_; ++b) {
        const auto x = control.column(b);
        const auto y = perturbed.column(b);
        std::set_symmetric_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(d.rows_));
        d.col_start_[b + 1] = d.rows_.size();
    }
    return d;
}

std::vector<std::size_t> row_activity(const SparseRaster& raster) {
    std::vector<std::size_t> a(raster.rows(), 0);
    for (std::size_t b = 0; b < raster.cols(); ++b) {
        for (const std::uint32_t r : raster.column(b)) ++a[r];
    }
    return a;
}

std::vector<std::size_t> column_counts(const SparseRaster& raster) {
    std::vector<std::size_t> h(raster.cols());
    for (std::size_t b = 0; b < raster.cols(); ++b) h[b] = raster.column(b).size();
    return h;
}

std::vector<std::uint32_t> row_order(const SparseRaster& raster, RowOrder order) {
    std::vector<std::uint32_t> idx(raster.rows());
    std::iota(idx.begin(), idx.end(), 0u);
    if (order == RowOrder::index) return idx;
    const std::vector<std::size_t> a = row_activity(raster);
    if (order == RowOrder::decreasing_activity) {
        std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t x, std::uint32_t y) { return a[x] > a[y]; });
    } else {
        std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t x, std::uint32_t y) { return a[x] < a[y]; });
    }
    return idx;
}

SparseBinarySequence flatten_column_major(const SparseRaster& raster, std::span<const std::uint32_t> order) {
    const std::size_t n = raster.rows();
    if (order.size() != n) throw ConfigError("flatten_column_major: the order must list every row once");
    std::vector<std::size_t> position(n, n);
    for (std::size_t k = 0; k < n; ++k) {
        if (order[k] >= n || position[order[k]] != n) {
            throw ConfigError("flatten_column_major: the order must be a permutation of the rows");
        }
        position[order[k]] = k;
    }
    SparseBinarySequence seq;
    seq.length = n * raster.cols();
    seq.ones.reserve(raster.count());
    for (std::size_t b = 0; b < raster.cols(); ++b) {
        const std::size_t first = seq.ones.size();
        for (const std::uint32_t r : raster.column(b)) seq.ones.push_back(b * n + position[r]);
        std::sort(seq.ones.begin() + static_cast<std::ptrdiff_t>(first), seq.ones.end());
    }
    return seq;
}

std::vector<std::int32_t> spatial_pattern_symbols(const SparseRaster& raster) {
    std::map<std::vector<std::uint32_t>, std::int32_t> ids;
    std::vector<std::int32_t> s(raster.cols());
    for (std::size_t b = 0; b < raster.cols(); ++b) {
        const auto c = raster.column(b);
        const auto [it, inserted] =
            ids.try_emplace(std::vector<std::uint32_t>(c.begin(), c.end()), static_cast<std::int32_t>(ids.size()));
        s[b] = it->second;
    }
    return s;
}

} // namespace chaoslab
