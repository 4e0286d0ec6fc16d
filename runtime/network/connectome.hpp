// The connectome graph type: a directed weighted graph of neurons with cell types and regions, its
// invariants, canonical edge order, induced sub-graphs, Dale signs and Sinkhorn balancing. Files
// holding it are read and written by io/connectome.hpp.
#pragma once

#include "core/enum_names.hpp"
#include "network/synapses.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

// A directed weighted graph of n neurons; edge k is pre[k] -> post[k] (0-based neuron indices),
// i.e. the coupling J[post][pre] = weight[k]: d x_post / dt gets weight * phi(x_pre).
// Canonical order (what every reader returns): edges sorted by post, then pre (row-major in J),
// with no two edges between the same ordered pair.
struct Connectome {
    std::vector<std::int64_t> ids;    // original neuron id of each index (n entries)
    std::vector<std::string> types;   // cell type per neuron ("" unknown), or empty: no types known
    std::vector<std::string> regions; // region per neuron ("" unknown), or empty: no regions known
    std::vector<double> sign;         // +1/-1 per neuron once signs were applied, else empty
    std::vector<std::size_t> pre, post;
    std::vector<double> weight;

    std::size_t size() const { return ids.size(); }
    std::size_t edges() const { return weight.size(); }
};

// How the weights are balanced: see normalize_connectome.
enum class Normalization { none, sinkhorn, sinkhorn_seed004 };

// Checks the invariants (sizes, ranges, finite weights, unique ids) with messages starting
// "<fn>: "; does not require canonical order.
void validate_connectome(const std::string& fn, const Connectome& c);

// Sorts edges into canonical order; equal pairs are summed (Duplicates::sum) or reported through
// `describe(k)` ("line 7") of the two original positions k (Duplicates::reject).
// `prefix` starts the message ("connectome.read: 'x.csv' ").
void canonicalize_edges(Connectome& c, Duplicates how, const std::string& prefix,
                        const std::function<std::string(std::size_t)>& describe);

// The induced sub-graph on the neurons with keep[i] (same order), ids/types/regions/sign kept.
Connectome induced_subgraph(const Connectome& c, const std::vector<bool>& keep);

// Dale's law: sign[i] = signs[types[i]], and every outgoing weight of i becomes sign[i] * |w|.
// A type missing from `signs` (or no types at all) is a ConfigError from `fn`.
void apply_signs(const std::string& fn, Connectome& c, const std::vector<std::pair<std::string, double>>& signs);

// Sinkhorn balancing of J (rows = post, columns = pre). The excitatory part P = max(J, 0) and
// the inhibitory part M = max(-J, 0) are balanced separately and J becomes P - M. One sweep
// divides every row of a part by its sum, then every column by its sum (rows or columns with a
// zero sum are left alone); sums add the entries in canonical edge order.
//  - sinkhorn: at most `iterations` sweeps, stopping after the first sweep at whose end every
//    non-empty row sum is within 1e-12 of 1 (column sums are 1 right after the column step).
//  - sinkhorn_seed004: FlyStability's variant (seed 004): rows and columns are divided by *twice*
//    their sums, always exactly `iterations` sweeps (its convergence test against 1 never passes:
//    the sums tend to 0.5). Column sums end at 0.5.
// Returns the number of sweeps done.
int normalize_connectome(Connectome& c, Normalization how, int iterations);

// The names options give the normalisations.
inline constexpr EnumName<Normalization> kNormalizationNames[] = {
    {"none", Normalization::none},
    {"sinkhorn", Normalization::sinkhorn},
    {"sinkhorn_seed004", Normalization::sinkhorn_seed004}};
// Sweeps of a normalisation when option 'iterations' is not given.
inline constexpr std::int64_t kDefaultSinkhornSweeps = 10;

// The sweeps normalize_connectome runs for option 'iterations' of function `fn`: given only with a
// normalisation ("<fn>: option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'"),
// kDefaultSinkhornSweeps when absent, at most 10^6 (more are cut to 10^6).
int normalization_sweeps(const std::string& fn, Normalization how, std::optional<std::int64_t> iterations);

// A weight as text that reads back bit for bit (%.17g; "nan" for any NaN).
std::string format_weight(double w);

} // namespace chaoslab
