// chaoslab.connectome: read connectivity files (CSV edge lists, Matrix Market, HDF5 CSR) into a
// plain table {n, pre, post, weight, ids, types, ...} that net:connect takes as explicit lists,
// write such tables in any of the formats, and make a synthetic connectome-like graph.
#include "convert.hpp"
#include "module.hpp"

#include "core/errors.hpp"
#include "io/connectome.hpp"
#include "network/connectome_synthetic.hpp"
#include "parallel/comm.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace chaoslab::lua {

namespace {

// Ids in a chaoslab.Array are exact up to 2^53; larger ones come in a list of Lua integers.
constexpr double kExactLimit = 9007199254740992.0; // 2^53

using NamedNumbers = std::vector<std::pair<std::string, double>>;

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

// The option value as a table {name = number} (types, regions, signs), sorted by name so Lua's table
// order never matters. `check` validates each value (returns an error text or "").
template <class Check> NamedNumbers named_numbers(const OptionContext& c, const char* shape, Check&& check) {
    lua_State* L = c.L;
    if (!lua_istable(L, c.idx) || test_array(L, c.idx))
        c.fail(std::string("must be a table ") + shape + ", got " + c.got());
    NamedNumbers out;
    lua_pushnil(L);
    while (lua_next(L, c.idx)) { // [.., key, value]
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER) {
            const std::string key = describe_value(L, -2), value = describe_value(L, -1);
            lua_pop(L, 2);
            c.fail(std::string("must be a table ") + shape + ", got the entry [" + key + "] = " + value);
        }
        const std::string key = lua_tostring(L, -2); // a string key: lua_tostring leaves it as is
        const double v = lua_tonumber(L, -1);
        const std::string err = check(v);
        if (!err.empty()) {
            lua_pop(L, 2);
            c.fail(err + ", got " + key + " = " + format_number(v));
        }
        out.emplace_back(key, v);
        lua_pop(L, 1);
    }
    std::sort(out.begin(), out.end());
    return out;
}

NamedNumbers fractions(const OptionContext& c, const char* shape) {
    return named_numbers(c, shape,
                         [](double v) { return std::isfinite(v) && v >= 0 ? "" : "must map names to fractions >= 0"; });
}

// {ACh = 0.6, GABA = 0.3, Glu = 0.1}: fractions as help() shows them.
std::string fractions_text(const NamedNumbers& f) {
    std::string text;
    for (const auto& [name, v] : f) text += (text.empty() ? "{" : ", ") + name + " = " + format_number(v);
    return text.empty() ? "none" : text + "}";
}

std::string quoted(const char* s) { return std::string("'") + s + "'"; }

// A choice whose names messages list bare ("must be one of none, sinkhorn, ...") and help() shows the
// default of quoted ('none').
template <class S, class E> Option<S>
bare_choice(const char* name, E S::*member, std::span<const Choice<std::type_identity_t<E>>> names, const char* doc) {
    return choice(name, member, names, doc, false).shows(quoted(enum_text(names, S{}.*member)));
}

constexpr Choice<Duplicates> kDuplicatesNames[] = {{"error", Duplicates::reject}, {"sum", Duplicates::sum}};

// ---- option tables ------------------------------------------------------------------------------

// Option 'neurons' (a path, not '') of read and write; 'signs', 'orientation', 'normalize' and
// 'iterations' shared by two of the functions.
template <class S> Option<S> neurons_option(const char* doc) {
    return custom<S>("neurons", "", "none", doc, [](const OptionContext& c, S& s) {
        s.neurons = detail::read_string(c);
        if (s.neurons.empty()) c.fail("must be a path, got ''");
    });
}
template <class S> Option<S> signs_option(const char* doc) {
    return custom<S>("signs", "", "none", doc, [](const OptionContext& c, S& s) {
        s.signs = named_numbers(c, "{type = 1 | -1}",
                                [](double v) { return v == 1.0 || v == -1.0 ? "" : "must map each type to 1 or -1"; });
    });
}
template <class S> Option<S> orientation_option(const char* doc) {
    return choice("orientation", &S::orientation, kOrientationNames, doc, false)
        .shows(quoted(enum_text<Orientation>(kOrientationNames, kDefaultOrientation)));
}
template <class S> Option<S> normalize_option(const char* doc) {
    return bare_choice("normalize", &S::normalize, kNormalizationNames, doc);
}
template <class S> Option<S> iterations_option(const char* doc) {
    return integer("iterations", &S::iterations, doc, Check::positive_integer)
        .shows(std::to_string(kDefaultSinkhornSweeps));
}

