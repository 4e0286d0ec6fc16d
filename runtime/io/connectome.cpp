// Format-independent connectome file work (see connectome.hpp): reading a file and applying the
// neuron table, selection, signs and normalisation; validating and writing.
#include "io/connectome.hpp"

#include "core/errors.hpp"
#include "io/connectome_formats.hpp"
#include "io/h5_util.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace chaoslab {

using namespace connectome_detail;

namespace {

std::string id_text(std::int64_t id) { return std::to_string(id); }

// The index of `id` among sorted (id, index) pairs, or npos.
std::size_t find_id(const std::vector<std::pair<std::int64_t, std::size_t>>& sorted, std::int64_t id) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), std::make_pair(id, std::size_t{0}));
    return it != sorted.end() && it->first == id ? it->second : std::string::npos;
}

std::vector<std::pair<std::int64_t, std::size_t>> id_index(const std::vector<std::int64_t>& ids) {
    std::vector<std::pair<std::int64_t, std::size_t>> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) out[i] = {ids[i], i};
    std::sort(out.begin(), out.end());
    return out;
}

std::string list_names(const std::set<std::string>& names) {
    std::string out;
    std::size_t shown = 0;
    for (const std::string& s : names) {
        if (shown == 10) {
            out += ", ...";
            break;
        }
        if (shown++) out += ", ";
        out += s;
    }
    return out;
}

// The neuron table's types and regions for the neurons it names (a matrix file's neurons must
// include every id of the table; a CSV edge list's neurons already do).
void attach_table(Connectome& c, const NeuronTable& table, const std::string& table_path, const std::string& path) {
    const auto index = id_index(c.ids);
    if (table.has_type && c.types.empty()) c.types.assign(c.size(), "");
    if (table.has_region && c.regions.empty()) c.regions.assign(c.size(), "");
    for (std::size_t k = 0; k < table.ids.size(); ++k) {
        const std::size_t i = find_id(index, table.ids[k]);
        if (i == std::string::npos) {
            fail_line("connectome.read", table_path, table.line[k],
                      "id " + id_text(table.ids[k]) + " is not a neuron of '" + path + "'");
        }
        if (table.has_type) c.types[i] = table.types[k];
        if (table.has_region) c.regions[i] = table.regions[k];
    }
}

// Neurons kept by the region and select options (both must pass).
std::vector<bool> selection(const Connectome& c, const ConnectomeReadOptions& o, const std::string& path) {
    const std::string fn = "connectome.read";
    std::vector<bool> keep(c.size(), true);
    if (!o.regions.empty()) {
        if (c.regions.empty()) {
            throw ConfigError(fn + ": option 'region' needs the neurons' regions, and '" + path +
                              "' has none: give a neuron table with a 'region' column (option 'neurons') or a "
                              "'regions' dataset in the HDF5 file");
        }
        const std::set<std::string> wanted(o.regions.begin(), o.regions.end());
        std::set<std::string> present;
        for (const std::string& r : c.regions)
            if (!r.empty()) present.insert(r);
        for (const std::string& r : o.regions) {
            if (!present.contains(r)) {
                throw ConfigError(fn + ": option 'region': no neuron is in region '" + r +
                                  "' (regions: " + list_names(present) + ")");
            }
        }
        for (std::size_t i = 0; i < c.size(); ++i) keep[i] = wanted.contains(c.regions[i]);
    }
    if (o.select) {
        const auto index = id_index(c.ids);
        std::vector<bool> chosen(c.size(), false);
        for (const std::int64_t id : *o.select) {
            const std::size_t i = find_id(index, id);
            if (i == std::string::npos)
                throw ConfigError(fn + ": option 'select': id " + id_text(id) + " is not a neuron of '" + path + "'");
            if (chosen[i]) throw ConfigError(fn + ": option 'select' lists id " + id_text(id) + " twice");
            chosen[i] = true;
        }
        for (std::size_t i = 0; i < c.size(); ++i) keep[i] = keep[i] && chosen[i];
    }
    return keep;
}

