// What a kick constructor (chaoslab.extra_spike{}, voltage_kick{}, state_kick{}) describes before it
// meets a network, and the plan that follows once it does: which twin gets which kick (one twin per
// drawn or listed neuron, or one per random direction), or the timed kicks of a plain run.
#pragma once

#include "network/spiking_network.hpp"
#include "perturb/protocol.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chaoslab {

struct KickPlan {
    Kick::Kind kind = Kick::Kind::extra_spike;
    const char* fn = "extra_spike"; // the constructor's name, for messages
    // Spike and voltage kicks: `count` distinct neurons drawn from the network structure seed (one twin
    // each), or the listed neurons (network-wide 0-based ids; one twin each). State kicks: `twins`
    // random directions over the listed neurons (all neurons when none are listed).
    std::int64_t count = 1;
    std::optional<std::vector<std::int64_t>> neurons;
    std::int64_t twins = 1;
    // Draw from this population of this network only (default: all neurons).
    const FamilyNetwork* population_network = nullptr;
    std::uint32_t population = 0;
    double size = 0.0;           // mV: the voltage step, or the norm epsilon of a state kick
    std::optional<double> at_ms; // when, in net:run{perturb = ...}
};

// One Kick per twin of chaoslab.perturbation, and the perturbed neuron of each (spike and voltage
// kicks; empty for state kicks).
struct TwinPlan {
    std::vector<Kick> kicks;
    std::vector<std::uint32_t> neurons;
};
TwinPlan plan_twins(const SpikingNetwork& net, const KickPlan& kick);

// The kicks of net:run{perturb = ...}: each at its `at` time (required), applied to every trial,
// sorted by step (stable).
std::vector<StateKick> timed_kicks(const SpikingNetwork& net, std::span<const KickPlan> kicks, double dt_ms);

} // namespace chaoslab
