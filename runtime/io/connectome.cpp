// Format-independent connectome work (see connectome.hpp): reading a file and applying the neuron
// table, selection, signs and normalisation; validating and writing; the Sinkhorn balancing.
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
            if (!present.count(r)) {
                throw ConfigError(fn + ": option 'region': no neuron is in region '" + r +
                                  "' (regions: " + list_names(present) + ")");
            }
        }
        for (std::size_t i = 0; i < c.size(); ++i) keep[i] = wanted.count(c.regions[i]) > 0;
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

// Sinkhorn sweeps over one part (edge list `edges` of magnitudes x); see normalize_connectome.
int sinkhorn_part(const Connectome& c, const std::vector<std::size_t>& edges, std::vector<double>& x, bool seed004,
                  int iterations) {
    const double factor = seed004 ? 2.0 : 1.0;
    std::vector<double> row(c.size()), col(c.size());
    auto sums = [&](std::vector<double>& s, const std::vector<std::size_t>& by) {
        std::fill(s.begin(), s.end(), 0.0);
        for (std::size_t k = 0; k < edges.size(); ++k) s[by[edges[k]]] += x[k];
    };
    int sweeps = 0;
    while (sweeps < iterations) {
        sums(row, c.post);
        for (std::size_t k = 0; k < edges.size(); ++k) x[k] /= factor * row[c.post[edges[k]]];
        sums(col, c.pre);
        for (std::size_t k = 0; k < edges.size(); ++k) x[k] /= factor * col[c.pre[edges[k]]];
        ++sweeps;
        if (seed004) continue;
        sums(row, c.post);
        double worst = 0.0;
        for (std::size_t k = 0; k < edges.size(); ++k) worst = std::max(worst, std::abs(row[c.post[edges[k]]] - 1.0));
        if (worst <= 1e-12) break;
    }
    return sweeps;
}

} // namespace

const char* format_name(ConnectomeFormat f) {
    switch (f) {
    case ConnectomeFormat::csv:
        return "csv";
    case ConnectomeFormat::mtx:
        return "mtx";
    case ConnectomeFormat::h5:
        return "h5";
    }
    return "?";
}

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

void validate_connectome(const std::string& fn, const Connectome& c) {
    const std::size_t n = c.size(), m = c.weight.size();
    if (c.pre.size() != m || c.post.size() != m) {
        throw ConfigError(fn + ": pre, post and weight have " + std::to_string(c.pre.size()) + ", " +
                          std::to_string(c.post.size()) + " and " + std::to_string(m) + " entries; they must agree");
    }
    const std::pair<const char*, std::size_t> per_neuron[] = {
        {"types", c.types.size()}, {"regions", c.regions.size()}, {"sign", c.sign.size()}};
    for (const auto& [name, size] : per_neuron) {
        if (size != 0 && size != n) {
            throw ConfigError(fn + ": " + name + " has " + std::to_string(size) + " entries for " + std::to_string(n) +
                              " neurons");
        }
    }
    for (std::size_t k = 0; k < m; ++k) {
        for (const auto& [name, v] : {std::pair{"pre", c.pre[k]}, std::pair{"post", c.post[k]}}) {
            if (v >= n) {
                throw ConfigError(fn + ": edge " + std::to_string(k + 1) + ": " + name + " = " + std::to_string(v + 1) +
                                  " is out of range 1.." + std::to_string(n));
            }
        }
        if (!std::isfinite(c.weight[k])) {
            throw ConfigError(fn + ": edge " + std::to_string(k + 1) + ": weight " + format_weight(c.weight[k]) +
                              " is not finite");
        }
    }
    for (std::size_t i = 0; i < c.sign.size(); ++i) {
        if (c.sign[i] != 1.0 && c.sign[i] != -1.0) {
            throw ConfigError(fn + ": sign of neuron " + std::to_string(i + 1) + " must be 1 or -1, got " +
                              format_weight(c.sign[i]));
        }
    }
    const auto index = id_index(c.ids);
    for (std::size_t k = 1; k < index.size(); ++k) {
        if (index[k].first == index[k - 1].first) {
            throw ConfigError(fn + ": id " + id_text(index[k].first) + " is used by neurons " +
                              std::to_string(index[k - 1].second + 1) + " and " + std::to_string(index[k].second + 1));
        }
    }
}

void canonicalize_edges(Connectome& c, Duplicates how, const std::string& prefix,
                        const std::function<std::string(std::size_t)>& describe) {
    const std::size_t m = c.edges();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return c.post[a] != c.post[b] ? c.post[a] < c.post[b] : c.pre[a] < c.pre[b];
    });
    std::vector<std::size_t> pre, post;
    std::vector<double> weight;
    pre.reserve(m);
    post.reserve(m);
    weight.reserve(m);
    // For an error, the duplicate that comes first in the file (stable sort: `first` precedes it).
    std::size_t dup = std::string::npos, first = 0, group_start = 0;
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t k = order[j];
        if (!weight.empty() && post.back() == c.post[k] && pre.back() == c.pre[k]) {
            if (how == Duplicates::sum) {
                weight.back() += c.weight[k];
            } else if (dup == std::string::npos || k < dup) {
                dup = k;
                first = order[group_start];
            }
            continue;
        }
        group_start = j;
        pre.push_back(c.pre[k]);
        post.push_back(c.post[k]);
        weight.push_back(c.weight[k]);
    }
    if (dup != std::string::npos) {
        throw ConfigError(prefix + describe(dup) + ": duplicate edge " + id_text(c.ids[c.pre[dup]]) + " -> " +
                          id_text(c.ids[c.post[dup]]) + " (first at " + describe(first) +
                          "); give option duplicates = 'sum' to add them");
    }
    c.pre = std::move(pre);
    c.post = std::move(post);
    c.weight = std::move(weight);
}

