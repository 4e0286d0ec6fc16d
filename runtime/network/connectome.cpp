// The connectome graph operations declared in network/connectome.hpp: validation, canonical edge
// order, induced sub-graphs, Dale signs and Sinkhorn balancing.
#include "network/connectome.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

namespace chaoslab {

namespace {

std::string id_text(std::int64_t id) { return std::to_string(id); }

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

std::string format_weight(double w) {
    if (std::isnan(w)) return "nan"; // printf may say "-nan": the sign of a NaN means nothing here
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", w);
    return buf;
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

int normalization_sweeps(const std::string& fn, Normalization how, std::optional<std::int64_t> iterations) {
    if (iterations && how == Normalization::none)
        throw ConfigError(fn + ": option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'");
    return static_cast<int>(std::min<std::int64_t>(iterations.value_or(kDefaultSinkhornSweeps), 1'000'000));
}

} // namespace chaoslab
