// Per-twin measures of a perturbation experiment, run in parallel over twins, each from the same binned
// control raster.
#include "measures/divergence.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"

#include <cmath>
#include <limits>

namespace chaoslab {

namespace {

Binning bins_of(const DivergenceOptions& o, double bin_ms) {
    Binning b;
    b.t0_ms = o.t_pert_ms;
    b.bin_ms = bin_ms;
    b.n_bins = static_cast<std::size_t>(std::floor(o.observe_ms / bin_ms + 1e-9));
    return b;
}

double lz_of(const SparseRaster& d, const DivergenceOptions& o, double& normalized) {
    normalized = std::numeric_limits<double>::quiet_NaN();
    if (o.symbols == LzSymbols::flattened) {
        const SparseBinarySequence seq = flatten_column_major(d, row_order(d, o.order));
        if (o.lz == LzMethod::dictionary) return static_cast<double>(dictionary_parse_phrases(seq, o.tail));
        const Lz76 r = lz76(seq);
        normalized = r.normalized;
        return static_cast<double>(r.phrases);
    }
    const std::vector<std::int32_t> ids = spatial_pattern_symbols(d);
    if (o.symbols == LzSymbols::spatial_decimal) {
        const std::vector<std::int32_t> digits = decimal_digits_of_ids(ids);
        if (o.lz == LzMethod::dictionary) return static_cast<double>(dictionary_parse_phrases(digits, o.tail));
        const Lz76 r = lz76(digits);
        normalized = r.normalized;
        return static_cast<double>(r.phrases);
    }
    if (o.lz == LzMethod::dictionary) return static_cast<double>(dictionary_parse_phrases(ids, o.tail));
    const Lz76 r = lz76(ids);
    normalized = r.normalized;
    return static_cast<double>(r.phrases);
}

} // namespace

Divergence measure_divergence(const SpikeView& control, std::span<const SpikeView> twins, const DivergenceOptions& o) {
    if (!(o.lz_bin_ms > 0.0))
        throw ConfigError("perturbation: option 'lz_bin' must be > 0 ms, got " + format_number(o.lz_bin_ms));
    if (!(o.hamming_bin_ms > 0.0)) {
        throw ConfigError("perturbation: option 'hamming_bin' must be > 0 ms, got " + format_number(o.hamming_bin_ms));
    }
    const Binning lz_bins = bins_of(o, o.lz_bin_ms);
    const Binning h_bins = bins_of(o, o.hamming_bin_ms);
    const SparseRaster control_lz = bin_spikes(control, o.n_neurons, lz_bins);
    const SparseRaster control_h = bin_spikes(control, o.n_neurons, h_bins);
    Divergence out;
    out.twins.resize(twins.size());
    out.hamming_time_ms.resize(h_bins.n_bins);
    for (std::size_t b = 0; b < h_bins.n_bins; ++b)
        out.hamming_time_ms[b] = (static_cast<double>(b) + 0.5) * o.hamming_bin_ms;
    parallel_for(static_cast<std::int64_t>(twins.size()), [&](std::int64_t j) {
        TwinDivergence& t = out.twins[j];
        const SparseRaster d = difference_pattern(control_lz, bin_spikes(twins[j], o.n_neurons, lz_bins));
        t.differences = static_cast<double>(d.count());
        t.lz = lz_of(d, o, t.lz_normalized);
        const SparseRaster dh = difference_pattern(control_h, bin_spikes(twins[j], o.n_neurons, h_bins));
        const HammingSeries h = hamming_distance(dh, o.hamming_bin_ms);
        t.hamming = h.distance;
        t.hamming_slope = robust_slope(h.time_ms, h.distance, o.slope).slope;
        if (o.pattern_stats) {
            t.patterns = pattern_stats(d);
            SettlingOptions s = o.settling;
            s.bin_ms = o.lz_bin_ms;
            t.settling_time_ms = settling_time(d, s);
        }
        if (o.coincidence) {
            CoincidenceOptions c;
            c.delta_ms = o.coincidence_delta_ms;
            c.t0_ms = o.t_pert_ms;
            c.duration_ms = o.observe_ms;
            c.convention = o.coincidence_convention;
            t.coincidence = coincidence(control, twins[j], o.n_neurons, c);
        }
    });
    FiringStatsOptions f = o.firing;
    f.t0_ms = o.t_pert_ms;
    f.duration_ms = o.observe_ms;
    out.control = firing_stats(control, o.n_neurons, f);
    if (o.dimensionality) {
        DimensionalityOptions d;
        d.convention = o.dimensionality_convention;
        out.control_dimensionality =
            dimensionality(bin_spikes(control, o.n_neurons, bins_of(o, o.dimensionality_bin_ms)), d);
    }
    return out;
}

} // namespace chaoslab