// "<fn>: option 'orientation' ..." when one is given for a csv edge list.
void check_orientation(const std::string& fn, ConnectomeFormat format, const std::optional<Orientation>& orientation) {
    if (orientation && format == ConnectomeFormat::csv)
        throw ConfigError(fn +
                          ": option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list");
}

} // namespace

const char* format_name(ConnectomeFormat f) { return enum_text<ConnectomeFormat>(kConnectomeFormatNames, f); }

ConnectomeFormat format_from_path(const std::string& fn, const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t dot = path.find_last_of('.');
    std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? "" : path.substr(dot);
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext == ".csv") return ConnectomeFormat::csv;
    if (ext == ".mtx") return ConnectomeFormat::mtx;
    if (ext == ".h5" || ext == ".hdf5") return ConnectomeFormat::h5;
    throw ConfigError(fn + ": cannot tell the format of '" + path +
                      "' from its extension (.csv, .mtx, .h5 or .hdf5): give option 'format'");
}

ConnectomeFormat check_read_options(const std::string& path, const ConnectomeReadOptions& o) {
    const std::string fn = "connectome.read";
    const ConnectomeFormat format = o.format ? *o.format : format_from_path(fn, path);
    check_orientation(fn, format, o.orientation);
    normalization_sweeps(fn, o.normalize, o.iterations);
    if (o.group && format != ConnectomeFormat::h5)
        throw ConfigError(fn + ": option 'group' applies to h5 files only, not " + format_name(format));
    return format;
}

ConnectomeFormat check_write_options(const std::string& path, std::optional<ConnectomeFormat> format,
                                     const ConnectomeWriteOptions& o) {
    const std::string fn = "connectome.write";
    const ConnectomeFormat f = format ? *format : format_from_path(fn, path);
    check_orientation(fn, f, o.orientation);
    return f;
}

std::vector<std::int64_t> connectome_ids(const std::string& fn, std::optional<std::size_t> n,
                                         std::optional<std::vector<std::int64_t>> ids) {
    if (ids) {
        if (n && ids->size() != *n) {
            throw ConfigError(fn + ": c.ids has " + std::to_string(ids->size()) +
                              " entries, but c.n = " + std::to_string(*n));
        }
        return std::move(*ids);
    }
    if (!n) throw ConfigError(fn + ": c.n (the number of neurons) is required");
    std::vector<std::int64_t> out(*n);
    std::iota(out.begin(), out.end(), std::int64_t{1});
    return out;
}

Connectome read_connectome(const std::string& path, const ConnectomeReadOptions& o) {
    const std::string fn = "connectome.read";
    const ConnectomeFormat format = o.format ? *o.format : format_from_path(fn, path);
    const int sweeps = normalization_sweeps(fn, o.normalize, o.iterations);
    const Orientation orientation = o.orientation.value_or(kDefaultOrientation);
    NeuronTable table;
    const bool have_table = !o.neurons.empty();
    if (have_table) table = read_neuron_table(o.neurons);

    Connectome c;
    std::vector<std::size_t> origin;
    std::function<std::string(std::size_t)> describe;
    if (format == ConnectomeFormat::csv) {
        IdEdges e = read_csv_edges(path);
        std::vector<std::int64_t> ids;
        ids.reserve(2 * e.pre.size() + table.ids.size());
        ids.insert(ids.end(), e.pre.begin(), e.pre.end());
        ids.insert(ids.end(), e.post.begin(), e.post.end());
        ids.insert(ids.end(), table.ids.begin(), table.ids.end());
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        auto index_of = [&](std::int64_t id) {
            return static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
        };
        c.pre.resize(e.pre.size());
        c.post.resize(e.post.size());
        for (std::size_t k = 0; k < e.pre.size(); ++k) {
            c.pre[k] = index_of(e.pre[k]);
            c.post[k] = index_of(e.post[k]);
        }
        c.ids = std::move(ids);
        c.weight = std::move(e.weight);
        origin = std::move(e.line);
        describe = [](std::size_t line) { return "line " + std::to_string(line); };
    } else {
        MatrixRead r = format == ConnectomeFormat::mtx
                           ? read_mtx(path, orientation)
                           : read_h5_csr(path, o.group.value_or(kDefaultH5Group), orientation);
        c = std::move(r.c);
        origin = std::move(r.origin);
        if (format == ConnectomeFormat::mtx) {
            describe = [](std::size_t line) { return "line " + std::to_string(line); };
        } else {
            describe = [](std::size_t k) { return "indices[" + std::to_string(k) + "]"; };
        }
    }
    canonicalize_edges(c, o.duplicates, fn + ": '" + path + "' ", [&](std::size_t k) { return describe(origin[k]); });
    if (have_table) attach_table(c, table, o.neurons, path);

    if (!o.regions.empty() || o.select) c = induced_subgraph(c, selection(c, o, path));
    if (o.signs) apply_signs(fn, c, *o.signs);
    normalize_connectome(c, o.normalize, sweeps);
    return c;
}

