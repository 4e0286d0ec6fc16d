// The one converter place between Lua values and the runtime: the userdata handles (arrays, seeds,
// distributions, networks, populations, kicks), one reader of number and id lists (1-based in Lua),
// the seed/trials/precision options, and option tables bound to the members of a config struct, so
// that each option's name, unit, default, check and help text exist once.
#pragma once

#include "support.hpp"

#include "core/array.hpp"
#include "core/distribution.hpp"
#include "core/enum_names.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "core/selection.hpp"
#include "network/family.hpp"
#include "perturb/kick_plan.hpp"
#include "sim/run.hpp"

#include <lua.hpp>

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace chaoslab::lua {

// ---- handles ---------------------------------------------------------------------------------

inline constexpr char kArrayMT[] = "chaoslab.Array";
inline constexpr char kSeedMT[] = "chaoslab.Seed";
inline constexpr char kDistributionMT[] = "chaoslab.Distribution";
inline constexpr char kNetworkMT[] = "chaoslab.Network";
inline constexpr char kPopulationMT[] = "chaoslab.Population";
inline constexpr char kKickMT[] = "chaoslab.Kick";

void push_array(lua_State* L, Array a);
void push_array(lua_State* L, std::vector<double> values, Shape shape = {});
Array& check_array(lua_State* L, int idx); // Lua's "chaoslab.Array expected, got X" otherwise
Array* test_array(lua_State* L, int idx);  // nullptr when the value is not a live array

void push_seed(lua_State* L, const Seed& seed);
Seed& check_seed(lua_State* L, int idx);
// A number (constant), a chaoslab.Distribution or a 1-D chaoslab.Array (explicit values).
Distribution check_distribution(lua_State* L, int idx);
// A stream argument: a name (hashed) or a non-negative integer id; `fallback` when absent.
StreamId check_stream(lua_State* L, int idx, const char* fallback);

// A chaoslab.Network: its seed, and the network of the model family its first population chose
// (null while it has none). One handle holds one family.
struct NetworkHandle {
    Seed seed;
    std::shared_ptr<FamilyNetwork> model;
    template <class F> F* as() const { return dynamic_cast<F*>(model.get()); }
};
// A chaoslab.Population: its network (kept alive) and its index there.
struct PopulationHandle {
    std::shared_ptr<NetworkHandle> network;
    std::uint32_t index = 0;
    PopulationSummary summary() const { return network->model->population(index); }
};
// A chaoslab.Kick: the runtime's plan, and the network its 'population' option points into (kept
// alive, so the plan's pointer to it stays valid).
struct KickHandle {
    KickPlan plan;
    std::shared_ptr<const FamilyNetwork> population_network;
};

void push_network(lua_State* L, std::shared_ptr<NetworkHandle> net);
std::shared_ptr<NetworkHandle>& check_network(lua_State* L, int idx);
void push_population(lua_State* L, const std::shared_ptr<NetworkHandle>& net, std::uint32_t index);
std::shared_ptr<PopulationHandle>& check_population(lua_State* L, int idx);
void push_kick(lua_State* L, KickHandle kick);
KickHandle& check_kick(lua_State* L, int idx);

// {times = Array (ms), ids = Array (1-based)} of a trial's spikes from t_from on.
void push_spikes(lua_State* L, const TrialRecord& rec, double t_from = -1.0);

// ---- lists ------------------------------------------------------------------------------------

// Where a list came from, for messages: "<fn>: option '<option>' must hold integers, got 'x' at position 2";
// with an empty fn (a positional argument) "<option> must hold ...".
struct ListSource {
    std::string fn, option;
};

// Numbers of a Lua list or a chaoslab.Array (any shape, row-major); a number alone is a list of one
// when `scalar` is allowed.
std::vector<double> read_numbers(lua_State* L, int idx, const ListSource& from, bool scalar = false);
// Integers of a list or array ("must hold integers, got 1.5 at position 2").
std::vector<std::int64_t> read_integers(lua_State* L, int idx, const ListSource& from, bool scalar = false);
// Ids as Lua writes them (1-based) turned into the runtime's 0-based indices; ranges are checked by
// the runtime where the size is known (core/ids.hpp).
std::vector<std::int64_t> read_ids(lua_State* L, int idx, const ListSource& from, bool scalar = false);
// Strings of a list ("must hold strings, got 3 at position 1").
std::vector<std::string> read_strings(lua_State* L, int idx, const ListSource& from);

// 0-based indices as a chaoslab.Array of the 1-based ids Lua writes (the inverse of read_ids).
void push_ids(lua_State* L, std::span<const std::size_t> indices);
// Integers (e.g. 64-bit original neuron ids) as a chaoslab.Array when every one is exact in a double
// (|x| <= 2^53), else as a list of Lua integers.
void push_integers(lua_State* L, std::span<const std::int64_t> values);
// Strings as a Lua list.
void push_strings(lua_State* L, std::span<const std::string> values);

// ---- option tables bound to struct members (STYLE.md C5) ---------------------------------------

// Where a value being read sits and whose it is: errors read "<fn>: option '<name>' <msg>".
struct OptionContext {
    lua_State* L;
    int idx; // absolute stack index of the value
    const char* fn;
    std::string name; // with the path of nested tables: "record.v"
    [[noreturn]] void fail(const std::string& msg) const;
    ListSource list() const { return {fn, name}; }
    std::string got() const { return describe_value(L, idx); }
};

// One option of config struct S: the single source of its key, unit, default, check and help.
template <class S> struct Option {
    const char* name;
    const char* unit;
    const char* doc;
    std::string default_text; // as help() shows it: from a default-made S unless given
    Check check = Check::any;
    bool required = false;
    std::function<void(const OptionContext&, S&)> read;

    Option&& needed() && {
        required = true;
        default_text = "required";
        return std::move(*this);
    }
    Option&& shows(std::string text) && {
        default_text = std::move(text);
        return std::move(*this);
    }
    // An option of a base of S is an option of S.
    template <class B>
    requires(std::derived_from<S, B> && !std::same_as<S, B>) Option(Option<B> base)
        : name(base.name), unit(base.unit), doc(base.doc), default_text(std::move(base.default_text)),
          check(base.check), required(base.required),
          read([r = std::move(base.read)](const OptionContext& c, S& s) { r(c, static_cast<B&>(s)); }) {}
    Option(const char* n, const char* u, const char* d, std::string def, Check c = Check::any)
        : name(n), unit(u), doc(d), default_text(std::move(def)), check(c) {}
};

namespace detail {
// An option's place in its struct: a data member pointer (&S::x), or for nested fields a function
// returning a reference (+[](S& s) -> T& { return s.synapse.kind; }).
template <class M> struct MemberOf;
template <class C, class T> struct MemberOf<T C::*> {
    using owner = C;
    using type = T;
};
template <class C, class T> struct MemberOf<T& (*)(C&)> {
    using owner = C;
    using type = T;
};
template <class S, class M> decltype(auto) field(S& s, M m) {
    if constexpr (std::is_member_object_pointer_v<M>)
        return (s.*m);
    else
        return m(s);
}
// The default of a member, from a default-made struct.
template <class S, class M> auto default_of(M m) {
    S s{};
    return field(s, m);
}
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class T> using Bare = typename std::conditional_t<IsOptional<T>::value, T, std::optional<T>>::value_type;

double read_number(const OptionContext& c, Check check);
std::int64_t read_integer(const OptionContext& c, Check check, std::int64_t max);
bool read_boolean(const OptionContext& c);
std::string read_string(const OptionContext& c);
Distribution read_distribution(const OptionContext& c);
std::string number_text(double x);
std::string distribution_text(const Distribution& d);
std::string choice_list(std::span<const char* const> names, bool quoted);
} // namespace detail

// A number (double) member, or std::optional<double>.
template <class M>
auto number(const char* name, M member, const char* unit, const char* doc, Check check = Check::any) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) def = detail::number_text(detail::default_of<S>(member));
    Option<S> o(name, unit, doc, std::move(def), check);
    o.read = [member, check](const OptionContext& c, S& s) {
        detail::field(s, member) = detail::read_number(c, check);
    };
    return o;
}

