// The perturbation experiment: plan the twins, run the protocol, measure, and lay the measures out
// as columns over the twins (timed apart: simulation and measures).
#include "analysis/perturbation.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <chrono>

namespace chaoslab {

std::uint64_t perturbation_trial(const Seed& network, const std::optional<Seed>& seed,
                                 const std::optional<std::int64_t>& trial) {
    std::uint64_t t = network.trial;
    if (seed) {
        if (seed->session != network.session || seed->block != network.block) {
            throw ConfigError("perturbation: option 'seed' has session " + std::to_string(seed->session) + ", block " +
                              std::to_string(seed->block) + " but the network was built with session " +
                              std::to_string(network.session) + ", block " + std::to_string(network.block));
        }
        t = seed->trial;
    }
    if (trial) t = static_cast<std::uint64_t>(*trial);
    return t;
}

PerturbationResult run_perturbation(const SpikingNetwork& net, const PerturbationExperiment& e) {
    PerturbationResult r;
    TwinPlan plan = plan_twins(net, e.kick);
    r.neurons = std::move(plan.neurons);
    const auto t0 = std::chrono::steady_clock::now();
    r.run = run_protocol(net, e.protocol, plan.kicks);
    const auto t1 = std::chrono::steady_clock::now();
    DivergenceOptions d = e.measures;
    d.n_neurons = net.size();
    d.t_pert_ms = r.run.t_pert_ms;
    d.observe_ms = r.run.end_ms - r.run.t_pert_ms;
    std::vector<SpikeView> views;
    for (const TrialRecord& twin : r.run.twins) views.push_back(SpikeView{twin.spike_times, twin.spike_ids});
    const Divergence m = measure_divergence(SpikeView{r.run.control.spike_times, r.run.control.spike_ids}, views, d);
    const auto t2 = std::chrono::steady_clock::now();

    const std::size_t n = m.twins.size(), bins = m.hamming_time_ms.size();
    auto column = [&](auto field) {
        std::vector<double> c(n);
        for (std::size_t j = 0; j < n; ++j) c[j] = static_cast<double>(field(m.twins[j]));
        return c;
    };
    r.lz = column([](const TwinDivergence& t) { return t.lz; });
    r.lz_normalized = column([](const TwinDivergence& t) { return t.lz_normalized; });
    r.hamming_slope = column([](const TwinDivergence& t) { return t.hamming_slope; });
    r.differences = column([](const TwinDivergence& t) { return t.differences; });
    r.hamming.assign(n * bins, 0.0);
    for (std::size_t j = 0; j < n; ++j)
        std::copy(m.twins[j].hamming.begin(), m.twins[j].hamming.end(),
                  r.hamming.begin() + static_cast<std::ptrdiff_t>(j * bins));
    r.hamming_time = m.hamming_time_ms;
    if (d.pattern_stats) {
        r.symbol_entropy = column([](const TwinDivergence& t) { return t.patterns.symbol_entropy_bits; });
        r.spike_entropy = column([](const TwinDivergence& t) { return t.patterns.spike_entropy_bits; });
        r.unique_patterns = column([](const TwinDivergence& t) { return t.patterns.unique_patterns; });
        r.settling_time = column([](const TwinDivergence& t) { return t.settling_time_ms; });
    }
    if (d.coincidence) {
        r.gamma = column([](const TwinDivergence& t) { return t.coincidence.gamma; });
        r.kistler = column([](const TwinDivergence& t) { return t.coincidence.kistler; });
    }
    r.control = m.control;
    r.control_dimensionality = m.control_dimensionality;
    r.t_pert_ms = r.run.t_pert_ms;
    r.observe_ms = d.observe_ms;
    r.seconds_simulate = std::chrono::duration<double>(t1 - t0).count();
    r.seconds_measure = std::chrono::duration<double>(t2 - t1).count();
    return r;
}

} // namespace chaoslab
