// LZ76 by an online suffix automaton, LZ76 of sparse 0/1 sequences over run-length tokens, and the seed's
// dictionary parse by a trie (definitions and references in lz.hpp).
#include "measures/lz.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

namespace chaoslab {
namespace {

constexpr std::int32_t kNone = -1;
// Small alphabets (binary, DNA-like, decimal digits) keep k child slots per state in one flat array;
// larger ones use a hash map plus per-state edge lists (a suffix-automaton clone must copy all edges).
constexpr std::size_t kFlatAlphabetMax = 10;
// States are int32; a suffix automaton needs up to 2n states.
constexpr std::size_t kMaxLength = std::size_t{1} << 30;

class FlatTransitions {
public:
    explicit FlatTransitions(std::size_t k) : k_(k) {}
    void reserve(std::size_t states) { next_.reserve(states * k_); }
    void add_state() { next_.resize(next_.size() + k_, kNone); }
    std::int32_t get(std::int32_t s, std::uint32_t c) const { return next_[static_cast<std::size_t>(s) * k_ + c]; }
    void set(std::int32_t s, std::uint32_t c, std::int32_t t) { next_[static_cast<std::size_t>(s) * k_ + c] = t; }
    void copy_edges(std::int32_t from, std::int32_t to) {
        std::copy_n(next_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(from) * k_), k_,
                    next_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(to) * k_));
    }

private:
    std::size_t k_;
    std::vector<std::int32_t> next_;
};

class HashedTransitions {
public:
    explicit HashedTransitions(std::size_t) {}
    void reserve(std::size_t states) {
        head_.reserve(states);
        edges_.reserve(states * 2);
        index_.reserve(states * 2);
    }
    void add_state() { head_.push_back(kNone); }
    std::int32_t get(std::int32_t s, std::uint32_t c) const {
        const auto it = index_.find(key(s, c));
        return it == index_.end() ? kNone : edges_[it->second].target;
    }
    void set(std::int32_t s, std::uint32_t c, std::int32_t t) {
        const auto [it, inserted] = index_.try_emplace(key(s, c), static_cast<std::uint32_t>(edges_.size()));
        if (inserted) {
            edges_.push_back({c, t, head_[static_cast<std::size_t>(s)]});
            head_[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(it->second);
        } else {
            edges_[it->second].target = t;
        }
    }
    void copy_edges(std::int32_t from, std::int32_t to) {
        for (std::int32_t e = head_[static_cast<std::size_t>(from)]; e != kNone;) {
            const Edge edge = edges_[static_cast<std::size_t>(e)]; // copy: set() may reallocate edges_
            set(to, edge.symbol, edge.target);
            e = edge.next;
        }
    }

private:
    struct Edge {
        std::uint32_t symbol;
        std::int32_t target;
        std::int32_t next;
    };
    static std::uint64_t key(std::int32_t s, std::uint32_t c) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(s)) << 32) | c;
    }
    std::vector<std::int32_t> head_;
    std::vector<Edge> edges_;
    std::unordered_map<std::uint64_t, std::uint32_t> index_;
};

// Suffix automaton (Blumer et al. 1985) built one symbol at a time. append() reports a clone, because a
// caller holding the state of some suffix must follow it when its strings move to the clone.
template <class Transitions> class SuffixAutomaton {
public:
    SuffixAutomaton(std::size_t k, std::size_t n) : next_(k) {
        next_.reserve(2 * n + 1);
        len_.reserve(2 * n + 1);
        link_.reserve(2 * n + 1);
        new_state(0, kNone);
    }
    std::int32_t get(std::int32_t s, std::uint32_t c) const { return next_.get(s, c); }
    std::int32_t len(std::int32_t s) const { return len_[static_cast<std::size_t>(s)]; }

    struct Clone {
        std::int32_t original = kNone;
        std::int32_t clone = kNone;
    };
    Clone append(std::uint32_t c) {
        const std::int32_t cur = new_state(len(last_) + 1, kNone);
        std::int32_t p = last_;
        while (p != kNone && next_.get(p, c) == kNone) {
            next_.set(p, c, cur);
            p = link(p);
        }
        Clone result;
        if (p == kNone) {
            set_link(cur, 0);
        } else {
            const std::int32_t q = next_.get(p, c);
            if (len(p) + 1 == len(q)) {
                set_link(cur, q);
            } else {
                const std::int32_t clone = new_state(len(p) + 1, link(q));
                next_.copy_edges(q, clone);
                while (p != kNone && next_.get(p, c) == q) {
                    next_.set(p, c, clone);
                    p = link(p);
                }
                set_link(q, clone);
                set_link(cur, clone);
                result = {q, clone};
            }
        }
        last_ = cur;
        return result;
    }

private:
    std::int32_t link(std::int32_t s) const { return link_[static_cast<std::size_t>(s)]; }
    void set_link(std::int32_t s, std::int32_t t) { link_[static_cast<std::size_t>(s)] = t; }
    std::int32_t new_state(std::int32_t len, std::int32_t link) {
        next_.add_state();
        len_.push_back(len);
        link_.push_back(link);
        return static_cast<std::int32_t>(len_.size() - 1);
    }
    Transitions next_;
    std::vector<std::int32_t> len_;
    std::vector<std::int32_t> link_;
    std::int32_t last_ = 0;
};

