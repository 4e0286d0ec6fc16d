// chaoslab.connectome: read connectivity files (CSV edge lists, Matrix Market, HDF5 CSR) into a
// plain table {n, pre, post, weight, ids, types, ...} that net:connect takes as explicit lists,
// write such tables in any of the formats, and make a synthetic connectome-like graph.
#include "array.hpp"
#include "module.hpp"
#include "network.hpp"
#include "random.hpp"
#include "support.hpp"

#include "core/errors.hpp"
#include "io/connectome.hpp"
#include "network/connectome_synthetic.hpp"
#include "parallel/comm.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace chaoslab::lua {

namespace {

// Larger ids do not survive a double: such ids come back as a list of Lua integers instead.
constexpr double kExactLimit = 9007199254740992.0; // 2^53

const OptionSpec kReadOptions[] = {
    {"format", "", "from the extension", "'csv', 'mtx' or 'h5' (extensions .csv, .mtx, .h5 / .hdf5)"},
    {"neurons", "", "none",
     "path of a CSV neuron table with a header: id[,type][,region] (columns by name, case-insensitive); gives each "
     "listed neuron its cell type and region (overriding an HDF5 file's own types/regions). With csv its ids join "
     "the neurons; with mtx/h5 every id must be a neuron of the matrix"},
    {"region", "", "all neurons",
     "a region name or a list of names: keep only the neurons in them and the edges among them (the induced "
     "sub-graph, e.g. seed 004's region of interest); needs regions from 'neurons' or the HDF5 file"},
    {"select", "", "all neurons",
     "a list or chaoslab.Array of original ids to keep (induced sub-graph; neurons stay in file order). With "
     "region, a neuron must pass both"},
    {"signs", "", "none",
     "Dale's law: {type = 1 | -1, ...}, e.g. {ACh = 1, GABA = -1, Glu = -1}; every outgoing weight of a neuron "
     "becomes sign(type) * |w|; a type missing from the table is an error. Applied after the selection"},
    {"orientation", "", "'post_pre'",
     "mtx and h5 only: 'post_pre' (rows are post-synaptic, columns pre-synaptic: the matrix is J) or 'pre_post' "
     "(the transpose)"},
    {"duplicates", "", "'error'",
     "two entries for the same pre -> post pair: 'error' (names both lines) or 'sum' (add the weights)"},
    {"normalize", "", "'none'",
     "'none'; 'sinkhorn': the excitatory part max(J, 0) and the inhibitory part max(-J, 0) are balanced apart "
     "(each sweep divides every row by its sum, then every column by its sum; at most 'iterations' sweeps, "
     "stopping once every non-empty row sums to 1 within 1e-12; columns sum to 1) and J = P - M; "
     "'sinkhorn_seed004': FlyStability's variant, dividing by twice the sums for exactly 'iterations' sweeps "
     "(sums end near 0.5). Applied last"},
    {"iterations", "", "10", "Sinkhorn sweeps (at most for 'sinkhorn', exactly for 'sinkhorn_seed004')",
     Check::positive_integer},
    {"group", "", "'/'", "h5 only: the group holding indptr, indices and data"},
};

const OptionSpec kWriteOptions[] = {
    {"format", "", "from the extension", "'csv', 'mtx' or 'h5'"},
    {"neurons", "", "none",
     "also write a CSV neuron table (id[,type][,region]) to this path; needed by csv and mtx when the table has "
     "types or regions, and by csv for neurons without edges"},
    {"orientation", "", "'post_pre'", "mtx and h5 only: 'post_pre' (rows post-synaptic) or 'pre_post'"},
    {"every_rank", "", "false", "under mpirun, write from every rank (default: rank 0 only; others return false)"},
};

const OptionSpec kSyntheticOptions[] = {
    {"n", "", "required", "number of neurons (ids 1..n)", Check::positive_integer},
    {"mean_degree", "", "10", "expected edges per neuron, in [0, n - 1]", Check::non_negative},
    {"seed", "", "seed(0)", "chaoslab.Seed or an integer session; the graph depends on (session, block) only"},
    {"types", "", "{ACh = 0.6, GABA = 0.3, Glu = 0.1}",
     "cell types as {name = fraction} (normalised; exact quotas shuffled over the neurons), or false for none"},
    {"regions", "", "none", "regions as {name = fraction}, like types"},
    {"degree_sigma", "", "1",
     "sigma of the lognormal out- and in-propensities (Chung-Lu): the heavier, the more hub-dominated; 0 gives a "
     "random graph with Poisson degrees",
     Check::non_negative},
    {"weight_mu", "", "1", "weights are synapse counts ceil(exp(weight_mu + weight_sigma z)), z ~ N(0, 1)",
     Check::finite},
    {"weight_sigma", "", "1", "see weight_mu", Check::non_negative},
    {"signs", "", "none", "as in connectome.read: {type = 1 | -1}, Dale's law on the weights"},
    {"normalize", "", "'none'", "as in connectome.read"},
    {"iterations", "", "10", "as in connectome.read", Check::positive_integer},
};

// A string option restricted to `allowed`: "fn: option 'format' must be one of csv, mtx, h5, got 'xls'".
ConnectomeFormat format_option(const Options& o, const char* fn, const std::string& path) {
    if (!o.has("format")) return format_from_path(fn, path);
    const std::string f = choice_option(o, "format", "", {"csv", "mtx", "h5"}, false);
    return f == "csv" ? ConnectomeFormat::csv : f == "mtx" ? ConnectomeFormat::mtx : ConnectomeFormat::h5;
}

Orientation orientation_option(const Options& o, ConnectomeFormat format) {
    if (!o.has("orientation")) return Orientation::post_pre;
    const std::string v = choice_option(o, "orientation", "post_pre", {"post_pre", "pre_post"}, false);
    if (format == ConnectomeFormat::csv)
        o.fail("orientation", "applies to the matrix formats (mtx, h5), not to a csv edge list");
    return v == "post_pre" ? Orientation::post_pre : Orientation::pre_post;
}

// An integer-valued double as int64 (false when it is not exactly one).
bool exact_int(double x, std::int64_t& out) {
    if (!(x >= -kExactLimit && x <= kExactLimit) || std::floor(x) != x) return false;
    out = static_cast<std::int64_t>(x);
    return true;
}

// The value at idx as ids: a chaoslab.Array of integral values (|id| <= 2^53) or a list of
// integers; `what` names it in messages ("option 'select'" or "c.ids").
std::vector<std::int64_t> id_list(lua_State* L, int idx, const std::string& fn, const std::string& what) {
    std::vector<std::int64_t> out;
    if (Array* a = test_array(L, idx)) {
        if (a->ndim() != 1) throw ConfigError(fn + ": " + what + " must be a 1-D array of ids");
        const std::vector<double> v = a->to_vector();
        out.resize(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) {
            if (!exact_int(v[k], out[k])) {
                throw ConfigError(fn + ": " + what + "[" + std::to_string(k + 1) + "] = " + format_number(v[k]) +
                                  " is not an exact integer id (ids beyond 2^53 go in a list of Lua integers)");
            }
        }
        return out;
    }
    if (!lua_istable(L, idx))
        throw ConfigError(fn + ": " + what + " must be a list or array of ids, got " + describe_value(L, idx));
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
    out.resize(static_cast<std::size_t>(n));
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_rawgeti(L, idx, k); // [.., id]
        int is_int = 0;
        const lua_Integer v = lua_tointegerx(L, -1, &is_int);
        if (!is_int || lua_type(L, -1) != LUA_TNUMBER) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            throw ConfigError(fn + ": " + what + "[" + std::to_string(k) + "] must be an integer id, got " + got);
        }
        out[static_cast<std::size_t>(k - 1)] = v;
        lua_pop(L, 1);
    }
    return out;
}

