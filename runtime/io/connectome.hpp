// Connectomes from files: CSV edge lists, Matrix Market and HDF5 CSR (readers and writers) and the
// read pipeline (neuron table, selection, signs, normalisation); the graph type and its operations
// live in network/connectome.hpp.
#pragma once

#include "core/enum_names.hpp"
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

// The names options give the formats and orientations.
inline constexpr EnumName<ConnectomeFormat> kConnectomeFormatNames[] = {
    {"csv", ConnectomeFormat::csv}, {"mtx", ConnectomeFormat::mtx}, {"h5", ConnectomeFormat::h5}};
inline constexpr EnumName<Orientation> kOrientationNames[] = {{"post_pre", Orientation::post_pre},
                                                              {"pre_post", Orientation::pre_post}};
// What a matrix file's orientation and an HDF5 file's group are when options do not say.
inline constexpr Orientation kDefaultOrientation = Orientation::post_pre;
inline constexpr char kDefaultH5Group[] = "/";

const char* format_name(ConnectomeFormat f); // "csv", "mtx", "h5"
// From the extension (case-insensitive): .csv, .mtx, .h5 / .hdf5; otherwise a ConfigError
// telling `fn`'s caller to give the format.
ConnectomeFormat format_from_path(const std::string& fn, const std::string& path);

// Options a caller did not give are empty optionals (so check_read_options can tell them apart).
struct ConnectomeReadOptions {
    std::optional<ConnectomeFormat> format;          // default: from the extension
    std::string neurons;                             // neuron table (CSV: id,type[,region]); "" = none
    std::vector<std::string> regions;                // keep only neurons in one of these regions (empty: all)
    std::optional<std::vector<std::int64_t>> select; // keep only these original ids
    std::optional<std::vector<std::pair<std::string, double>>> signs; // type -> +1 / -1
    std::optional<Orientation> orientation;                           // mtx, h5; default kDefaultOrientation
    Duplicates duplicates = Duplicates::reject;
    Normalization normalize = Normalization::none;
    std::optional<std::int64_t> iterations; // Sinkhorn sweeps: normalization_sweeps
    std::optional<std::string> group;       // HDF5 group holding the CSR datasets; default kDefaultH5Group
};

// The format of connectome.read(path, o) -- o.format, else from the extension -- after checking the
// options that apply to some formats only, with connectome.read's messages: orientation needs mtx or
// h5 ("option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list"),
// iterations a normalisation (normalization_sweeps, network/connectome_synthetic.hpp), group h5
// ("option 'group' applies to h5 files only, not csv"). read_connectome checks the iterations too but
// not the others: it ignores an orientation or group where they do not apply.
ConnectomeFormat check_read_options(const std::string& path, const ConnectomeReadOptions& o);

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
    std::string neurons;                    // also write a neuron table (id,type[,region]) to this path; "" = none
    std::optional<Orientation> orientation; // mtx, h5; default kDefaultOrientation
};

// The format of connectome.write(path, c, o) -- `format`, else from the extension -- after checking
// that an orientation is only given for mtx and h5 (connectome.write's message as for read).
ConnectomeFormat check_write_options(const std::string& path, std::optional<ConnectomeFormat> format,
                                     const ConnectomeWriteOptions& o);

// The neuron ids of a connectome given as a count n and/or a list of ids (connectome.write's table
// c): ids 1..n when only n is given, n = the number of ids when only ids are. Both missing, or
// disagreeing, is a ConfigError from `fn` ("<fn>: c.n (the number of neurons) is required",
// "<fn>: c.ids has 2 entries, but c.n = 3").
std::vector<std::int64_t> connectome_ids(const std::string& fn, std::optional<std::size_t> n,
                                         std::optional<std::vector<std::int64_t>> ids);

// Writes `c` (validated first: sizes, index ranges, finite weights, unique ids and edges) in
// canonical edge order, weights as %.17g (text) or float64 (HDF5), so reading the file back gives
// `c` bit for bit once sorted. Nothing is lost silently: types or regions need a neuron table
// (or HDF5), neurons without edges need a neuron table (CSV), Matrix Market needs ids 1..n.
// The file is written under a temporary name and renamed into place.
void write_connectome(const std::string& path, const Connectome& c, ConnectomeFormat format,
                      const ConnectomeWriteOptions& options);

} // namespace chaoslab
