// Lempel-Ziv complexity of symbol sequences: the LZ76 phrase count of Kaspar & Schuster (the default) and the
// seed code's incremental-dictionary parse, both in linear time, plus a run-length path for sparse 0/1 sequences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chaoslab {

// A 0/1 sequence of `length` symbols stored as the sorted positions of its ones: spike-difference patterns
// are mostly zeros, so memory and (for LZ76) work scale with the ones, not with the length.
struct SparseBinarySequence {
    std::size_t length = 0;
    std::vector<std::size_t> ones; // strictly increasing, each < length
};

// Conversions between the sparse form and one int32 symbol (0 or 1) per position; to_sparse requires 0/1.
std::vector<std::int32_t> to_dense(const SparseBinarySequence& seq);
SparseBinarySequence to_sparse(std::span<const std::int32_t> bits);

// LZ76 complexity. Definition (Lempel & Ziv 1976, in the form of Kaspar & Schuster, Phys. Rev. A 36, 842,
// 1987): parse s left to right; a phrase starting at i is the shortest s[i..i+L-1] that does not occur in
// s[0..i+L-2] (a copy may overlap the phrase itself); the last phrase may be incomplete and still counts.
// c(n) is the number of phrases: "0001101001000101" = 0.001.10.100.1000.101 gives 6, a constant string 2.
// Normalised complexity C = c(n) / b(n) with b(n) = n / log_k(n), the asymptotic phrase count of a random
// sequence over k symbols, so C = c·log_k(n)/n (binary: c·log2(n)/n) tends to 1 for i.i.d. uniform symbols.
// Variants in the literature: some normalise with log2(n) for every alphabet, or by the mean c of shuffled
// surrogates; those are left to callers (lz76_normalize takes any k).
struct Lz76 {
    std::size_t phrases = 0;       // c(n), the last (possibly incomplete) phrase included
    std::size_t length = 0;        // n
    std::size_t alphabet_size = 0; // k used for the normalisation
    double normalized = 0.0;       // c·log_k(n)/n; 0 for n < 2
};

// c·log_k(n)/n; k must be >= 2 (ConfigError otherwise); 0 for n < 2.
double lz76_normalize(std::size_t phrases, std::size_t length, std::size_t alphabet_size);

// LZ76 of any integer sequence in O(n) (online suffix automaton giving the longest previous factor).
// alphabet_size = 0 takes k = number of distinct symbols present, at least 2; otherwise it must be at least
// that number (pass 2 for binary data that happens to be constant).
Lz76 lz76(std::span<const std::int32_t> symbols, std::size_t alphabet_size = 0);

// LZ76 of a binary sequence, k = 2. Tries the run-length path when ones are rare (work ~ ones, not length)
// with a budget of about one step per symbol, falling back to the dense path when the data are too dense or
// too regular for it; both give the same count.
Lz76 lz76(const SparseBinarySequence& seq);

// The two paths, exposed for tests and benchmarks.
std::size_t lz76_phrases_dense(std::span<const std::int32_t> symbols);
// Run-length path over the tokens 0^z·1 without the budget: O(m log m + candidate comparisons), m = number
// of ones; ~m log m on irregular sparse data, up to O(m^2) when many zero runs have equal lengths (lz.cpp).
std::size_t lz76_phrases_run_length(const SparseBinarySequence& seq);

enum class LzMethod {
    lz76,       // Kaspar & Schuster phrase count (default)
    dictionary, // the seed code's incremental-dictionary parse
};

// What the seed's dictionary parse does with a final piece of input that is an already known phrase:
// HEAD (v3.5+) drops it (the count is the number of distinct phrases), v1 counted it as one more phrase.
enum class DictionaryTail { dropped, counted };

// The seed code's "LZ" (spec 1.5 item 3; LZ78-style, *not* LZ76): the next phrase is the shortest
// s[i..i+L-1] not yet in the set of previously parsed phrases; it is added to the set. Only parsed phrases
// are searched, never arbitrary substrings. Check value: "0101011010" -> 5 (the loop parses 0.1.01.011.010;
// the spec's listing 0,1,01,010,10 + tail is not what its loop does); "01010110100" -> 5, or 6 with
// DictionaryTail::counted. The phrase set is prefix-closed, so a trie makes this O(n).
std::size_t dictionary_parse_phrases(std::span<const std::int32_t> symbols,
                                     DictionaryTail tail = DictionaryTail::dropped);
std::size_t dictionary_parse_phrases(const SparseBinarySequence& seq, DictionaryTail tail = DictionaryTail::dropped);

// The seed HEAD's `lz_spatial_patterns` quirk (spec 1.12 item 6): symbol ids are written as decimal numbers
// and concatenated ([3, 12, 1] -> "3121"), so [1, 12] and [11, 2] coincide. Only for reproducing its numbers.
std::vector<std::int32_t> decimal_digits_of_ids(std::span<const std::int32_t> ids); // ids must be >= 0
std::size_t seed_lz_spatial_patterns(std::span<const std::int32_t> ids);

} // namespace chaoslab
