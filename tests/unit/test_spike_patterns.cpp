// Tests of measures/spike_pattern (no Lua): binning rules, difference patterns, orderings, column-major
// flattening and spatial-pattern symbols on small rasters computed by hand.
#include "measures/spike_pattern.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using chaoslab::Binning;
using chaoslab::BinRounding;
using chaoslab::ConfigError;
using chaoslab::RowOrder;
using chaoslab::SparseRaster;
using chaoslab::SpikeView;

namespace {

using Entries = std::vector<std::pair<std::uint32_t, std::uint32_t>>; // (column, row)

} // namespace

TEST_CASE("bin_spikes uses floor bins by default and the seed's rounding as an option", "[measures][patterns]") {
    const std::vector<double> t{0.0, 0.04, 0.06, 0.15, 0.3, 0.25, 1.0, -0.01, 0.95};
    const std::vector<std::int32_t> id{0, 1, 2, 3, 4, 5, 6, 7, 8};
    Binning b;
    b.bin_ms = 0.1;
    b.n_bins = 10;
    const SparseRaster f = chaoslab::bin_spikes(SpikeView{t, id}, 9, b);
    CHECK(f.at(0, 0));
    CHECK(f.at(1, 0));
    CHECK(f.at(2, 0));
    CHECK(f.at(3, 1));
    CHECK(f.at(4, 3)); // 0.3/0.1 = 2.9999999999999996 still lands in bin 3
    CHECK(f.at(5, 2));
    CHECK(f.at(8, 9));
    CHECK(f.count() == 7); // t = 1.0 (bin 10) and t = -0.01 dropped
    // Exact ties at bin 1 ms: round half to even puts 1.5 and 2.5 both in bin 2 and drops 9.5 (bin 10).
    const std::vector<double> ties{0.5, 1.5, 2.5, 9.5, -0.5, 0.49};
    const std::vector<std::int32_t> tid{0, 1, 2, 3, 4, 5};
    Binning whole;
    whole.bin_ms = 1.0;
    whole.n_bins = 10;
    const SparseRaster fl = chaoslab::bin_spikes(SpikeView{ties, tid}, 6, whole);
    CHECK(fl.at(0, 0));
    CHECK(fl.at(1, 1));
    CHECK(fl.at(2, 2));
    CHECK(fl.at(3, 9));
    CHECK(fl.at(5, 0));
    CHECK(fl.count() == 5);
    whole.rounding = BinRounding::nearest_even;
    const SparseRaster r = chaoslab::bin_spikes(SpikeView{ties, tid}, 6, whole);
    CHECK(r.at(0, 0));
    CHECK(r.at(1, 2));
    CHECK(r.at(2, 2));
    CHECK(r.at(4, 0)); // -0.5 rounds to -0, bin 0
    CHECK(r.at(5, 0));
    CHECK(r.count() == 5);
    const std::vector<std::int32_t> bad{0, 9};
    const std::vector<double> t2{0.0, 0.0};
    CHECK_THROWS_AS(chaoslab::bin_spikes(SpikeView{t2, bad}, 9, b), ConfigError);
    CHECK_THROWS_AS(chaoslab::bin_spikes(SpikeView{t, bad}, 9, b), ConfigError);
}

TEST_CASE("difference pattern is the XOR and empty for identical runs", "[measures][patterns]") {
    const std::vector<double> t{1.0, 2.0, 2.0, 7.5};
    const std::vector<std::int32_t> id{0, 3, 1, 2};
    Binning b;
    b.bin_ms = 1.0;
    b.n_bins = 10;
    const SparseRaster x = chaoslab::bin_spikes(SpikeView{t, id}, 4, b);
    CHECK(chaoslab::difference_pattern(x, x).count() == 0);
    const std::vector<double> t2{1.0, 2.0, 3.0};
    const std::vector<std::int32_t> id2{0, 3, 2};
    const SparseRaster y = chaoslab::bin_spikes(SpikeView{t2, id2}, 4, b);
    const SparseRaster d = chaoslab::difference_pattern(x, y);
    // x has (0,1), (3,2), (1,2), (2,7); y has (0,1), (3,2), (2,3): they differ at (1,2), (2,7), (2,3).
    CHECK(d.count() == 3);
    CHECK(d.at(1, 2));
    CHECK(d.at(2, 7));
    CHECK(d.at(2, 3));
    CHECK(chaoslab::column_counts(d) == std::vector<std::size_t>{0, 0, 1, 1, 0, 0, 0, 1, 0, 0});
    CHECK_THROWS_AS(chaoslab::difference_pattern(x, SparseRaster(4, 9, {})), ConfigError);
}

TEST_CASE("row orders are stable and flattening reads columns of the reordered rows", "[measures][patterns]") {
    // 4 rows x 3 columns; activities: row0 1, row1 2, row2 0, row3 2.
    const SparseRaster d(4, 3, Entries{{0, 1}, {1, 1}, {0, 3}, {2, 3}, {2, 0}});
    CHECK(chaoslab::row_activity(d) == std::vector<std::size_t>{1, 2, 0, 2});
    const auto dec = chaoslab::row_order(d, RowOrder::decreasing_activity);
    CHECK(dec == std::vector<std::uint32_t>{1, 3, 0, 2});
    const auto inc = chaoslab::row_order(d, RowOrder::increasing_activity);
    CHECK(inc == std::vector<std::uint32_t>{2, 0, 1, 3});
    CHECK(chaoslab::row_order(d, RowOrder::index) == std::vector<std::uint32_t>{0, 1, 2, 3});
    // Decreasing order rows [1, 3, 0, 2]: column 0 = [1, 1, 0, 0], column 1 = [1, 0, 0, 0], column 2 = [0, 1, 1, 0].
    const auto seq = chaoslab::flatten_column_major(d, dec);
    CHECK(seq.length == 12);
    CHECK(seq.ones == std::vector<std::size_t>{0, 1, 4, 9, 10});
    CHECK(chaoslab::to_dense(seq) == std::vector<std::int32_t>{1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0});
    const std::vector<std::uint32_t> not_perm{0, 0, 1, 2};
    CHECK_THROWS_AS(chaoslab::flatten_column_major(d, not_perm), ConfigError);
}

TEST_CASE("spatial pattern symbols number distinct columns by first appearance", "[measures][patterns]") {
    // columns: {1}, {}, {1}, {0,2}, {}, {0,2}, {2}
    const SparseRaster d(3, 7, Entries{{0, 1}, {2, 1}, {3, 0}, {3, 2}, {5, 2}, {5, 0}, {6, 2}});
    CHECK(chaoslab::spatial_pattern_symbols(d) == std::vector<std::int32_t>{0, 1, 0, 2, 1, 2, 3});
    const SparseRaster empty(5, 4, {});
    CHECK(chaoslab::spatial_pattern_symbols(empty) == std::vector<std::int32_t>{0, 0, 0, 0});
}

TEST_CASE("a large sparse difference pattern stays cheap", "[measures][patterns]") {
    // 1000 x 5000 with 2000 ones: memory ~ ones + columns.
    Entries e;
    for (std::uint32_t k = 0; k < 2000; ++k) e.emplace_back((k * 7919u) % 5000u, (k * 104729u) % 1000u);
    const SparseRaster d(1000, 5000, e);
    const auto seq = chaoslab::flatten_column_major(d, chaoslab::row_order(d, RowOrder::decreasing_activity));
    CHECK(seq.length == 5000000);
    CHECK(seq.ones.size() == d.count());
    const chaoslab::Lz76 lz = chaoslab::lz76(seq);
    CHECK(lz.phrases > 0);
}