// Symbols renumbered 0..k-1 in increasing order of value (LZ counts do not depend on the labels).
struct Renumbered {
    std::vector<std::uint32_t> ids;
    std::size_t alphabet = 0;
};

Renumbered renumber(std::span<const std::int32_t> symbols) {
    Renumbered out;
    out.ids.resize(symbols.size());
    if (symbols.empty()) return out;
    const auto [lo_it, hi_it] = std::minmax_element(symbols.begin(), symbols.end());
    const std::int64_t lo = *lo_it;
    const std::int64_t span = static_cast<std::int64_t>(*hi_it) - lo + 1;
    if (span <= static_cast<std::int64_t>(4 * symbols.size() + 1024)) {
        std::vector<std::uint32_t> table(static_cast<std::size_t>(span), 0);
        for (const std::int32_t x : symbols) table[static_cast<std::size_t>(x - lo)] = 1;
        std::uint32_t next = 0;
        for (auto& t : table) t = t ? next++ : 0;
        out.alphabet = next;
        for (std::size_t i = 0; i < symbols.size(); ++i) out.ids[i] = table[static_cast<std::size_t>(symbols[i] - lo)];
        return out;
    }
    std::vector<std::int32_t> values(symbols.begin(), symbols.end());
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    out.alphabet = values.size();
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        out.ids[i] =
            static_cast<std::uint32_t>(std::lower_bound(values.begin(), values.end(), symbols[i]) - values.begin());
    }
    return out;
}

void check_length(std::size_t n, const char* what) {
    if (n >= kMaxLength) {
        throw ConfigError(std::string(what) + ": sequence too long (" + format_number(static_cast<double>(n)) +
                          " symbols, at most 2^30 - 1)");
    }
}

// LZ76 phrases: the phrase at i is one longer than the longest previous factor LPF(i), the longest prefix of
// s[i..] occurring at some start j < i. The automaton always holds exactly s[0..i+len-1] while the match
// s[i..i+len-1] grows, so a transition on s[i+len] tests an occurrence ending at most at i+len-1, i.e.
// starting before i (overlap with the phrase allowed, as Kaspar & Schuster's SQπ test does).
template <class Transitions> std::size_t lz76_sam(const std::vector<std::uint32_t>& s, std::size_t k) {
    const std::size_t n = s.size();
    SuffixAutomaton<Transitions> sam(k, n);
    std::size_t built = 0; // the automaton holds s[0..built-1]
    std::size_t phrases = 0;
    std::size_t i = 0;
    while (i < n) {
        std::int32_t v = 0; // state of s[i..i+len-1]
        std::size_t len = 0;
        while (i + len < n) {
            const std::int32_t w = sam.get(v, s[i + len]);
            if (w == kNone) break;
            v = w;
            ++len;
            const auto clone = sam.append(s[built++]);
            // Strings of the split state up to the clone's length now live in the clone.
            if (clone.original == v && static_cast<std::int32_t>(len) <= sam.len(clone.clone)) v = clone.clone;
        }
        ++phrases;
        const std::size_t end = std::min(n, i + len + 1);
        while (built < end) sam.append(s[built++]);
        i = end;
    }
    return phrases;
}

// Fenwick tree for "maximum value among keys >= r" with insertions only (keys are ranks 0..size-1).
class SuffixMaxFenwick {
public:
    explicit SuffixMaxFenwick(std::size_t size) : tree_(size + 1, -1) {}
    void insert(std::size_t rank, std::int64_t value) {
        for (std::size_t p = tree_.size() - 1 - rank; p < tree_.size(); p += p & (~p + 1)) {
            tree_[p] = std::max(tree_[p], value);
        }
    }
    // Maximum over ranks >= rank; -1 if none.
    std::int64_t query(std::size_t rank) const {
        std::int64_t best = -1;
        for (std::size_t p = tree_.size() - 1 - rank; p > 0; p -= p & (~p + 1)) best = std::max(best, tree_[p]);
        return best;
    }

private:
    std::vector<std::int64_t> tree_;
};

