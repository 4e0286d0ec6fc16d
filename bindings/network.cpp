// Lua bindings of what every model family shares: chaoslab.network{}, the Network and Population
// types, and the dispatch of net:connect and net:run to the family the network holds.
#include "network.hpp"

#include "module.hpp"

#include <string>
#include <vector>

namespace chaoslab::lua {

namespace {

struct NetworkCall {
    Seed seed{0, 0, 0};
};

const OptionTable<NetworkCall> kNetworkOptions{
    "network",
    {seed_option(&NetworkCall::seed, "seed(0)",
                 "chaoslab.Seed or an integer session: structure (connectivity, parameters drawn from "
                 "distributions) depends on (session, block), trial noise on (session, block, trial)")}};

std::vector<FamilyBinding>& families() {
    static std::vector<FamilyBinding> list;
    return list;
}

const FamilyBinding& family_of(const NetworkHandle& h) {
    const std::vector<FamilyBinding>& list = families();
    if (list.empty()) throw ConfigError("network: no model family is registered");
    if (!h.model) return list.front();
    for (const FamilyBinding& f : list)
        if (std::string_view(f.name) == h.model->family()) return f;
    throw ConfigError(std::string("network: the model family '") + h.model->family() + "' has no bindings");
}

// chaoslab.network{seed = } -> chaoslab.Network
int network_new(lua_State* L) {
    const NetworkCall call = kNetworkOptions.read(L, 1);
    auto h = std::make_shared<NetworkHandle>();
    h->seed = call.seed;
    push_network(L, std::move(h));
    return 1;
}

// net:connect(pre, post, {...}) -> the family's connect
int network_connect(lua_State* L) { return family_of(*check_network(L, 1)).connect(L); }

// net:run{...} -> the family's run
int network_run(lua_State* L) { return family_of(*check_network(L, 1)).run(L); }

// net:size() / #net -> number of neurons (units)
int network_size(lua_State* L) {
    const auto& net = check_network(L, 1);
    lua_pushinteger(L, net->model ? net->model->size() : 0);
    return 1;
}

// net:populations() -> {chaoslab.Population, ...}
int network_populations(lua_State* L) {
    auto& net = check_network(L, 1);
    const std::size_t n = net->model ? net->model->population_count() : 0;
    lua_createtable(L, static_cast<int>(n), 0);
    for (std::size_t p = 0; p < n; ++p) {
        push_population(L, net, static_cast<std::uint32_t>(p));
        lua_rawseti(L, -2, static_cast<lua_Integer>(p + 1));
    }
    return 1;
}

// net:synapses() -> number of synapses (couplings)
int network_synapses(lua_State* L) {
    const auto& net = check_network(L, 1);
    lua_pushinteger(L, net->model ? static_cast<lua_Integer>(net->model->connection_count()) : 0);
    return 1;
}

int network_tostring(lua_State* L) {
    auto& ref = check_ref_slot<NetworkHandle>(L, 1, kNetworkMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Network (released)");
        return 1;
    }
    const Seed& s = ref->seed;
    const std::string text =
        "chaoslab.Network(" +
        (ref->model ? ref->model->summary() : std::string("0 neurons in 0 populations, 0 synapses")) +
        ", seed{session=" + std::to_string(s.session) + ", block=" + std::to_string(s.block) + "})";
    lua_pushstring(L, text.c_str());
    return 1;
}

// pop:size() / #pop
int population_size(lua_State* L) {
    lua_pushinteger(L, check_population(L, 1)->summary().size);
    return 1;
}

// pop:ids() -> Array of the population's network-wide neuron ids (1-based)
int population_ids(lua_State* L) {
    const PopulationSummary p = check_population(L, 1)->summary();
    push_array(L, Array::range(p.offset + 1.0, static_cast<double>(p.offset) + p.size, 1.0));
    return 1;
}

// pop:values(name) -> Array of a drawn per-neuron parameter ("v_th", "tau_m", ...)
int population_values(lua_State* L) {
    const auto& h = check_population(L, 1);
    const char* name = luaL_checkstring(L, 2);
    const std::vector<std::string> names = h->network->model->parameter_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        lua_pushfstring(L, "invalid option '%s'", name);
        return luaL_argerror(L, 2, lua_tostring(L, -1));
    }
    push_array(L, Array::from_vector(h->network->model->parameter_values(h->index, name)));
    return 1;
}

// pop:name()
int population_name(lua_State* L) {
    lua_pushstring(L, check_population(L, 1)->summary().name.c_str());
    return 1;
}

int population_tostring(lua_State* L) {
    auto& ref = check_ref_slot<PopulationHandle>(L, 1, kPopulationMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Population (released)");
        return 1;
    }
    const PopulationSummary p = ref->summary();
    const std::string text = "chaoslab.Population('" + p.name + "', " + std::to_string(p.size) + " " + p.model +
                             ", ids " + std::to_string(p.offset + 1) + ".." + std::to_string(p.offset + p.size) + ")";
    lua_pushstring(L, text.c_str());
    return 1;
}

const luaL_Reg kNetworkMeta[] = {
    {"__gc", wrap<gc_ref<NetworkHandle, kNetworkMT>>},
    {"__tostring", wrap<network_tostring>},
    {"__len", wrap<network_size>},
    {nullptr, nullptr},
};
const luaL_Reg kNetworkMethods[] = {
    {"connect", wrap<network_connect>},         {"run", wrap<network_run>},           {"size", wrap<network_size>},
    {"populations", wrap<network_populations>}, {"synapses", wrap<network_synapses>}, {nullptr, nullptr},
};
const luaL_Reg kPopulationMeta[] = {
    {"__gc", wrap<gc_ref<PopulationHandle, kPopulationMT>>},
    {"__tostring", wrap<population_tostring>},
    {"__len", wrap<population_size>},
    {nullptr, nullptr},
};
const luaL_Reg kPopulationMethods[] = {
    {"size", wrap<population_size>},
    {"ids", wrap<population_ids>},
    {"values", wrap<population_values>},
    {"name", wrap<population_name>},
    {nullptr, nullptr},
};

} // namespace