// A list of strings at idx (`what` names it).
std::vector<std::string> string_list(lua_State* L, int idx, const std::string& fn, const std::string& what) {
    if (!lua_istable(L, idx) || test_array(L, idx))
        throw ConfigError(fn + ": " + what + " must be a list of strings, got " + describe_value(L, idx));
    std::vector<std::string> out;
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
    for (lua_Integer k = 1; k <= n; ++k) {
        lua_rawgeti(L, idx, k); // [.., s]
        if (lua_type(L, -1) != LUA_TSTRING) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            throw ConfigError(fn + ": " + what + "[" + std::to_string(k) + "] must be a string, got " + got);
        }
        std::size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        out.emplace_back(s, len);
        lua_pop(L, 1);
    }
    return out;
}

// A table {name = number} (types, regions, signs), sorted by name so Lua's table order never
// matters. `check` validates each value (returns an error text or "").
template <class Check> std::vector<std::pair<std::string, double>>
named_numbers(lua_State* L, const Options& o, const char* name, const char* shape, Check&& check) {
    std::vector<std::pair<std::string, double>> out;
    if (!lua_istable(L, -1) || test_array(L, -1)) {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        o.fail(name, std::string("must be a table ") + shape + ", got " + got);
    }
    const int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) { // [.., t, key, value]
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER) {
            const std::string key = describe_value(L, -2), value = describe_value(L, -1);
            lua_pop(L, 3);
            o.fail(name, std::string("must be a table ") + shape + ", got the entry [" + key + "] = " + value);
        }
        const std::string key = lua_tostring(L, -2); // a string key: lua_tostring leaves it as is
        const double v = lua_tonumber(L, -1);
        const std::string err = check(v);
        if (!err.empty()) {
            lua_pop(L, 3);
            o.fail(name, err + ", got " + key + " = " + format_number(v));
        }
        out.emplace_back(key, v);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::vector<std::pair<std::string, double>>> signs_option(lua_State* L, const Options& o) {
    if (o.push("signs") == LUA_TNIL) {
        lua_pop(L, 1);
        return std::nullopt;
    }
    return named_numbers(L, o, "signs", "{type = 1 | -1}",
                         [](double v) { return v == 1.0 || v == -1.0 ? "" : "must map each type to 1 or -1"; });
}

