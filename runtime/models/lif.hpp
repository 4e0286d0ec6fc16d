// Leaky integrate-and-fire neurons: the per-neuron parameter description (each a Distribution, so
// heterogeneity is one option), its resolution into arrays, and the dt-dependent propagators.
#pragma once

#include "core/distribution.hpp"
#include "core/enum_names.hpp"
#include "core/rng.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chaoslab {

// tau_m dV/dt = -(V - v_rest) + i_e + (synaptic input); V >= v_th -> spike, V = v_reset for t_ref.
// Units: ms and mV; i_e is a current expressed as the voltage it drives (R·I, mV).
struct LifSpec {
    std::uint32_t n = 0;
    Distribution tau_m = Distribution::constant(20.0);    // membrane time constant, ms, > 0
    Distribution v_rest = Distribution::constant(-65.0);  // resting potential, mV
    Distribution v_reset = Distribution::constant(-65.0); // reset potential, mV, < v_th
    Distribution v_th = Distribution::constant(-55.0);    // threshold, mV
    Distribution t_ref = Distribution::constant(2.0);     // refractory period, ms, >= 0
    Distribution i_e = Distribution::constant(0.0);       // constant drive R·I, mV
    // Initial membrane potential, mV, drawn per trial; unset = v_rest of each neuron.
    std::optional<Distribution> v_init;
};

// A population's parameters resolved to one value per neuron (network structure: they depend on
// the network seed's (session, block) only).
struct LifNeurons {
    std::vector<double> tau_m, v_rest, v_reset, v_th, t_ref, i_e;
    std::uint32_t size() const { return static_cast<std::uint32_t>(tau_m.size()); }
};

// Draws every parameter of `spec` for population number `population` of its network and checks
// each value (tau_m > 0, t_ref >= 0, v_reset < v_th, all finite); a bad constant is reported as
// "lif: option 'tau_m' must be > 0, got -5", a bad draw as "... got -0.3 for the 17th neuron".
LifNeurons resolve_lif(const LifSpec& spec, const Seed& network_seed, std::uint32_t population);

// Initial potentials of one trial (depend on the trial: DESIGN.md "Randomness").
std::vector<double> initial_potentials(const LifSpec& spec, const LifNeurons& neurons, const Seed& trial_seed,
                                       std::uint32_t population);

// How the subthreshold dynamics advance by one step h.
enum class Integration {
    exact, // exponential propagators (Rotter & Diesmann 1999): exact for piecewise-constant drive
    euler, // forward Euler, as the seed code does: V += h (-(V - V_inf)/tau_m + I)
};
inline constexpr EnumName<Integration> kIntegrationNames[] = {{"exact", Integration::exact},
                                                              {"euler", Integration::euler}};

// Membrane propagator for one step: V(t+h) = p22 V + (1 - p22) V_inf + p21 I for an exponentially
// decaying synaptic current I (mV/ms) with time constant tau_syn.
double membrane_p22(double tau_m, double h, Integration method);
// The p21 term: the exact value h·e^{-h/tau_m}·expm1(x)/x with x = h (1/tau_m - 1/tau_syn), which
// stays accurate when tau_m ~ tau_syn (the textbook tau_m tau_s/(tau_s - tau_m) form cancels).
double membrane_p21(double tau_m, double tau_syn, double h, Integration method);

} // namespace chaoslab
