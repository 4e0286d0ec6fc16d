// LIF parameter resolution (per-neuron arrays from distributions, with value checks) and the exact and
// Euler propagators used by the spiking engine.
#include "models/lif.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <string>

namespace chaoslab {

namespace {

std::string ordinal(std::uint64_t k) {
    const char* suffix = "th";
    if (k % 100 < 11 || k % 100 > 13) {
        if (k % 10 == 1)
            suffix = "st";
        else if (k % 10 == 2)
            suffix = "nd";
        else if (k % 10 == 3)
            suffix = "rd";
    }
    return std::to_string(k) + suffix;
}

// "lif: option 'tau_m' must be > 0, got -5" for a constant; "..., got -0.3 for the 17th neuron" for a draw.
[[noreturn]] void bad_value(const char* option, const char* rule, const Distribution& d, double value, std::size_t i) {
    std::string msg = std::string("lif: option '") + option + "' must be " + rule + ", got " + format_number(value);
    if (d.kind() != Distribution::Kind::constant)
        msg += " for the " + ordinal(i + 1) + " neuron (" + d.describe() + ")";
    throw ConfigError(msg);
}

std::vector<double> draw(const Distribution& d, std::uint32_t n, const Seed& seed, const char* name,
                         std::uint32_t population) {
    std::vector<double> out(n);
    d.fill(out, seed, stream_id(std::string("lif.") + name), population);
    return out;
}

} // namespace

LifNeurons resolve_lif(const LifSpec& spec, const Seed& network_seed, std::uint32_t population) {
    if (spec.n == 0) throw ConfigError("lif: option 'n' must be >= 1, got 0");
    const Seed seed = structure_seed(network_seed);
    LifNeurons p;
    p.tau_m = draw(spec.tau_m, spec.n, seed, "tau_m", population);
    p.v_rest = draw(spec.v_rest, spec.n, seed, "v_rest", population);
    p.v_reset = draw(spec.v_reset, spec.n, seed, "v_reset", population);
    p.v_th = draw(spec.v_th, spec.n, seed, "v_th", population);
    p.t_ref = draw(spec.t_ref, spec.n, seed, "t_ref", population);
    p.i_e = draw(spec.i_e, spec.n, seed, "i_e", population);
    for (std::size_t i = 0; i < spec.n; ++i) {
        if (!(p.tau_m[i] > 0.0) || !std::isfinite(p.tau_m[i])) bad_value("tau_m", "> 0", spec.tau_m, p.tau_m[i], i);
        if (!std::isfinite(p.v_rest[i])) bad_value("v_rest", "finite", spec.v_rest, p.v_rest[i], i);
        if (!std::isfinite(p.v_reset[i])) bad_value("v_reset", "finite", spec.v_reset, p.v_reset[i], i);
        if (!std::isfinite(p.v_th[i])) bad_value("v_th", "finite", spec.v_th, p.v_th[i], i);
        if (!(p.t_ref[i] >= 0.0) || !std::isfinite(p.t_ref[i])) bad_value("t_ref", ">= 0", spec.t_ref, p.t_ref[i], i);
        if (!std::isfinite(p.i_e[i])) bad_value("i_e", "finite", spec.i_e, p.i_e[i], i);
        if (!(p.v_reset[i] < p.v_th[i])) {
            std::string rule = "below v_th (" + format_number(p.v_th[i]) + " mV)";
            const Distribution& d = spec.v_reset.kind() == Distribution::Kind::constant ? spec.v_th : spec.v_reset;
            bad_value("v_reset", rule.c_str(), d, p.v_reset[i], i);
        }
    }
    return p;
}

std::vector<double> initial_potentials(const LifSpec& spec, const LifNeurons& neurons, const Seed& trial_seed,
                                       std::uint32_t population) {
    if (!spec.has_v_init) return neurons.v_rest;
    std::vector<double> v = draw(spec.v_init, spec.n, trial_seed, "v_init", population);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) bad_value("v_init", "finite", spec.v_init, v[i], i);
    }
    return v;
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