Normalization normalize_option(const Options& o, int& iterations) {
    const std::string v = choice_option(o, "normalize", "none", {"none", "sinkhorn", "sinkhorn_seed004"}, false);
    iterations = static_cast<int>(std::min<std::int64_t>(o.integer("iterations", 10), 1'000'000));
    if (v == "none" && o.has("iterations")) o.fail("iterations", "needs normalize = 'sinkhorn' or 'sinkhorn_seed004'");
    return v == "sinkhorn"           ? Normalization::sinkhorn
           : v == "sinkhorn_seed004" ? Normalization::sinkhorn_seed004
                                     : Normalization::none;
}

void push_strings(lua_State* L, const std::vector<std::string>& v) {
    lua_createtable(L, static_cast<int>(v.size()), 0);
    for (std::size_t k = 0; k < v.size(); ++k) {
        lua_pushlstring(L, v[k].data(), v[k].size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
    }
}

// The result table (the contract the rate-network binding consumes).
void push_connectome(lua_State* L, const Connectome& c, const char* format, const std::string* path) {
    const std::size_t m = c.edges();
    lua_createtable(L, 0, 11); // [.., t]
    lua_pushinteger(L, static_cast<lua_Integer>(c.size()));
    lua_setfield(L, -2, "n");
    std::vector<double> pre(m), post(m);
    for (std::size_t k = 0; k < m; ++k) {
        pre[k] = static_cast<double>(c.pre[k] + 1);
        post[k] = static_cast<double>(c.post[k] + 1);
    }
    push_array(L, Array::from_vector(std::move(pre)));
    lua_setfield(L, -2, "pre");
    push_array(L, Array::from_vector(std::move(post)));
    lua_setfield(L, -2, "post");
    push_array(L, Array::from_vector(c.weight));
    lua_setfield(L, -2, "weight");
    bool exact = true;
    for (const std::int64_t id : c.ids) exact = exact && std::abs(static_cast<double>(id)) <= kExactLimit;
    if (exact) {
        std::vector<double> ids(c.ids.begin(), c.ids.end());
        push_array(L, Array::from_vector(std::move(ids)));
    } else {
        lua_createtable(L, static_cast<int>(c.ids.size()), 0);
        for (std::size_t i = 0; i < c.ids.size(); ++i) {
            lua_pushinteger(L, static_cast<lua_Integer>(c.ids[i]));
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    }
    lua_setfield(L, -2, "ids");
    if (!c.types.empty()) {
        push_strings(L, c.types);
        lua_setfield(L, -2, "types");
    }
    if (!c.regions.empty()) {
        push_strings(L, c.regions);
        lua_setfield(L, -2, "regions");
    }
    if (!c.sign.empty()) {
        push_array(L, Array::from_vector(c.sign));
        lua_setfield(L, -2, "sign");
    }
    if (format) {
        lua_pushstring(L, format);
        lua_setfield(L, -2, "format");
    }
    if (path) {
        lua_pushlstring(L, path->data(), path->size());
        lua_setfield(L, -2, "path");
    }
}

// Field `name` of the table at idx as numbers (a chaoslab.Array or a list); "c.pre[3] must be a
// number, got 'x'".
std::vector<double> number_field(lua_State* L, int idx, const char* name) {
    const std::string fn = "connectome.write";
    const std::string what = std::string("c.") + name;
    lua_getfield(L, idx, name); // [.., v]
    std::vector<double> out;
    if (Array* a = test_array(L, -1)) {
        if (a->ndim() != 1) {
            lua_pop(L, 1);
            throw ConfigError(fn + ": " + what + " must be a 1-D array");
        }
        out = a->to_vector();
    } else if (lua_istable(L, -1)) {
        const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
        out.resize(static_cast<std::size_t>(n));
        for (lua_Integer k = 1; k <= n; ++k) {
            lua_rawgeti(L, -1, k); // [.., v, x]
            if (lua_type(L, -1) != LUA_TNUMBER) {
                const std::string got = describe_value(L, -1);
                lua_pop(L, 2);
                throw ConfigError(fn + ": " + what + "[" + std::to_string(k) + "] must be a number, got " + got);
            }
            out[static_cast<std::size_t>(k - 1)] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
    } else {
        const std::string got = describe_value(L, -1);
        lua_pop(L, 1);
        throw ConfigError(fn + ": " + what + " must be a chaoslab.Array or a list of numbers, got " + got);
    }
    lua_pop(L, 1);
    return out;
}

// A result-shaped table at idx -> Connectome (1-based indices checked against n).
Connectome to_connectome(lua_State* L, int idx) {
    const std::string fn = "connectome.write";
    Connectome c;
    std::size_t n = 0;
    const int t_ids = lua_getfield(L, idx, "ids"); // [.., ids]
    const bool has_ids = t_ids != LUA_TNIL;
    if (has_ids) c.ids = id_list(L, lua_gettop(L), fn, "c.ids");
    lua_pop(L, 1);
    if (lua_getfield(L, idx, "n") != LUA_TNIL) { // [.., n]
        std::int64_t v = 0;
        if (lua_type(L, -1) != LUA_TNUMBER || !exact_int(lua_tonumber(L, -1), v) || v < 0) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            throw ConfigError(fn + ": c.n must be an integer >= 0 (the number of neurons), got " + got);
        }
        n = static_cast<std::size_t>(v);
        if (has_ids && c.ids.size() != n) {
            lua_pop(L, 1);
            throw ConfigError(fn + ": c.ids has " + std::to_string(c.ids.size()) +
                              " entries, but c.n = " + std::to_string(n));
        }
    } else if (has_ids) {
        n = c.ids.size();
    } else {
        lua_pop(L, 1);
        throw ConfigError(fn + ": c.n (the number of neurons) is required");
    }
    lua_pop(L, 1);
    if (!has_ids) {
        c.ids.resize(n);
        for (std::size_t i = 0; i < n; ++i) c.ids[i] = static_cast<std::int64_t>(i) + 1;
    }
    const std::vector<double> pre = number_field(L, idx, "pre"), post = number_field(L, idx, "post");
    c.weight = number_field(L, idx, "weight");
    if (pre.size() != post.size() || pre.size() != c.weight.size()) {
        throw ConfigError(fn + ": c.pre, c.post and c.weight have " + std::to_string(pre.size()) + ", " +
                          std::to_string(post.size()) + " and " + std::to_string(c.weight.size()) +
                          " entries; they must agree");
    }
    for (const auto& [name, v, out] : {std::tuple{"pre", &pre, &c.pre}, std::tuple{"post", &post, &c.post}}) {
        out->resize(v->size());
        for (std::size_t k = 0; k < v->size(); ++k) {
            std::int64_t i = 0;
            if (!exact_int((*v)[k], i) || i < 1 || static_cast<std::uint64_t>(i) > n) {
                throw ConfigError(fn + ": c." + name + "[" + std::to_string(k + 1) + "] = " + format_number((*v)[k]) +
                                  " is not a neuron index in 1.." + std::to_string(n));
            }
            (*out)[k] = static_cast<std::size_t>(i - 1);
        }
    }
    for (const auto& [name, out] : {std::pair{"types", &c.types}, std::pair{"regions", &c.regions}}) {
        if (lua_getfield(L, idx, name) != LUA_TNIL) *out = string_list(L, lua_gettop(L), fn, std::string("c.") + name);
        lua_pop(L, 1);
        if (!out->empty() && out->size() != n) {
            throw ConfigError(fn + ": c." + name + " has " + std::to_string(out->size()) + " entries for " +
                              std::to_string(n) + " neurons");
        }
    }
    return c;
}

// connectome.read(path [, {format =, neurons =, region =, select =, signs =, ...}]) -> table
int connectome_read(lua_State* L) {
    const char* fn = "connectome.read";
    const std::string path = luaL_checkstring(L, 1);
    Options o(L, 2, fn, kReadOptions);
    ConnectomeReadOptions r;
    const ConnectomeFormat format = format_option(o, fn, path);
    r.format = format;
    r.neurons = o.string("neurons", "");
    if (o.has("neurons") && r.neurons.empty()) o.fail("neurons", "must be a path, got ''");
    if (o.push("region") != LUA_TNIL) { // [.., region]
        if (lua_type(L, -1) == LUA_TSTRING) {
            r.regions = {lua_tostring(L, -1)};
        } else if (lua_istable(L, -1) && !test_array(L, -1)) {
            r.regions = string_list(L, lua_gettop(L), fn, "option 'region'");
            if (r.regions.empty()) o.fail("region", "must name at least one region, got an empty list");
        } else {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            o.fail("region", "must be a region name or a list of names, got " + got);
        }
    }
    lua_pop(L, 1);
    if (o.push("select") != LUA_TNIL) r.select = id_list(L, lua_gettop(L), fn, "option 'select'");
    lua_pop(L, 1);
    r.signs = signs_option(L, o);
    r.orientation = orientation_option(o, format);
    r.duplicates = choice_option(o, "duplicates", "error", {"error", "sum"}, false) == "sum" ? Duplicates::sum
                                                                                             : Duplicates::reject;
    r.normalize = normalize_option(o, r.iterations);
    r.group = o.string("group", "/");
    if (o.has("group") && format != ConnectomeFormat::h5)
        o.fail("group", std::string("applies to h5 files only, not ") + format_name(format));
    const Connectome c = read_connectome(path, r);
    push_connectome(L, c, format_name(format), &path);
    return 1;
}

// connectome.write(path, c [, {format =, neurons =, orientation =, every_rank =}]) -> boolean
int connectome_write(lua_State* L) {
    const char* fn = "connectome.write";
    const std::string path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    Options o(L, 3, fn, kWriteOptions);
    const ConnectomeFormat format = format_option(o, fn, path);
    ConnectomeWriteOptions w;
    w.neurons = o.string("neurons", "");
    if (o.has("neurons") && w.neurons.empty()) o.fail("neurons", "must be a path, got ''");
    w.orientation = orientation_option(o, format);
    const bool every_rank = o.boolean("every_rank", false);
    // Converted and checked on every rank, so a bad table fails the same way whatever the rank.
    const Connectome c = to_connectome(L, 2);
    validate_connectome(fn, c);
    if (world_rank() != 0 && !every_rank) {
        lua_pushboolean(L, 0);
        return 1;
    }
    write_connectome(path, c, format, w);
    lua_pushboolean(L, 1);
    return 1;
}

// connectome.synthetic{n =, mean_degree =, seed =, types =, regions =, ...} -> table
int connectome_synthetic(lua_State* L) {
    const char* fn = "connectome.synthetic";
    luaL_checktype(L, 1, LUA_TTABLE);
    Options o(L, 1, fn, kSyntheticOptions);
    if (!o.has("n")) o.fail("n", "is required (the number of neurons)");
    SyntheticConnectomeParams p;
    p.n = static_cast<std::size_t>(o.integer("n", 0));
    p.mean_degree = o.number("mean_degree", 10.0);
    p.seed = seed_option(L, o);
    p.degree_sigma = o.number("degree_sigma", p.degree_sigma);
    p.weight_mu = o.number("weight_mu", p.weight_mu);
    p.weight_sigma = o.number("weight_sigma", p.weight_sigma);
    auto fraction = [](double v) { return std::isfinite(v) && v >= 0 ? "" : "must map names to fractions >= 0"; };
    const int types = o.push("types"); // [.., types]
    if (types == LUA_TNIL) {
        lua_pop(L, 1);
        p.types = {{"ACh", 0.6}, {"GABA", 0.3}, {"Glu", 0.1}};
    } else if (types == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
        lua_pop(L, 1);
    } else {
        p.types = named_numbers(L, o, "types", "{name = fraction} or false", fraction);
        if (p.types.empty()) o.fail("types", "must name at least one type (false for none)");
    }
    if (o.push("regions") == LUA_TNIL) {
        lua_pop(L, 1);
    } else {
        p.regions = named_numbers(L, o, "regions", "{name = fraction}", fraction);
        if (p.regions.empty()) o.fail("regions", "must name at least one region");
    }
    const auto signs = signs_option(L, o);
    int iterations = 10;
    const Normalization normalize = normalize_option(o, iterations);
    Connectome c = synthetic_connectome(p);
    if (signs) apply_signs(fn, c, *signs);
    normalize_connectome(c, normalize, iterations);
    push_connectome(L, c, nullptr, nullptr);
    return 1;
}

} // namespace

void register_connectome(lua_State* L) {
    lua_newtable(L); // [M, connectome]
    set_function(L, "read", wrap<connectome_read>,
                 {"chaoslab.connectome.read", "connectome.read(path [, {format =, neurons =, region =, ...}]) -> table",
                  "Reads a connectome: a CSV edge list with a header naming columns pre, post, weight (original "
                  "integer ids, 64-bit; other columns ignored; blank and '#' lines skipped; neurons = the ids of the "
                  "edges and the neuron table, ascending), a Matrix Market file (coordinate real/integer/pattern or "
                  "dense array, general; neurons 1..n; pattern weight 1; dense zeros are no edge) or an HDF5 CSR "
                  "(datasets indptr, indices (0-based), data; attribute or dataset 'shape'; optional ids, types, "
                  "regions). Returns {n, pre, post (chaoslab.Array of 1-based indices: edge k is pre[k] -> post[k], "
                  "i.e. J[post][pre] = weight[k]), weight (Array, signed by 'signs'), ids (Array of the original "
                  "ids in index order; a list of Lua integers when an id exceeds 2^53), types and regions (lists of "
                  "strings, '' when unknown; nil when none are known), sign (Array of +1/-1 after 'signs'), format, "
                  "path}. Edges come sorted by post, then pre. Malformed files raise errors naming the file and line "
                  "(or dataset); duplicate pairs are an error unless duplicates = 'sum'. Weights have the file's "
                  "unit (e.g. synapse counts).",
                  kReadOptions});
    set_function(L, "write", wrap<connectome_write>,
                 {"chaoslab.connectome.write", "connectome.write(path, c [, {format =, neurons =, ...}]) -> boolean",
                  "Writes a table shaped like connectome.read's result (n, pre, post, weight; ids, types, regions "
                  "optional; sign is ignored: weights are already signed) as CSV (pre,post,weight by id), Matrix "
                  "Market (coordinate real general; needs ids 1..n) or HDF5 CSR (int64 indptr/indices/ids, float64 "
                  "data, shape attribute, string types/regions). Weights as %.17g or float64, so reading the file "
                  "back gives the same numbers bit for bit; edges sorted by post, then pre. Refuses to lose data: "
                  "types, regions or isolated neurons need a neuron table ('neurons') in the text formats. The file "
                  "is written under a temporary name and renamed. Returns true when written, false on MPI ranks "
                  "other than 0 (unless every_rank).",
                  kWriteOptions});
    set_function(L, "synthetic", wrap<connectome_synthetic>,
                 {"chaoslab.connectome.synthetic", "connectome.synthetic{n =, mean_degree =, seed =, ...} -> table",
                  "A small connectome-like graph (the fly connectome is not distributable): a directed Chung-Lu "
                  "graph whose out- and in-propensities are lognormal (heavy-tailed degrees; no autapses), weights "
                  "= heavy-tailed synapse counts (integers >= 1), cell types (and regions) as exact shuffled quotas; "
                  "ids 1..n. Deterministic for a seed (stream 'connectome.synthetic'). Returns the table of "
                  "connectome.read (without format and path).",
                  kSyntheticOptions});
    lua_setfield(L, -2, "connectome");
}

} // namespace chaoslab::lua