// An integer member of any integer type (or its std::optional), at most `max`.
template <class M>
auto integer(const char* name, M member, const char* doc, Check check = Check::integer, std::int64_t max = INT64_MAX) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    using V = detail::Bare<T>;
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) def = std::to_string(detail::default_of<S>(member));
    Option<S> o(name, "", doc, std::move(def), check);
    o.read = [member, check, max](const OptionContext& c, S& s) {
        detail::field(s, member) = static_cast<V>(detail::read_integer(c, check, max));
    };
    return o;
}

template <class M> auto flag(const char* name, M member, const char* doc) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) def = detail::default_of<S>(member) ? "true" : "false";
    Option<S> o(name, "", doc, std::move(def));
    o.read = [member](const OptionContext& c, S& s) { detail::field(s, member) = detail::read_boolean(c); };
    return o;
}

template <class M> auto text(const char* name, M member, const char* doc) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) {
        const std::string v = detail::default_of<S>(member);
        if (!v.empty()) def = "'" + v + "'";
    }
    Option<S> o(name, "", doc, std::move(def));
    o.read = [member](const OptionContext& c, S& s) { detail::field(s, member) = detail::read_string(c); };
    return o;
}

// A per-neuron (per-synapse) value: a number, a chaoslab.Distribution or a 1-D array.
template <class M> auto distribution(const char* name, M member, const char* unit, const char* doc) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) def = detail::distribution_text(detail::default_of<S>(member));
    Option<S> o(name, unit, doc, std::move(def));
    o.read = [member](const OptionContext& c, S& s) { detail::field(s, member) = detail::read_distribution(c); };
    return o;
}