template <class Emit>
std::size_t dictionary_parse(std::size_t n, std::size_t k, DictionaryTail tail, Emit&& symbol_at) {
    // The phrase set is prefix-closed (a phrase is added only after all its proper prefixes were found in
    // the set), so it is a trie and "is s[i..i+L-1] a known phrase" is one step down from s[i..i+L-2].
    auto parse = [&](auto transitions) {
        transitions.reserve(n / 4 + 1);
        transitions.add_state();
        std::int32_t states = 1;
        std::int32_t node = 0;
        std::size_t phrases = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t c = symbol_at(i);
            const std::int32_t child = transitions.get(node, c);
            if (child == kNone) {
                transitions.add_state();
                transitions.set(node, c, states++);
                ++phrases;
                node = 0;
            } else {
                node = child;
            }
        }
        if (node != 0 && tail == DictionaryTail::counted) ++phrases;
        return phrases;
    };
    return k <= kFlatAlphabetMax ? parse(FlatTransitions(std::max<std::size_t>(k, 1))) : parse(HashedTransitions(k));
}

} // namespace

std::vector<std::int32_t> to_dense(const SparseBinarySequence& seq) {
    std::vector<std::int32_t> bits(seq.length, 0);
    for (const std::size_t p : seq.ones) {
        if (p >= seq.length) throw ConfigError("to_dense: position of a one beyond the sequence length");
        bits[p] = 1;
    }
    return bits;
}

SparseBinarySequence to_sparse(std::span<const std::int32_t> bits) {
    SparseBinarySequence seq;
    seq.length = bits.size();
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (bits[i] == 1) {
            seq.ones.push_back(i);
        } else if (bits[i] != 0) {
            throw ConfigError("to_sparse: symbols must be 0 or 1, got " + format_number(bits[i]));
        }
    }
    return seq;
}

double lz76_normalize(std::size_t phrases, std::size_t length, std::size_t alphabet_size) {
    if (alphabet_size < 2) {
        throw ConfigError("lz76: alphabet size must be >= 2, got " + format_number(static_cast<double>(alphabet_size)));
    }
    if (length < 2) return 0.0;
    const double n = static_cast<double>(length);
    return static_cast<double>(phrases) * std::log(n) / std::log(static_cast<double>(alphabet_size)) / n;
}

namespace {

std::size_t lz76_renumbered(const Renumbered& r) {
    if (r.alphabet <= kFlatAlphabetMax) return lz76_sam<FlatTransitions>(r.ids, std::max<std::size_t>(r.alphabet, 1));
    return lz76_sam<HashedTransitions>(r.ids, r.alphabet);
}

} // namespace

std::size_t lz76_phrases_dense(std::span<const std::int32_t> symbols) {
    check_length(symbols.size(), "lz76");
    return lz76_renumbered(renumber(symbols));
}

Lz76 lz76(std::span<const std::int32_t> symbols, std::size_t alphabet_size) {
    check_length(symbols.size(), "lz76");
    const Renumbered r = renumber(symbols);
    if (alphabet_size != 0 && alphabet_size < r.alphabet) {
        throw ConfigError("lz76: alphabet size " + format_number(static_cast<double>(alphabet_size)) +
                          " is smaller than the " + format_number(static_cast<double>(r.alphabet)) +
                          " distinct symbols present");
    }
    Lz76 out;
    out.length = symbols.size();
    out.alphabet_size = alphabet_size != 0 ? alphabet_size : std::max<std::size_t>(r.alphabet, 2);
    out.phrases = lz76_renumbered(r);
    out.normalized = lz76_normalize(out.phrases, out.length, out.alphabet_size);
    return out;
}

