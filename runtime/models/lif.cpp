// LIF parameter resolution (per-neuron arrays from distributions, with value checks) and the exact and
// Euler propagators used by the spiking engine.
#include "models/lif.hpp"

#include "core/errors.hpp"
#include "models/parameters.hpp"

#include <cmath>

namespace chaoslab {

namespace {

ParameterSource lif_source(const Seed& seed, std::uint32_t population) {
    return ParameterSource{"lif", "neuron", "lif.", seed, population};
}

} // namespace

LifNeurons resolve_lif(const LifSpec& spec, const Seed& network_seed, std::uint32_t population) {
    if (spec.n == 0) throw ConfigError("lif: option 'n' must be >= 1, got 0");
    const ParameterSource source = lif_source(structure_seed(network_seed), population);
    LifNeurons p;
    p.tau_m = draw_parameter(source, "tau_m", spec.tau_m, spec.n, ParameterRule::positive);
    p.v_rest = draw_parameter(source, "v_rest", spec.v_rest, spec.n, ParameterRule::finite);
    p.v_reset = draw_parameter(source, "v_reset", spec.v_reset, spec.n, ParameterRule::finite);
    p.v_th = draw_parameter(source, "v_th", spec.v_th, spec.n, ParameterRule::finite);
    p.t_ref = draw_parameter(source, "t_ref", spec.t_ref, spec.n, ParameterRule::non_negative);
    p.i_e = draw_parameter(source, "i_e", spec.i_e, spec.n, ParameterRule::finite);
    for (std::size_t i = 0; i < spec.n; ++i) {
        if (!(p.v_reset[i] < p.v_th[i])) {
            const Distribution& d = spec.v_reset.kind() == Distribution::Kind::constant ? spec.v_th : spec.v_reset;
            bad_parameter(source, "v_reset", "below v_th (" + format_number(p.v_th[i]) + " mV)", d, p.v_reset[i], i);
        }
    }
    return p;
}

std::vector<double> initial_potentials(const LifSpec& spec, const LifNeurons& neurons, const Seed& trial_seed,
                                       std::uint32_t population) {
    if (!spec.v_init) return neurons.v_rest;
    return draw_parameter(lif_source(trial_seed, population), "v_init", *spec.v_init, spec.n, ParameterRule::finite);
}

double membrane_p22(double tau_m, double h, Integration method) {
    return method == Integration::exact ? std::exp(-h / tau_m) : 1.0 - h / tau_m;
}

double membrane_p21(double tau_m, double tau_syn, double h, Integration method) {
    if (method == Integration::euler) return h; // V += h·I; I itself decays exactly, as in the seed
    // V(h) = I0 ∫0^h e^{-(h-s)/tau_m} e^{-s/tau_syn} ds = I0 e^{-h/tau_m} (e^{x} - 1)/c, c = 1/tau_m - 1/tau_syn.
    const double x = h * (1.0 / tau_m - 1.0 / tau_syn);
    const double ratio = x == 0.0 ? 1.0 : std::expm1(x) / x;
    return std::exp(-h / tau_m) * h * ratio;
}

} // namespace chaoslab