// A list of 1-based ids (a table or array of integers, or one number) into 0-based indices.
template <class M> auto ids(const char* name, M member, const char* doc, bool scalar = false) {
    using S = typename detail::MemberOf<M>::owner;
    Option<S> o(name, "", doc, "none");
    o.read = [member, scalar](const OptionContext& c, S& s) {
        detail::field(s, member) = read_ids(c.L, c.idx, c.list(), scalar);
    };
    return o;
}

// A string that names one of the enumerators of E: the one mapping from text to enum (the runtime's
// EnumName tables where it has them), used for reading, for the message ("must be one of 'a', 'b',
// got 'c'") and for the default help shows.
template <class E> using Choice = EnumName<E>;

template <class M, class E = detail::Bare<typename detail::MemberOf<M>::type>>
auto choice(const char* name, M member, std::span<const Choice<std::type_identity_t<E>>> choices, const char* doc,
            bool quoted = true) {
    using S = typename detail::MemberOf<M>::owner;
    using T = typename detail::MemberOf<M>::type;
    std::vector<Choice<E>> list(choices.begin(), choices.end());
    std::string def = "none";
    if constexpr (!detail::IsOptional<T>::value) {
        for (const Choice<E>& ch : list) {
            if (ch.value == detail::default_of<S>(member)) {
                def = quoted ? "'" + std::string(ch.text) + "'" : ch.text;
                break;
            }
        }
    }
    Option<S> o(name, "", doc, std::move(def));
    o.read = [member, list, quoted](const OptionContext& c, S& s) {
        const std::string v = detail::read_string(c);
        std::vector<const char*> names;
        for (const Choice<E>& ch : list) {
            if (v == ch.text) {
                detail::field(s, member) = ch.value;
                return;
            }
            names.push_back(ch.text);
        }
        c.fail("must be one of " + detail::choice_list(names, quoted) + ", got '" + v + "'");
    };
    return o;
}

template <class M, class E = detail::Bare<typename detail::MemberOf<M>::type>>
auto choice(const char* name, M member, std::initializer_list<Choice<std::type_identity_t<E>>> choices, const char* doc,
            bool quoted = true) {
    return choice<M, E>(name, member, std::span<const Choice<E>>(choices.begin(), choices.size()), doc, quoted);
}

// Anything else: `read` converts the value at c.idx; `default_text` is shown by help().
template <class S> Option<S> custom(const char* name, const char* unit, const char* default_text, const char* doc,
                                    std::function<void(const OptionContext&, S&)> read) {
    Option<S> o(name, unit, doc, default_text);
    o.read = std::move(read);
    return o;
}

// A named set of defaults: option 'preset' applies it before the other options are read.
template <class S> struct Preset {
    const char* name;
    std::function<void(S&)> apply;
};

namespace detail {
// The keys of the table at idx, checked against `names` ("unknown option 'x' (did you mean 'y'?)").
void check_keys(lua_State* L, int idx, const char* fn, const std::string& prefix, std::span<const std::string> names);
int push_field(lua_State* L, int idx, const char* name); // pushes table[name], returns its type
} // namespace detail