namespace {

// Run-length LZ76. Write s = t_0 t_1 ... t_{m-1} t_m with tokens t_j = 0^{z_j} 1 (j < m) and the final
// t_m = 0^{z_m} (no one). For a phrase start i inside token j with r zeros left before its one (offset
// o = z_j - r into the run), every earlier start p falls into one of two classes:
//  - "aligned": p is the start of the last r zeros of a token j' < j with z_{j'} >= r. Its match is
//    r + 1 + F(j'+1, j+1), where F(a, b) = sum of (z+1) over the e tokens t_{a..a+e-1} = t_{b..b+e-1} that
//    agree in full, plus min(z_{a+e}, z_{b+e}) zeros of the first token that differs (or the end).
//  - any other p: its zero run is longer (match exactly r, the one of t_j is then unmatched) or shorter
//    (match = its length < r). Such a p exists with a longer run iff o > 0 (p = i-1) or an aligned p exists.
// Hence LPF(i) = max over aligned p if any; else r if o > 0; else max_{j'<j} z_{j'} (all < r). For the last
// token LPF = r if o > 0 or some earlier run has >= r zeros, else the longest earlier run. Among aligned
// candidates more full tokens always win (a partial match is < z+1), so e >= 1 candidates need
// z_{j'+1} = z_{j+1} (scanned from a bucket of equal run lengths, typically short for irregular spike
// differences) and the best e = 0 candidate is min(z_{j+1}, max{z_{j'+1} : j' < j, z_{j'} >= r}) from a
// Fenwick tree. Work: O(m log m) plus the bucket scans, which are O(m^2) only for very repetitive tokens.
// Verified against a brute-force O(n^2) parse in tests/unit/test_lz.cpp.
// Returns 0 (a non-empty sequence has >= 1 phrase) when the candidate scans exceed `budget` steps.
std::size_t run_length_parse(const SparseBinarySequence& seq, std::size_t budget) {
    const std::size_t n = seq.length;
    const std::size_t m = seq.ones.size();
    if (n == 0) return 0;
    std::vector<std::int64_t> z(m + 1);
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t begin = j == 0 ? 0 : seq.ones[j - 1] + 1;
        if (seq.ones[j] < begin || seq.ones[j] >= n) {
            throw ConfigError("lz76: positions of ones must be strictly increasing and below the length");
        }
        z[j] = static_cast<std::int64_t>(seq.ones[j] - begin);
    }
    z[m] = static_cast<std::int64_t>(n - (m == 0 ? 0 : seq.ones[m - 1] + 1));

    // Buckets of token indices a in 1..m-1 (tokens with a one) by run length, each in increasing order.
    std::vector<std::pair<std::int64_t, std::uint32_t>> by_value;
    by_value.reserve(m);
    for (std::size_t a = 1; a < m; ++a) by_value.emplace_back(z[a], static_cast<std::uint32_t>(a));
    std::sort(by_value.begin(), by_value.end());

    // Ranks of z_{j'} (j' < m) for the Fenwick keys: the distinct values of the sorted z_1..z_{m-1}
    // with z_0 merged in (one sort for both; sorting the keys apart cost a tenth of a point's measures).
    // rank_of[a] is the rank of z_a itself, known here without a search.
    std::vector<std::int64_t> keys;
    keys.reserve(m);
    std::vector<std::uint32_t> rank_of(m);
    bool z0_placed = m == 0;
    auto add_key = [&](std::int64_t value) {
        if (keys.empty() || keys.back() != value) keys.push_back(value);
        return static_cast<std::uint32_t>(keys.size() - 1);
    };
    for (const auto& [value, a] : by_value) {
        if (!z0_placed && z[0] <= value) {
            rank_of[0] = add_key(z[0]);
            z0_placed = true;
        }
        rank_of[a] = add_key(value);
    }
    if (!z0_placed) rank_of[0] = add_key(z[0]);
    auto rank_at_least = [&](std::int64_t r) {
        return static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), r) - keys.begin());
    };
    SuffixMaxFenwick fenwick(keys.size());
    std::vector<std::uint32_t> bucket_begin(m + 1, 0); // index into by_value of the bucket of token a
    for (std::size_t q = 0; q < by_value.size(); ++q) {
        bucket_begin[by_value[q].second] = q > 0 && by_value[q - 1].first == by_value[q].first
                                               ? bucket_begin[by_value[q - 1].second]
                                               : static_cast<std::uint32_t>(q);
    }

    std::size_t work = 0;
    auto full_match = [&](std::size_t a, std::size_t b) { // F(a, b), a < b <= m
        std::int64_t f = 0;
        while (b < m && z[a] == z[b]) {
            f += z[a] + 1;
            ++a;
            ++b;
            ++work;
        }
        return f + std::min(z[a], z[b]);
    };

    std::size_t phrases = 0;
    std::size_t i = 0;
    std::size_t j = 0;        // token containing i
    std::size_t inserted = 0; // tokens j' < inserted are in the Fenwick tree
    std::int64_t longest_run = -1;
    while (i < n) {
        while (j < m && i > seq.ones[j]) ++j;
        for (; inserted < j; ++inserted) {
            fenwick.insert(rank_of[inserted], z[inserted + 1]);
            longest_run = std::max(longest_run, z[inserted]);
        }
        const std::size_t begin = j == 0 ? 0 : seq.ones[j - 1] + 1;
        const bool inside_run = i > begin;
        const std::int64_t r = static_cast<std::int64_t>((j < m ? seq.ones[j] : n) - i);
        std::int64_t lpf = 0;
        if (j == m) {
            lpf = inside_run || longest_run >= r ? r : std::max<std::int64_t>(longest_run, 0);
        } else {
            const std::size_t rank = rank_at_least(r);
            const std::int64_t next_after = rank < keys.size() ? fenwick.query(rank) : -1;
            if (next_after >= 0) { // an aligned candidate exists
                std::int64_t best = std::min(next_after, z[j + 1]);
                if (j + 1 < m) {
                    for (std::size_t q = bucket_begin[j + 1]; q < by_value.size() && by_value[q].first == z[j + 1];
                         ++q) {
                        const std::size_t a = by_value[q].second;
                        if (a > j) break;
                        if (z[a - 1] >= r) best = std::max(best, full_match(a, j + 1));
                        ++work;
                    }
                    if (work > budget) return 0;
                }
                lpf = r + 1 + best;
            } else {
                lpf = inside_run ? r : std::max<std::int64_t>(longest_run, 0);
            }
        }
        ++phrases;
        i = std::min(n, i + static_cast<std::size_t>(lpf) + 1);
    }
    return phrases;
}

} // namespace

