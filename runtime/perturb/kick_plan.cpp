// Kick plans against a network: listed ids checked against its size, drawn targets from its
// structure seed, one Kick per twin, and the timed kicks of a plain run.
#include "perturb/kick_plan.hpp"

#include "core/errors.hpp"
#include "core/selection.hpp"
#include "sim/compiled_network.hpp"

#include <algorithm>
#include <cstdint>

namespace chaoslab {

namespace {

std::vector<std::uint32_t> listed_neurons(const KickPlan& k, const SpikingNetwork& net) {
    return checked_ids(*k.neurons, net.size(), k.fn, "neurons");
}

// The neurons a spike or voltage kick targets: the list, or `count` drawn from the population.
std::vector<std::uint32_t> targets_of(const KickPlan& k, const SpikingNetwork& net) {
    if (k.neurons) return listed_neurons(k, net);
    std::uint32_t first = 0, n = net.size();
    if (k.population_network) {
        if (k.population_network != &net)
            throw ConfigError(std::string(k.fn) + ": option 'population' belongs to another network");
        first = net.populations()[k.population].offset;
        n = net.populations()[k.population].size();
    }
    if (k.count < 1)
        throw ConfigError(std::string(k.fn) + ": option 'neurons' must be >= 1, got " + std::to_string(k.count));
    return draw_targets(net, first, n, static_cast<std::uint32_t>(std::min<std::int64_t>(k.count, UINT32_MAX)), k.fn);
}

} // namespace

TwinPlan plan_twins(const SpikingNetwork& net, const KickPlan& k) {
    TwinPlan plan;
    if (k.kind == Kick::Kind::state) {
        Kick kick;
        kick.kind = Kick::Kind::state;
        kick.size = k.size;
        if (k.neurons) kick.neurons = listed_neurons(k, net);
        if (k.twins < 1)
            throw ConfigError(std::string(k.fn) + ": option 'twins' must be >= 1, got " + std::to_string(k.twins));
        plan.kicks.assign(static_cast<std::size_t>(k.twins), kick);
        return plan;
    }
    plan.neurons = targets_of(k, net);
    for (std::uint32_t i : plan.neurons) {
        Kick kick;
        kick.kind = k.kind;
        kick.neurons = {i};
        kick.size = k.size;
        plan.kicks.push_back(std::move(kick));
    }
    return plan;
}

std::vector<StateKick> timed_kicks(const SpikingNetwork& net, std::span<const KickPlan> kicks, double dt_ms) {
    std::vector<StateKick> out;
    const Seed seed{net.seed().session, net.seed().block, net.seed().trial};
    for (const KickPlan& k : kicks) {
        if (!k.at_ms) {
            throw ConfigError(std::string("run: the ") + k.fn + " kick needs its time: " + k.fn + "{..., at = ms}");
        }
        Kick kick;
        kick.kind = k.kind;
        kick.size = k.size;
        if (k.kind == Kick::Kind::state) {
            if (k.neurons) kick.neurons = listed_neurons(k, net);
        } else {
            kick.neurons = targets_of(k, net);
        }
        for (StateKick& s : state_kicks(net, kick, to_steps(*k.at_ms, dt_ms), seed, 0)) out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const StateKick& a, const StateKick& b) { return a.step < b.step; });
    return out;
}

} // namespace chaoslab
