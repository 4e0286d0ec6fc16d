// Spike lists -> binary neuron x bin rasters stored sparsely, the control/perturbed difference pattern and the
// orderings and symbolisations the LZ and Hamming measures read (spec seed_algorithms.md 1.5, 1.6).
#pragma once

#include "measures/lz.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace chaoslab {

// One run's spikes: times_ms[k] is a spike of neuron neurons[k]; any order.
struct SpikeView {
    std::span<const double> times_ms;
    std::span<const std::int32_t> neurons;
};

// floor: bin = floor((t - t0)/bin_ms), so bin b is [t0 + b·bin, t0 + (b+1)·bin), the usual half-open bins
// (the default). A spike within 1e-9 of a bin of the upper edge counts to the next bin, because simulated
// times k·dt divided by bin = dt are often k - 1e-16 and would otherwise fall one bin early.
// nearest_even: the seed's round((t - t0)/bin) with ties to even (numpy/Python round): bin b is centred on
// t0 + b·bin, spikes in the last half bin are dropped, the first bin is half as wide.
enum class BinRounding { floor, nearest_even };

struct Binning {
    double t0_ms = 0.0;  // time of the start (floor) or centre (nearest_even) of bin 0, ms
    double bin_ms = 0.1; // bin width, ms, > 0
    std::size_t n_bins = 0;
    BinRounding rounding = BinRounding::floor;
};

// A 0/1 matrix of n_rows (neurons) x n_cols (bins) stored by column: for each bin the increasing list of
// active rows. A 1000 x 5000 difference pattern with a few thousand ones costs ~60 kB.
class SparseRaster {
public:
    SparseRaster() = default;
    // entries: (column, row) pairs in any order, duplicates allowed (a bin is 1 if it has any spike).
    SparseRaster(std::size_t n_rows, std::size_t n_cols, std::vector<std::pair<std::uint32_t, std::uint32_t>> entries);

    std::size_t rows() const { return n_rows_; }
    std::size_t cols() const { return n_cols_; }
    std::size_t count() const { return rows_.size(); } // number of ones
    std::span<const std::uint32_t> column(std::size_t b) const {
        return {rows_.data() + col_start_[b], col_start_[b + 1] - col_start_[b]};
    }
    bool at(std::size_t row, std::size_t col) const;

private:
    friend SparseRaster difference_pattern(const SparseRaster&, const SparseRaster&);
    std::size_t n_rows_ = 0;
    std::size_t n_cols_ = 0;
    std::vector<std::size_t> col_start_{0}; // n_cols + 1 offsets into rows_
    std::vector<std::uint32_t> rows_;
};

// Bins spikes of neurons 0..n_neurons-1 (others are a ConfigError); spikes outside the bins are dropped.
SparseRaster bin_spikes(const SpikeView& spikes, std::size_t n_neurons, const Binning& binning);

// D[i,b] = 1 where the two rasters differ (XOR); shapes must agree. O(ones + columns).
SparseRaster difference_pattern(const SparseRaster& control, const SparseRaster& perturbed);

// a_i = number of ones in row i.
std::vector<std::size_t> row_activity(const SparseRaster& raster);
// Number of ones in each column; for a difference pattern, the Hamming distance per bin.
std::vector<std::size_t> column_counts(const SparseRaster& raster);

// decreasing_activity is the default (v1 and the protocol); increasing_activity is HEAD's lz_column_wise.
// Ties are broken by increasing neuron index in both (the seed's numpy argsort leaves ties unspecified).
enum class RowOrder { decreasing_activity, increasing_activity, index };

// order[k] = the original row placed at position k.
std::vector<std::uint32_t> row_order(const SparseRaster& raster, RowOrder order);

// Reads the row-reordered raster column by column (all rows of bin 0, then bin 1, ...): the ones of a
// sequence of length rows·cols. order must be a permutation of the rows.
SparseBinarySequence flatten_column_major(const SparseRaster& raster, std::span<const std::uint32_t> order);

// s[b] = id of column b's set of active rows, ids 0, 1, 2, ... in order of first appearance (the empty
// column is a pattern like any other).
std::vector<std::int32_t> spatial_pattern_symbols(const SparseRaster& raster);

} // namespace chaoslab
