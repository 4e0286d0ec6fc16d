// Connectomes from files: CSV edge lists, Matrix Market and HDF5 CSR (readers and writers), the
// selection of a sub-population, cell-type signs (Dale's law) and Sinkhorn normalisation. The
// result feeds rate networks as explicit couplings J[post][pre] = weight.
#pragma once

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

enum class ConnectomeFormat { csv, mtx, h5 };
// Matrix formats (Matrix Market, HDF5 CSR): rows are post-synaptic and columns pre-synaptic
// (post_pre, the default: the matrix is J itself) or the transpose (pre_post).
enum class Orientation { post_pre, pre_post };
// Two entries for the same pre -> post pair: Duplicates (network/synapses.hpp) -- reject (an error
// naming both places) or sum.
// See normalize_connectome.
enum class Normalization { none, sinkhorn, sinkhorn_seed004 };

const char* format_name(ConnectomeFormat f);
// From the extension (case-insensitive): .csv, .mtx, .h5 / .hdf5; otherwise a ConfigError
// telling `fn`'s caller to give the format.
ConnectomeFormat format_from_path(const std::string& fn, const std::string& path);

struct ConnectomeReadOptions {
    std::optional<ConnectomeFormat> format;          // default: from the extension
    std::string neurons;                             // neuron table (CSV: id,type[,region]); "" = none
    std::vector<std::string> regions;                // keep only neurons in one of these regions (empty: all)
    std::optional<std::vector<std::int64_t>> select; // keep only these original ids
    std::optional<std::vector<std::pair<std::string, double>>> signs; // type -> +1 / -1
    Orientation orientation = Orientation::post_pre;
    Duplicates duplicates = Duplicates::reject;
    Normalization normalize = Normalization::none;
    int iterations = 10;     // Sinkhorn sweeps (at most; see normalize_connectome)
    std::string group = "/"; // HDF5 group holding the CSR datasets
};

// Reads `path` and applies, in this order: the neuron table, the selection (region and select
// together: a neuron is kept when it passes both; the induced sub-graph, neurons in their
// original order), the signs, the normalisation. Errors are ConfigErrors starting
// "connectome.read: " and naming the file and line (text formats) or dataset (HDF5).
//
// Neurons: CSV edge list -> the union of the ids in the edges and in the neuron table, sorted
// ascending; Matrix Market -> ids 1..n (n from the size line); HDF5 -> dataset 'ids' if present,
// else 1..n. A neuron table given with a matrix format may only name neurons of the matrix.
Connectome read_connectome(const std::string& path, const ConnectomeReadOptions& options);

struct ConnectomeWriteOptions {
    std::string neurons; // also write a neuron table (id,type[,region]) to this path; "" = none
    Orientation orientation = Orientation::post_pre;
};

// Writes `c` (validated first: sizes, index ranges, finite weights, unique ids and edges) in
// canonical edge order, weights as %.17g (text) or float64 (HDF5), so reading the file back gives
// `c` bit for bit once sorted. Nothing is lost silently: types or regions need a neuron table
// (or HDF5), neurons without edges need a neuron table (CSV), Matrix Market needs ids 1..n.
// The file is written under a temporary name and renamed into place.
void write_connectome(const std::string& path, const Connectome& c, ConnectomeFormat format,
                      const ConnectomeWriteOptions& options);

// ---- building blocks (used by the reader and the synthetic generator; tested on their own) ----

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

} // namespace chaoslab
