// Lua bindings of the perturbations: chaoslab.extra_spike{}, voltage_kick{} and state_kick{} make a
// chaoslab.Kick (a runtime KickPlan) for chaoslab.perturbation{} or net:run{perturb = ...}.
#include "convert.hpp"
#include "module.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace chaoslab::lua {

namespace {

// The neurons option: a count to draw or a list of ids; the message says which the kick accepts.
void read_neurons(const OptionContext& c, KickHandle& k, bool count_allowed) {
    if (count_allowed && lua_type(c.L, c.idx) == LUA_TNUMBER) {
        k.plan.count = detail::read_integer(c, Check::integer, INT64_MAX);
        if (k.plan.count < 1) c.fail("must be >= 1, got " + std::to_string(k.plan.count));
        return;
    }
    if (!lua_istable(c.L, c.idx) && !test_array(c.L, c.idx)) {
        c.fail(std::string(count_allowed ? "must be a count or a list of neuron ids, got "
                                         : "must be a list of neuron ids, got ") +
               c.got());
    }
    k.plan.neurons = read_ids(c.L, c.idx, c.list());
    if (k.plan.neurons->empty()) c.fail("must not be an empty list");
}

Option<KickHandle> population_option() {
    return custom<KickHandle>("population", "", "all neurons", "draw the neurons from this chaoslab.Population only",
                              [](const OptionContext& c, KickHandle& k) {
                                  if (!luaL_testudata(c.L, c.idx, kPopulationMT))
                                      c.fail("must be a chaoslab.Population, got " + c.got());
                                  const auto& pop = check_population(c.L, c.idx);
                                  k.population_network = pop->network->model;
                                  k.plan.population_network = k.population_network.get();
                                  k.plan.population = pop->index;
                              });
}

Option<KickHandle> at_option(const char* doc) {
    return number(
               "at", +[](KickHandle& k) -> std::optional<double>& { return k.plan.at_ms; }, "ms", doc,
               Check::non_negative)
        .shows("baseline");
}

const OptionTable<KickHandle> kExtraSpikeOptions{
    "extra_spike",
    {
        custom<KickHandle>("neurons", "", "1",
                           "how many neurons to perturb, drawn without replacement from the network seed (one twin "
                           "each), or a list of network-wide ids (1-based)",
                           [](const OptionContext& c, KickHandle& k) { read_neurons(c, k, true); }),
        population_option(),
        at_option("time of the kick in net:run{perturb = ...}; chaoslab.perturbation uses its baseline"),
    }};

const OptionTable<KickHandle> kVoltageKickOptions{
    "voltage_kick",
    {
        custom<KickHandle>("neurons", "", "1", "how many neurons (drawn, one twin each) or a list of ids (1-based)",
                           [](const OptionContext& c, KickHandle& k) { read_neurons(c, k, true); }),
        number(
            "size", +[](KickHandle& k) -> double& { return k.plan.size; }, "mV",
            "added to the membrane potential (0 gives an exact copy of the control)", Check::finite)
            .needed(),
        population_option(),
        at_option("time of the kick in net:run{perturb = ...}"),
    }};

const OptionTable<KickHandle> kStateKickOptions{
    "state_kick",
    {
        number(
            "epsilon", +[](KickHandle& k) -> double& { return k.plan.size; }, "mV",
            "norm of the random kick vector added to the membrane potentials", Check::non_negative)
            .needed(),
        integer(
            "twins", +[](KickHandle& k) -> std::int64_t& { return k.plan.twins; },
            "number of twins, each with its own random direction", Check::positive_integer),
        custom<KickHandle>("neurons", "", "all", "a list of ids (1-based) the kick is spread over",
                           [](const OptionContext& c, KickHandle& k) { read_neurons(c, k, false); }),
        at_option("time of the kick in net:run{perturb = ...}"),
    }};

KickHandle made(Kick::Kind kind, const char* fn) {
    KickHandle k;
    k.plan.kind = kind;
    k.plan.fn = fn;
    return k;
}

// chaoslab.extra_spike{neurons = 20 | {ids}, population =, at =} -> chaoslab.Kick
int kick_extra_spike(lua_State* L) {
    push_kick(L, kExtraSpikeOptions.read(L, 1, made(Kick::Kind::extra_spike, "extra_spike")));
    return 1;
}

// chaoslab.voltage_kick{neurons =, size = mV, population =, at =} -> chaoslab.Kick
int kick_voltage(lua_State* L) {
    push_kick(L, kVoltageKickOptions.read(L, 1, made(Kick::Kind::voltage, "voltage_kick")));
    return 1;
}

// chaoslab.state_kick{epsilon = mV, twins =, neurons =, at =} -> chaoslab.Kick
int kick_state(lua_State* L) {
    push_kick(L, kStateKickOptions.read(L, 1, made(Kick::Kind::state, "state_kick")));
    return 1;
}

int kick_tostring(lua_State* L) {
    auto& ref = check_ref_slot<KickHandle>(L, 1, kKickMT);
    if (!ref) {
        lua_pushliteral(L, "chaoslab.Kick (released)");
        return 1;
    }
    const KickPlan& k = ref->plan;
    std::string text = std::string("chaoslab.Kick(") + k.fn;
    if (k.kind == Kick::Kind::state) {
        text += ", epsilon=" + format_number(k.size) + " mV, twins=" + std::to_string(k.twins);
    } else {
        text += k.neurons ? ", " + std::to_string(k.neurons->size()) + " listed neurons"
                          : ", " + std::to_string(k.count) + " drawn neurons";
        if (k.kind == Kick::Kind::voltage) text += ", size=" + format_number(k.size) + " mV";
    }
    if (k.at_ms) text += ", at=" + format_number(*k.at_ms) + " ms";
    lua_pushstring(L, (text + ")").c_str());
    return 1;
}

const luaL_Reg kKickMeta[] = {
    {"__gc", wrap<gc_ref<KickHandle, kKickMT>>},
    {"__tostring", wrap<kick_tostring>},
    {nullptr, nullptr},
};
const luaL_Reg kKickMethods[] = {{nullptr, nullptr}};

} // namespace

void register_kick(lua_State* L) {
    new_type(L, kKickMT, kKickMeta, kKickMethods);
    document_type(L, kKickMT,
                  "A perturbation for chaoslab.perturbation{kick = ...} (one twin per perturbed neuron or per random "
                  "direction) or net:run{perturb = {...}} (with `at` times).");
    set_function(L, "extra_spike", wrap<kick_extra_spike>,
                 {"chaoslab.extra_spike", "extra_spike{neurons = 20 | {ids}, population =, at =} -> chaoslab.Kick",
                  "One auxiliary spike of a neuron (seed 000): reset, refractory, delivered to its targets like a "
                  "real spike. neurons = k draws k distinct neurons from the network seed.",
                  kExtraSpikeOptions.specs()});
    set_function(L, "voltage_kick", wrap<kick_voltage>,
                 {"chaoslab.voltage_kick", "voltage_kick{neurons =, size = mV, at =} -> chaoslab.Kick",
                  "Adds size mV to the membrane potential of a neuron (lost if it is refractory).",
                  kVoltageKickOptions.specs()});
    set_function(L, "state_kick", wrap<kick_state>,
                 {"chaoslab.state_kick", "state_kick{epsilon = mV, twins =, neurons =} -> chaoslab.Kick",
                  "Adds epsilon times a random unit vector (one per twin) to the membrane potentials.",
                  kStateKickOptions.specs()});
}

} // namespace chaoslab::lua