namespace detail {
void wrong_family(const NetworkHandle& h, const char* fn) {
    throw ConfigError(std::string(fn) + ": the network already holds " + family_of(h).noun +
                      " populations (use another network)");
}
} // namespace detail

std::uint32_t population_of(lua_State* L, int idx, const std::shared_ptr<NetworkHandle>& net) {
    const auto& pop = check_population(L, idx);
    if (pop->network != net) throw ArgError(idx, "the population belongs to another network");
    return pop->index;
}

void add_family(lua_State* L, const FamilyBinding& family, const FunctionDoc& connect_doc, const FunctionDoc& run_doc) {
    std::vector<FamilyBinding>& list = families();
    const bool known = std::any_of(list.begin(), list.end(),
                                   [&](const FamilyBinding& f) { return std::string_view(f.name) == family.name; });
    if (!known) list.push_back(family);
    const bool first = std::string_view(list.front().name) == family.name;
    // The default family's docs describe the methods themselves; the others' their own functions.
    if (first) {
        document_method(L, kNetworkMethods, "connect", connect_doc);
        document_method(L, kNetworkMethods, "run", run_doc);
        return;
    }
    lua_pushcfunction(L, family.connect);
    document(L, connect_doc);
    lua_pop(L, 1);
    lua_pushcfunction(L, family.run);
    document(L, run_doc);
    lua_pop(L, 1);
}

void add_network_method(lua_State* L, const char* name, lua_CFunction f, const FunctionDoc& doc) {
    luaL_getmetatable(L, kNetworkMT); // [.., mt]
    lua_getfield(L, -1, "__methods"); // [.., mt, methods]
    lua_pushcfunction(L, f);
    document(L, doc);
    lua_setfield(L, -2, name);
    lua_pop(L, 2);
}

void register_network(lua_State* L) {
    new_type(L, kNetworkMT, kNetworkMeta, kNetworkMethods);
    document_type(L, kNetworkMT,
                  "A network of one model family: spiking (net:lif{}: LIF populations, projections, Poisson inputs "
                  "and currents) or rate (net:rate{}: rate units and couplings). Structure is drawn when declared, "
                  "from the network seed's (session, block).");
    new_type(L, kPopulationMT, kPopulationMeta, kPopulationMethods);
    document_type(L, kPopulationMT,
                  "A population of a chaoslab.Network: LIF neurons (net:lif{}) or rate units (net:rate{}).");
    document_method(L, kNetworkMethods, "size",
                    {"chaoslab.Network:size", "net:size() -> integer", "Number of neurons (also #net)."});
    document_method(L, kNetworkMethods, "populations",
                    {"chaoslab.Network:populations", "net:populations() -> {chaoslab.Population, ...}",
                     "The populations in creation order."});
    document_method(L, kNetworkMethods, "synapses",
                    {"chaoslab.Network:synapses", "net:synapses() -> integer",
                     "Total number of synapses (of a rate network: couplings)."});
    document_method(L, kPopulationMethods, "size",
                    {"chaoslab.Population:size", "pop:size() -> integer", "Number of neurons (also #pop)."});
    document_method(L, kPopulationMethods, "ids",
                    {"chaoslab.Population:ids", "pop:ids() -> chaoslab.Array",
                     "The network-wide ids (1-based) of the population's neurons, as used in spike ids."});
    document_method(L, kPopulationMethods, "values",
                    {"chaoslab.Population:values", "pop:values(name) -> chaoslab.Array",
                     "The drawn per-neuron values of a parameter: 'tau_m', 'v_rest', 'v_reset', 'v_th', 't_ref' or "
                     "'i_e' (LIF); 'tau', 'gain', 'shift' or 'input' (rate units)."});
    document_method(L, kPopulationMethods, "name",
                    {"chaoslab.Population:name", "pop:name() -> string", "The population's name."});
    set_function(L, "network", wrap<network_new>,
                 {"chaoslab.network", "network{seed = } -> chaoslab.Network",
                  "An empty network; add populations with net:lif{} (spiking) or net:rate{} (rate units), synapses "
                  "with net:connect().",
                  kNetworkOptions.specs()});
}

} // namespace chaoslab::lua