void write_connectome(const std::string& path, const Connectome& c, ConnectomeFormat format,
                      const ConnectomeWriteOptions& o) {
    const std::string fn = "connectome.write";
    validate_connectome(fn, c);
    Connectome w = c;
    canonicalize_edges(w, Duplicates::reject, fn + ": ", [](std::size_t k) { return "edge " + std::to_string(k + 1); });
    if (!o.neurons.empty() && o.neurons == path)
        throw ConfigError(fn + ": option 'neurons' names the connectome file itself ('" + path + "')");
    const bool has_types = !w.types.empty(), has_regions = !w.regions.empty();
    if (format != ConnectomeFormat::h5 && o.neurons.empty() && (has_types || has_regions)) {
        const std::string what = has_types && has_regions ? "types and regions" : has_types ? "types" : "regions";
        throw ConfigError(fn + ": a " + (format == ConnectomeFormat::csv ? "CSV edge list" : "Matrix Market file") +
                          " cannot hold the neurons' " + what +
                          ": give option 'neurons' (a path) to write a neuron table as well");
    }
    if (format == ConnectomeFormat::csv && o.neurons.empty()) {
        std::vector<bool> linked(w.size(), false);
        for (std::size_t k = 0; k < w.edges(); ++k) linked[w.pre[k]] = linked[w.post[k]] = true;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (!linked[i]) {
                throw ConfigError(fn + ": neuron id " + id_text(w.ids[i]) +
                                  " has no edges, which a CSV edge list cannot hold: give option 'neurons' (a path) "
                                  "to write a neuron table as well");
            }
        }
    }
    if (format == ConnectomeFormat::mtx) {
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w.ids[i] != static_cast<std::int64_t>(i) + 1) {
                throw ConfigError(fn + ": a Matrix Market file numbers its neurons 1..n, but neuron " +
                                  std::to_string(i + 1) + " has id " + id_text(w.ids[i]) +
                                  ": write csv or h5 to keep the ids");
            }
        }
    }
    const Orientation orientation = o.orientation.value_or(kDefaultOrientation);
    h5::write_then_rename(fn, path, [&](const std::string& tmp) {
        switch (format) {
        case ConnectomeFormat::csv:
            write_csv_edges(tmp, w);
            break;
        case ConnectomeFormat::mtx:
            write_mtx(tmp, w, orientation);
            break;
        case ConnectomeFormat::h5:
            write_h5_csr(tmp, w, orientation);
            break;
        }
    });
    if (!o.neurons.empty()) {
        h5::write_then_rename(fn, o.neurons, [&](const std::string& tmp) { write_neuron_table(tmp, w); });
    }
}

} // namespace chaoslab