const OptionTable<ConnectomeReadOptions> kReadOptions{
    "connectome.read",
    {
        choice("format", &ConnectomeReadOptions::format, kConnectomeFormatNames,
               "'csv', 'mtx' or 'h5' (extensions .csv, .mtx, .h5 / .hdf5)", false)
            .shows("from the extension"),
        neurons_option<ConnectomeReadOptions>(
            "path of a CSV neuron table with a header: id[,type][,region] (columns by name, case-insensitive); gives "
            "each listed neuron its cell type and region (overriding an HDF5 file's own types/regions). With csv its "
            "ids join the neurons; with mtx/h5 every id must be a neuron of the matrix"),
        custom<ConnectomeReadOptions>(
            "region", "", "all neurons",
            "a region name or a list of names: keep only the neurons in them and the edges among them (the induced "
            "sub-graph, e.g. seed 004's region of interest); needs regions from 'neurons' or the HDF5 file",
            [](const OptionContext& c, ConnectomeReadOptions& s) {
                if (lua_type(c.L, c.idx) == LUA_TSTRING) {
                    s.regions = {lua_tostring(c.L, c.idx)};
                } else if (lua_istable(c.L, c.idx) && !test_array(c.L, c.idx)) {
                    s.regions = string_list(c.L, c.idx, c.fn, "option 'region'");
                    if (s.regions.empty()) c.fail("must name at least one region, got an empty list");
                } else {
                    c.fail("must be a region name or a list of names, got " + c.got());
                }
            }),
        custom<ConnectomeReadOptions>(
            "select", "", "all neurons",
            "a list or chaoslab.Array of original ids to keep (induced sub-graph; neurons stay in file order). With "
            "region, a neuron must pass both",
            [](const OptionContext& c, ConnectomeReadOptions& s) {
                s.select = id_list(c.L, c.idx, c.fn, "option 'select'");
            }),
        signs_option<ConnectomeReadOptions>(
            "Dale's law: {type = 1 | -1, ...}, e.g. {ACh = 1, GABA = -1, Glu = -1}; every outgoing weight of a neuron "
            "becomes sign(type) * |w|; a type missing from the table is an error. Applied after the selection"),
        orientation_option<ConnectomeReadOptions>(
            "mtx and h5 only: 'post_pre' (rows are post-synaptic, columns pre-synaptic: the matrix is J) or "
            "'pre_post' (the transpose)"),
        bare_choice("duplicates", &ConnectomeReadOptions::duplicates, kDuplicatesNames,
                    "two entries for the same pre -> post pair: 'error' (names both lines) or 'sum' (add the weights)"),
        normalize_option<ConnectomeReadOptions>(
            "'none'; 'sinkhorn': the excitatory part max(J, 0) and the inhibitory part max(-J, 0) are balanced apart "
            "(each sweep divides every row by its sum, then every column by its sum; at most 'iterations' sweeps, "
            "stopping once every non-empty row sums to 1 within 1e-12; columns sum to 1) and J = P - M; "
            "'sinkhorn_seed004': FlyStability's variant, dividing by twice the sums for exactly 'iterations' sweeps "
            "(sums end near 0.5). Applied last"),
        iterations_option<ConnectomeReadOptions>(
            "Sinkhorn sweeps (at most for 'sinkhorn', exactly for 'sinkhorn_seed004')"),
        text("group", &ConnectomeReadOptions::group, "h5 only: the group holding indptr, indices and data")
            .shows(quoted(kDefaultH5Group)),
    }};

struct WriteCall : ConnectomeWriteOptions {
    std::optional<ConnectomeFormat> format;
    bool every_rank = false;
};

const OptionTable<WriteCall> kWriteOptions{
    "connectome.write",
    {
        choice("format", &WriteCall::format, kConnectomeFormatNames, "'csv', 'mtx' or 'h5'", false)
            .shows("from the extension"),
        neurons_option<WriteCall>(
            "also write a CSV neuron table (id[,type][,region]) to this path; needed by csv and mtx when the table "
            "has types or regions, and by csv for neurons without edges"),
        orientation_option<WriteCall>("mtx and h5 only: 'post_pre' (rows post-synaptic) or 'pre_post'"),
        flag("every_rank", &WriteCall::every_rank,
             "under mpirun, write from every rank (default: rank 0 only; others return false)"),
    }};

const OptionTable<SyntheticConnectomeParams> kSyntheticOptions{
    "connectome.synthetic",
    {
        integer("n", &SyntheticConnectomeParams::n, "number of neurons (ids 1..n)", Check::positive_integer).needed(),
        number("mean_degree", &SyntheticConnectomeParams::mean_degree, "", "expected edges per neuron, in [0, n - 1]",
               Check::non_negative),
        seed_option(&SyntheticConnectomeParams::seed, "seed(0)",
                    "chaoslab.Seed or an integer session; the graph depends on (session, block) only"),
        custom<SyntheticConnectomeParams>(
            "types", "", "",
            "cell types as {name = fraction} (normalised; exact quotas shuffled over the neurons), or false for none",
            [](const OptionContext& c, SyntheticConnectomeParams& s) {
                if (lua_type(c.L, c.idx) == LUA_TBOOLEAN && !lua_toboolean(c.L, c.idx)) {
                    s.types.clear();
                    return;
                }
                s.types = fractions(c, "{name = fraction} or false");
                if (s.types.empty()) c.fail("must name at least one type (false for none)");
            })
            .shows(fractions_text(SyntheticConnectomeParams{}.types)),
        custom<SyntheticConnectomeParams>("regions", "", "none", "regions as {name = fraction}, like types",
                                          [](const OptionContext& c, SyntheticConnectomeParams& s) {
                                              s.regions = fractions(c, "{name = fraction}");
                                              if (s.regions.empty()) c.fail("must name at least one region");
                                          }),
        number("degree_sigma", &SyntheticConnectomeParams::degree_sigma, "",
               "sigma of the lognormal out- and in-propensities (Chung-Lu): the heavier, the more hub-dominated; 0 "
               "gives a random graph with Poisson degrees",
               Check::non_negative),
        number("weight_mu", &SyntheticConnectomeParams::weight_mu, "",
               "weights are synapse counts ceil(exp(weight_mu + weight_sigma z)), z ~ N(0, 1)", Check::finite),
        number("weight_sigma", &SyntheticConnectomeParams::weight_sigma, "", "see weight_mu", Check::non_negative),
        signs_option<SyntheticConnectomeParams>("as in connectome.read: {type = 1 | -1}, Dale's law on the weights"),
        normalize_option<SyntheticConnectomeParams>("as in connectome.read"),
        iterations_option<SyntheticConnectomeParams>("as in connectome.read"),
    }};