Connectome induced_subgraph(const Connectome& c, const std::vector<bool>& keep) {
    Connectome out;
    std::vector<std::size_t> index(c.size(), std::string::npos);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!keep[i]) continue;
        index[i] = out.ids.size();
        out.ids.push_back(c.ids[i]);
        if (!c.types.empty()) out.types.push_back(c.types[i]);
        if (!c.regions.empty()) out.regions.push_back(c.regions[i]);
        if (!c.sign.empty()) out.sign.push_back(c.sign[i]);
    }
    for (std::size_t k = 0; k < c.edges(); ++k) {
        if (!keep[c.pre[k]] || !keep[c.post[k]]) continue;
        out.pre.push_back(index[c.pre[k]]);
        out.post.push_back(index[c.post[k]]);
        out.weight.push_back(c.weight[k]);
    }
    return out;
}

void apply_signs(const std::string& fn, Connectome& c, const std::vector<std::pair<std::string, double>>& signs) {
    std::map<std::string, double> table;
    for (const auto& [type, s] : signs) {
        if (s != 1.0 && s != -1.0) {
            throw ConfigError(fn + ": option 'signs' must map each type to 1 or -1, got " + type + " = " +
                              format_weight(s));
        }
        table[type] = s;
    }
    if (c.types.empty() && c.size() > 0) {
        throw ConfigError(fn + ": option 'signs' needs the neurons' cell types, and none are known (give a neuron "
                               "table with a 'type' column, or a 'types' dataset in the HDF5 file)");
    }
    std::set<std::string> given;
    for (const auto& entry : table) given.insert(entry.first);
    std::vector<double> sign(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        const auto it = table.find(c.types[i]);
        if (it == table.end()) {
            if (c.types[i].empty()) {
                throw ConfigError(fn + ": option 'signs': neuron id " + id_text(c.ids[i]) +
                                  " has no cell type (it is missing from the neuron table, or its type is '')");
            }
            throw ConfigError(fn + ": option 'signs' has no sign for type '" + c.types[i] + "' (neuron id " +
                              id_text(c.ids[i]) + "; signs are given for " +
                              (given.empty() ? std::string("no type") : list_names(given)) + ")");
        }
        sign[i] = it->second;
    }
    for (std::size_t k = 0; k < c.edges(); ++k) c.weight[k] = sign[c.pre[k]] * std::abs(c.weight[k]);
    c.sign = std::move(sign);
}

int normalize_connectome(Connectome& c, Normalization how, int iterations) {
    if (how == Normalization::none) return 0;
    if (iterations < 1) throw ConfigError("connectome: Sinkhorn needs at least one iteration");
    const bool seed004 = how == Normalization::sinkhorn_seed004;
    int sweeps = 0;
    for (const double side : {1.0, -1.0}) {
        std::vector<std::size_t> edges;
        std::vector<double> x;
        for (std::size_t k = 0; k < c.edges(); ++k) {
            if (side * c.weight[k] > 0) {
                edges.push_back(k);
                x.push_back(std::abs(c.weight[k]));
            }
        }
        sweeps = std::max(sweeps, sinkhorn_part(c, edges, x, seed004, iterations));
        for (std::size_t k = 0; k < edges.size(); ++k) c.weight[edges[k]] = side * x[k];
    }
    return sweeps;
}

Connectome read_connectome(const std::string& path, const ConnectomeReadOptions& o) {
    const std::string fn = "connectome.read";
    const ConnectomeFormat format = o.format ? *o.format : format_from_path(fn, path);
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
        MatrixRead r =
            format == ConnectomeFormat::mtx ? read_mtx(path, o.orientation) : read_h5_csr(path, o.group, o.orientation);
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
    normalize_connectome(c, o.normalize, o.iterations);
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
    h5::write_then_rename(fn, path, [&](const std::string& tmp) {
        switch (format) {
        case ConnectomeFormat::csv:
            write_csv_edges(tmp, w);
            break;
        case ConnectomeFormat::mtx:
            write_mtx(tmp, w, o.orientation);
            break;
        case ConnectomeFormat::h5:
            write_h5_csr(tmp, w, o.orientation);
            break;
        }
    });
    if (!o.neurons.empty()) {
        h5::write_then_rename(fn, o.neurons, [&](const std::string& tmp) { write_neuron_table(tmp, w); });
    }
}

} // namespace chaoslab
