// Checks and conversions of the measures' script inputs, and the LZ dispatch (see inputs.hpp).
#include "measures/inputs.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <cstdint>

namespace chaoslab {

SpikeSet spike_set(std::vector<double> times_ms, std::span<const double> ids, std::size_t n) {
    if (ids.size() != times_ms.size()) {
        throw ConfigError("spike table has " + std::to_string(times_ms.size()) + " times but " +
                          std::to_string(ids.size()) + " ids");
    }
    SpikeSet s;
    s.times_ms = std::move(times_ms);
    s.neurons.reserve(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (!(ids[k] >= 1 && ids[k] <= static_cast<double>(n)) || std::floor(ids[k]) != ids[k]) {
            throw ConfigError("spike id " + format_number(ids[k]) + " at position " + std::to_string(k + 1) +
                              " is outside 1.." + std::to_string(n));
        }
        s.neurons.push_back(static_cast<std::int32_t>(ids[k]) - 1);
    }
    return s;
}

SparseBinarySequence sparse_sequence(double length, std::span<const double> ones) {
    if (!(length >= 0) || std::floor(length) != length || length > 9.0e15)
        throw ConfigError("length must be a whole number >= 0");
    SparseBinarySequence seq;
    seq.length = static_cast<std::size_t>(length);
    seq.ones.reserve(ones.size());
    for (std::size_t k = 0; k < ones.size(); ++k) {
        if (!(ones[k] >= 1 && ones[k] <= length) || std::floor(ones[k]) != ones[k] ||
            (k > 0 && ones[k] <= ones[k - 1])) {
            throw ConfigError("ones must be increasing positions in 1..length, got " + format_number(ones[k]) +
                              " at position " + std::to_string(k + 1));
        }
        seq.ones.push_back(static_cast<std::size_t>(ones[k]) - 1);
    }
    return seq;
}

std::vector<std::int32_t> symbol_sequence(std::span<const double> values) {
    std::vector<std::int32_t> symbols;
    symbols.reserve(values.size());
    for (double x : values) {
        if (std::floor(x) != x || x < 0 || x > INT32_MAX)
            throw ConfigError("symbols must be integers >= 0, got " + format_number(x));
        symbols.push_back(static_cast<std::int32_t>(x));
    }
    return symbols;
}

LzComplexity lz_complexity(std::span<const std::int32_t> symbols, const LzRequest& r) {
    if (r.method == LzMethod::dictionary) return {dictionary_parse_phrases(symbols, r.tail), symbols.size(), 0, 0.0};
    const Lz76 z = lz76(symbols, r.alphabet);
    return {z.phrases, z.length, z.alphabet_size, z.normalized};
}

LzComplexity lz_complexity(const SparseBinarySequence& seq, const LzRequest& r) {
    if (r.method == LzMethod::dictionary) return {dictionary_parse_phrases(seq, r.tail), seq.length, 0, 0.0};
    const Lz76 z = lz76(seq);
    return {z.phrases, z.length, z.alphabet_size,
            r.alphabet ? lz76_normalize(z.phrases, z.length, r.alphabet) : z.normalized};
}

} // namespace chaoslab
