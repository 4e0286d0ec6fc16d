// Connectomes from files: CSV edge lists, Matrix Market and HDF5 CSR (readers and writers) and the
// read pipeline (neuron table, selection, signs, normalisation); the graph type and its operations
// live in network/connectome.hpp.
#pragma once

#include "network/connectome.hpp"
#include "network/synapses.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

enum class ConnectomeFormat { csv, mtx, h5 };
// Matrix formats (Matrix Market, HDF5 CSR): rows are post-synaptic and columns pre-synaptic
// (post_pre, the default: the matrix is J itself) or the transpose (pre_post).
enum class Orientation { post_pre, pre_post };
// Two entries for the same pre -> post pair: Duplicates (network/synapses.hpp) -- reject (an error
// naming both places) or sum.
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

} // namespace chaoslab
