// What the measures accept from scripts, checked in one place: spike sets numbered from 1, sparse 0/1
// sequences given by 1-based positions of their ones, symbol sequences, and LZ complexity of any of
// them with the method and normalisation chosen (chaoslab.lz).
#pragma once

#include "measures/lz.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chaoslab {

// A spike set with 0-based neuron ids, owning its data (SpikeView points into it).
struct SpikeSet {
    std::vector<double> times_ms;
    std::vector<std::int32_t> neurons;
};

// Spike times and ids as scripts number neurons (1..n); throws ConfigError "spike table has 3 times
// but 2 ids" or "spike id 4 at position 1 is outside 1..3".
SpikeSet spike_set(std::vector<double> times_ms, std::span<const double> ids, std::size_t n);

// {length = n, ones = increasing positions in 1..n}: "ones must be increasing positions in 1..length,
// got 3 at position 2", "length must be a whole number >= 0".
SparseBinarySequence sparse_sequence(double length, std::span<const double> ones);

// Integer symbols >= 0: "symbols must be integers >= 0, got 1.5".
std::vector<std::int32_t> symbol_sequence(std::span<const double> values);

struct LzRequest {
    LzMethod method = LzMethod::lz76;
    std::size_t alphabet = 0; // LZ76 normalisation base k; 0 = the symbols present (at least 2)
    DictionaryTail tail = DictionaryTail::dropped;
};

struct LzComplexity {
    std::size_t phrases = 0, length = 0;
    std::size_t alphabet = 0; // LZ76 only
    double normalized = 0.0;  // LZ76 only: c log_k(n) / n
};

LzComplexity lz_complexity(std::span<const std::int32_t> symbols, const LzRequest& r);
LzComplexity lz_complexity(const SparseBinarySequence& seq, const LzRequest& r);

} // namespace chaoslab