std::size_t lz76_phrases_run_length(const SparseBinarySequence& seq) {
    return run_length_parse(seq, std::numeric_limits<std::size_t>::max());
}

Lz76 lz76(const SparseBinarySequence& seq) {
    check_length(seq.length, "lz76");
    Lz76 out;
    out.length = seq.length;
    out.alphabet_size = 2;
    // The run-length path is tried with a budget of one scan step per symbol (a step costs a fraction of an
    // automaton step), and the automaton takes over when equal run lengths make the scans long (dense or
    // regular data): never much slower than the dense path, and ~ones·log(ones) on irregular sparse data.
    if (seq.ones.size() * 4 <= seq.length) out.phrases = run_length_parse(seq, seq.length);
    if (out.phrases == 0 && seq.length > 0) {
        const std::vector<std::int32_t> bits = to_dense(seq);
        out.phrases = lz76_phrases_dense(bits);
    }
    out.normalized = lz76_normalize(out.phrases, out.length, out.alphabet_size);
    return out;
}

std::size_t dictionary_parse_phrases(std::span<const std::int32_t> symbols, DictionaryTail tail) {
    check_length(symbols.size(), "dictionary_parse");
    const Renumbered r = renumber(symbols);
    return dictionary_parse(r.ids.size(), r.alphabet, tail, [&](std::size_t i) { return r.ids[i]; });
}

std::size_t dictionary_parse_phrases(const SparseBinarySequence& seq, DictionaryTail tail) {
    check_length(seq.length, "dictionary_parse");
    // The parse reads each position once, in order, so the ones are consumed by a moving cursor.
    std::size_t cursor = 0;
    return dictionary_parse(seq.length, 2, tail, [&](std::size_t i) -> std::uint32_t {
        if (cursor < seq.ones.size() && seq.ones[cursor] == i) {
            ++cursor;
            return 1;
        }
        return 0;
    });
}

std::vector<std::int32_t> decimal_digits_of_ids(std::span<const std::int32_t> ids) {
    std::vector<std::int32_t> digits;
    digits.reserve(ids.size() * 2);
    for (const std::int32_t id : ids) {
        if (id < 0) throw ConfigError("decimal_digits_of_ids: symbol ids must be >= 0, got " + format_number(id));
        for (const char ch : std::to_string(id)) digits.push_back(ch - '0');
    }
    return digits;
}

std::size_t seed_lz_spatial_patterns(std::span<const std::int32_t> ids) {
    const std::vector<std::int32_t> digits = decimal_digits_of_ids(ids);
    return dictionary_parse_phrases(digits, DictionaryTail::dropped);
}

} // namespace chaoslab