// ---- result tables ------------------------------------------------------------------------------

// The result table (the contract the rate-network binding consumes).
void push_connectome(lua_State* L, const Connectome& c, const char* format, const std::string* path) {
    lua_createtable(L, 0, 11); // [.., t]
    lua_pushinteger(L, static_cast<lua_Integer>(c.size()));
    lua_setfield(L, -2, "n");
    push_ids(L, c.pre);
    lua_setfield(L, -2, "pre");
    push_ids(L, c.post);
    lua_setfield(L, -2, "post");
    push_array(L, c.weight);
    lua_setfield(L, -2, "weight");
    push_integers(L, c.ids);
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
        push_array(L, c.sign);
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
    std::optional<std::vector<std::int64_t>> ids;
    if (lua_getfield(L, idx, "ids") != LUA_TNIL) ids = id_list(L, lua_gettop(L), fn, "c.ids"); // [.., ids]
    lua_pop(L, 1);
    std::optional<std::size_t> count;
    if (lua_getfield(L, idx, "n") != LUA_TNIL) { // [.., n]
        std::int64_t v = 0;
        if (lua_type(L, -1) != LUA_TNUMBER || !exact_int(lua_tonumber(L, -1), v) || v < 0) {
            const std::string got = describe_value(L, -1);
            lua_pop(L, 1);
            throw ConfigError(fn + ": c.n must be an integer >= 0 (the number of neurons), got " + got);
        }
        count = static_cast<std::size_t>(v);
    }
    lua_pop(L, 1);
    c.ids = connectome_ids(fn, count, std::move(ids));
    const std::size_t n = c.ids.size();
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

// ---- functions ----------------------------------------------------------------------------------

// connectome.read(path [, {format =, neurons =, region =, select =, signs =, ...}]) -> table
int connectome_read(lua_State* L) {
    const std::string path = luaL_checkstring(L, 1);
    const ConnectomeReadOptions options = kReadOptions.read(L, 2);
    const ConnectomeFormat format = check_read_options(path, options);
    const Connectome c = read_connectome(path, options);
    push_connectome(L, c, format_name(format), &path);
    return 1;
}

// connectome.write(path, c [, {format =, neurons =, orientation =, every_rank =}]) -> boolean
int connectome_write(lua_State* L) {
    const std::string path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const WriteCall call = kWriteOptions.read(L, 3);
    const ConnectomeFormat format = check_write_options(path, call.format, call);
    // Converted and checked on every rank, so a bad table fails the same way whatever the rank.
    const Connectome c = to_connectome(L, 2);
    validate_connectome(kWriteOptions.fn(), c);
    if (world_rank() != 0 && !call.every_rank) {
        lua_pushboolean(L, 0);
        return 1;
    }
    write_connectome(path, c, format, call);
    lua_pushboolean(L, 1);
    return 1;
}

// connectome.synthetic{n =, mean_degree =, seed =, types =, regions =, ...} -> table
int connectome_synthetic(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    push_connectome(L, synthetic_connectome(kSyntheticOptions.read(L, 1)), nullptr, nullptr);
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
                  kReadOptions.specs()});
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
                  kWriteOptions.specs()});
    set_function(L, "synthetic", wrap<connectome_synthetic>,
                 {"chaoslab.connectome.synthetic", "connectome.synthetic{n =, mean_degree =, seed =, ...} -> table",
                  "A small connectome-like graph (the fly connectome is not distributable): a directed Chung-Lu "
                  "graph whose out- and in-propensities are lognormal (heavy-tailed degrees; no autapses), weights "
                  "= heavy-tailed synapse counts (integers >= 1), cell types (and regions) as exact shuffled quotas; "
                  "ids 1..n. Deterministic for a seed (stream 'connectome.synthetic'). Returns the table of "
                  "connectome.read (without format and path).",
                  kSyntheticOptions.specs()});
    lua_setfield(L, -2, "connectome");
}

} // namespace chaoslab::lua