// The options of function `fn` for config struct S.
template <class S> class OptionTable {
public:
    OptionTable(const char* fn, std::vector<Option<S>> options, std::vector<Preset<S>> presets = {},
                const char* preset_doc = "")
        : fn_(fn), options_(std::move(options)), presets_(std::move(presets)) {
        for (const Option<S>& o : options_) names_.emplace_back(o.name);
        if (!presets_.empty()) {
            names_.emplace_back("preset");
            preset_doc_ = preset_doc;
        }
        for (const Option<S>& o : options_) specs_.push_back({o.name, o.unit, o.default_text.c_str(), o.doc, o.check});
        if (!presets_.empty()) specs_.push_back({"preset", "", "none", preset_doc_.c_str(), Check::any});
    }
    OptionTable(const OptionTable&) = delete;
    OptionTable& operator=(const OptionTable&) = delete;

    const char* fn() const { return fn_; }
    // For help(): name, unit, default, doc and constraint of every option.
    std::span<const OptionSpec> specs() const { return specs_; }

    // Reads the option table at idx (absent or nil: every option keeps its default, required ones
    // fail) into a copy of `base`: unknown keys first, then the preset, then every option in the
    // order declared. Nested tables pass their path as `prefix` ("record.").
    S read(lua_State* L, int idx, S base = S{}, const std::string& prefix = "") const {
        S s = std::move(base);
        const bool absent = lua_isnoneornil(L, idx);
        if (!absent) {
            if (!lua_istable(L, idx)) {
                if (prefix.empty()) luaL_checktype(L, idx, LUA_TTABLE);
                const std::string path = prefix.substr(0, prefix.size() - 1);
                OptionContext{L, lua_absindex(L, idx), fn_, path}.fail("must be a table, got " +
                                                                       describe_value(L, idx));
            }
            idx = lua_absindex(L, idx);
            detail::check_keys(L, idx, fn_, prefix, names_);
            if (!presets_.empty() && detail::push_field(L, idx, "preset") != LUA_TNIL) {
                const OptionContext c{L, lua_gettop(L), fn_, prefix + "preset"};
                apply_preset(c, s);
            }
            if (!presets_.empty()) lua_pop(L, 1);
        }
        for (const Option<S>& o : options_) {
            const int type = absent ? LUA_TNIL : detail::push_field(L, idx, o.name);
            const OptionContext c{L, lua_gettop(L), fn_, prefix + o.name};
            if (type == LUA_TNIL) {
                if (!absent) lua_pop(L, 1);
                if (o.required) c.fail("is required");
                continue;
            }
            o.read(c, s);
            lua_pop(L, 1);
        }
        return s;
    }

private:
    void apply_preset(const OptionContext& c, S& s) const {
        const std::string v = detail::read_string(c);
        std::vector<const char*> names;
        for (const Preset<S>& p : presets_) {
            if (v == p.name) {
                p.apply(s);
                return;
            }
            names.push_back(p.name);
        }
        c.fail("must be " + detail::choice_list(names, true) + ", got '" + v + "'");
    }

    const char* fn_;
    std::vector<Option<S>> options_;
    std::vector<Preset<S>> presets_;
    std::string preset_doc_;
    std::vector<std::string> names_;
    std::vector<OptionSpec> specs_;
};

// ---- shared options ----------------------------------------------------------------------------

// help() text of the 'precision' option of net:run and chaoslab.perturbation.
inline constexpr char kPrecisionHelp[] =
    "'double' or 'single': the floating-point type of membrane potentials, currents and arrivals. Single "
    "halves the memory traffic (about 1.6x faster at N = 10^4) and rounds parameters to 7 digits; its "
    "trajectories differ from double's like any rounding of a chaotic run, its statistics do not; voltage "
    "kicks below 1e-4 mV are refused";

// A chaoslab.Seed or an integer session (seed{session = n}).
Seed read_seed(const OptionContext& c);
// A count of trials or a list of trial numbers (core/rng.hpp TrialSelection).
TrialSelection read_trials(const OptionContext& c);
// A chaoslab.Network (or its handle) given as an option.
std::shared_ptr<NetworkHandle> read_network(const OptionContext& c);

// Option 'trials' (a count or a list of trial numbers) into a TrialSelection member.
template <class M> auto trials_option(M member, const char* default_text, const char* doc) {
    using S = typename detail::MemberOf<M>::owner;
    Option<S> o("trials", "", doc, default_text);
    o.read = [member](const OptionContext& c, S& s) { detail::field(s, member) = read_trials(c); };
    return o;
}

// Option 'seed' (a chaoslab.Seed or an integer session) into a Seed member.
template <class M> auto seed_option(M member, const char* default_text, const char* doc) {
    using S = typename detail::MemberOf<M>::owner;
    Option<S> o("seed", "", doc, default_text);
    o.read = [member](const OptionContext& c, S& s) { detail::field(s, member) = read_seed(c); };
    return o;
}

} // namespace chaoslab::lua
