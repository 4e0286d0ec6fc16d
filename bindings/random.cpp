// chaoslab.seed and the distribution constructors (normal, uniform, ...): deterministic
// randomness keyed by (session, block, trial, stream), sampled natively into arrays.
#include "convert.hpp"

#include "module.hpp"

#include "core/errors.hpp"

#include <memory>
#include <string>
#include <vector>

namespace chaoslab::lua {

namespace {

constexpr double kMaxSeed = 9007199254740992.0; // 2^53: every value is an exact Lua number

// A field of a seed: an integer >= 0 and at most 2^53 ("must be <= 2^53, got ...").
Option<Seed> seed_field(const char* name, std::uint64_t Seed::*member, const char* doc) {
    Option<Seed> o = integer(name, member, doc, Check::non_negative_integer);
    o.read = [member](const OptionContext& c, Seed& s) {
        const double v = detail::read_number(c, Check::non_negative_integer);
        if (v > kMaxSeed) c.fail("must be <= 2^53, got " + format_number(v));
        s.*member = static_cast<std::uint64_t>(v);
    };
    return o;
}

std::vector<Option<Seed>> seed_fields() {
    return {
        seed_field("session", &Seed::session, "the user's seed for a whole study"),
        seed_field("block", &Seed::block, "a sweep point's index (network structure derives from session and block)"),
        seed_field("trial", &Seed::trial, "a repetition within a point (noise and initial state derive from it too)"),
    };
}

// seed{...} fills a default seed, seed:child{...} a copy of its parent: the same fields, named by
// their function in messages.
const OptionTable<Seed> kSeedOptions{"seed", seed_fields()};
const OptionTable<Seed> kChildOptions{"child", seed_fields()};

// chaoslab.seed{session=, block=, trial=} | chaoslab.seed(session) -> Seed
int seed_new(lua_State* L) {
    Seed seed;
    if (lua_type(L, 1) == LUA_TNUMBER)
        seed.session = static_cast<std::uint64_t>(check_int_in(L, 1, 0, 9007199254740992LL));
    else if (!lua_isnoneornil(L, 1))
        seed = kSeedOptions.read(L, 1);
    push_seed(L, seed);
    return 1;
}

// seed:child{session=, block=, trial=} -> Seed with those fields replaced
int seed_child(lua_State* L) {
    const Seed base = check_seed(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    push_seed(L, kChildOptions.read(L, 2, base));
    return 1;
}

// seed.session / seed.block / seed.trial, and methods
int seed_index(lua_State* L) {
    const Seed& s = check_seed(L, 1);
    const std::string key = luaL_checkstring(L, 2);
    if (key == "session" || key == "block" || key == "trial") {
        const std::uint64_t v = key == "session" ? s.session : key == "block" ? s.block : s.trial;
        lua_pushinteger(L, static_cast<lua_Integer>(v));
        return 1;
    }
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__methods");
    lua_getfield(L, -1, key.c_str());
    return 1;
}

int seed_newindex(lua_State* L) {
    throw ConfigError("chaoslab.Seed is immutable; use seed:child{" + std::string(luaL_checkstring(L, 2)) + " = ...}");
}

// tostring(seed)
int seed_tostring(lua_State* L) {
    const Seed& s = check_seed(L, 1);
    lua_pushfstring(L, "chaoslab.seed{session=%I, block=%I, trial=%I}", static_cast<lua_Integer>(s.session),
                    static_cast<lua_Integer>(s.block), static_cast<lua_Integer>(s.trial));
    return 1;
}

int seed_eq(lua_State* L) {
    auto* a = static_cast<Seed*>(luaL_testudata(L, 1, kSeedMT));
    auto* b = static_cast<Seed*>(luaL_testudata(L, 2, kSeedMT));
    lua_pushboolean(L, a && b && *a == *b);
    return 1;
}

// ---- distributions --------------------------------------------------------------------------------

using DistributionRef = Ref<Distribution>;

void push_distribution(lua_State* L, Distribution d) {
    push_ref(L, std::make_shared<Distribution>(std::move(d)), kDistributionMT);
}

Distribution& check_dist_object(lua_State* L, int idx) { return check_object<Distribution>(L, idx, kDistributionMT); }

// chaoslab.normal(mu, sigma)
int dist_normal(lua_State* L) {
    push_distribution(L, Distribution::normal(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}
// chaoslab.uniform(lo, hi)
int dist_uniform(lua_State* L) {
    push_distribution(L, Distribution::uniform(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}
// chaoslab.lognormal(mu, sigma)
int dist_lognormal(lua_State* L) {
    push_distribution(L, Distribution::lognormal(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}
// chaoslab.exponential(mean)
int dist_exponential(lua_State* L) {
    push_distribution(L, Distribution::exponential(luaL_checknumber(L, 1)));
    return 1;
}
// chaoslab.bernoulli(p)
int dist_bernoulli(lua_State* L) {
    push_distribution(L, Distribution::bernoulli(luaL_checknumber(L, 1)));
    return 1;
}
// chaoslab.constant(x)
int dist_constant(lua_State* L) {
    push_distribution(L, Distribution::constant(luaL_checknumber(L, 1)));
    return 1;
}

// d:sample(n, seed [, stream]) -> Array of n draws (draw i depends only on seed, stream and i)
int dist_sample(lua_State* L) {
    const Distribution& d = check_dist_object(L, 1);
    const auto n = static_cast<std::size_t>(check_int_in(L, 2, 0, std::int64_t{1} << 36));
    const Seed seed = check_seed(L, 3);
    const StreamId stream = check_stream(L, 4, "sample");
    push_array(L, Array::from_vector(d.sample(n, seed, stream)));
    return 1;
}

// d:mean() -> number
int dist_mean(lua_State* L) {
    lua_pushnumber(L, check_dist_object(L, 1).mean());
    return 1;
}

// d:var() -> number
int dist_var(lua_State* L) {
    lua_pushnumber(L, check_dist_object(L, 1).variance());
    return 1;
}

// tostring(d)
int dist_tostring(lua_State* L) {
    const DistributionRef& ref = check_ref_slot<Distribution>(L, 1, kDistributionMT);
    lua_pushstring(L, ref ? ("chaoslab." + ref->describe()).c_str() : "chaoslab.Distribution (released)");
    return 1;
}

const luaL_Reg kSeedMeta[] = {
    {"__index", wrap<seed_index>},
    {"__newindex", wrap<seed_newindex>},
    {"__tostring", wrap<seed_tostring>},
    {"__eq", wrap<seed_eq>},
    {nullptr, nullptr},
};
const luaL_Reg kSeedMethods[] = {{"child", wrap<seed_child>}, {nullptr, nullptr}};

const luaL_Reg kDistMeta[] = {
    {"__tostring", wrap<dist_tostring>},
    {"__gc", wrap<gc_ref<Distribution, kDistributionMT>>},
    {nullptr, nullptr},
};
const luaL_Reg kDistMethods[] = {
    {"sample", wrap<dist_sample>}, {"mean", wrap<dist_mean>}, {"var", wrap<dist_var>}, {nullptr, nullptr}};

} // namespace

void register_random(lua_State* L) {
    new_type(L, kSeedMT, kSeedMeta, kSeedMethods);
    document_type(
        L, kSeedMT,
        "A seed key (session, block, trial). Every random number is a pure function of a seed, a stream "
        "and an index, so results never depend on threads, ranks or execution order. Fields: session, block, trial.");
    document_method(L, kSeedMethods, "child",
                    {"chaoslab.Seed:child", "seed:child{session=, block=, trial=} -> chaoslab.Seed",
                     "A copy of the seed with the given fields replaced (e.g. one per trial).", kChildOptions.specs()});
    new_type(L, kDistributionMT, kDistMeta, kDistMethods);
    document_type(L, kDistributionMT,
                  "A probability distribution; accepted wherever a per-neuron or per-synapse value is (as are plain "
                  "numbers and 1-D arrays of explicit values).");
    document_method(L, kDistMethods, "sample",
                    {"chaoslab.Distribution:sample", "d:sample(n, seed [, stream]) -> chaoslab.Array",
                     "n draws; draw i depends only on (seed, stream, i). stream is a name or an integer id "
                     "(default 'sample'); different streams are independent."});
    document_method(L, kDistMethods, "mean",
                    {"chaoslab.Distribution:mean", "d:mean() -> number", "The distribution's mean (closed form)."});
    document_method(L, kDistMethods, "var",
                    {"chaoslab.Distribution:var", "d:var() -> number", "The distribution's variance (closed form)."});

    set_function(L, "seed", wrap<seed_new>,
                 {"chaoslab.seed", "seed{session=, block=, trial=} | seed(session) -> chaoslab.Seed",
                  "A seed key for deterministic randomness.", kSeedOptions.specs()});
    set_function(L, "normal", wrap<dist_normal>,
                 {"chaoslab.normal", "normal(mu, sigma) -> chaoslab.Distribution",
                  "Gaussian with mean mu and standard deviation sigma >= 0 (units of the parameter it is used for)."});
    set_function(L, "uniform", wrap<dist_uniform>,
                 {"chaoslab.uniform", "uniform(lo, hi) -> chaoslab.Distribution", "Uniform on [lo, hi), hi >= lo."});
    set_function(L, "lognormal", wrap<dist_lognormal>,
                 {"chaoslab.lognormal", "lognormal(mu, sigma) -> chaoslab.Distribution",
                  "exp(X) with X ~ normal(mu, sigma): mu and sigma are those of the underlying normal."});
    set_function(
        L, "exponential", wrap<dist_exponential>,
        {"chaoslab.exponential", "exponential(mean) -> chaoslab.Distribution", "Exponential with the given mean > 0."});
    set_function(
        L, "bernoulli", wrap<dist_bernoulli>,
        {"chaoslab.bernoulli", "bernoulli(p) -> chaoslab.Distribution", "1 with probability p in [0, 1], else 0."});
    set_function(L, "constant", wrap<dist_constant>,
                 {"chaoslab.constant", "constant(x) -> chaoslab.Distribution",
                  "Always x (a plain number does the same where distributions are accepted)."});
}

} // namespace chaoslab::lua
