// chaoslab::SpikingNetwork, the spiking model family's network: what a script declares -- LIF
// populations, projections, Poisson background, dynamic Poisson channels and step currents -- with
// every random structure drawn at declaration.
#pragma once

#include "core/array.hpp"
#include "core/distribution.hpp"
#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "models/lif.hpp"
#include "network/connectivity.hpp"
#include "network/family.hpp"
#include "network/synapses.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chaoslab {

// DESIGN.md "Weight convention": a weight w (mV) is the total depolarisation one spike gives a
// membrane without leak. delta: V jumps by w. exponential: a current w/tau_syn·e^{-t/tau_syn}.
enum class SynapseKind { exponential, delta };
inline constexpr EnumName<SynapseKind> kSynapseKindNames[] = {{"exponential", SynapseKind::exponential},
                                                              {"delta", SynapseKind::delta}};

struct SynapseModel {
    SynapseKind kind = SynapseKind::exponential;
    double tau_syn_ms = 5.0; // exponential only, > 0
};

struct SpikingPopulation {
    std::string name;
    std::uint32_t offset = 0; // index of its first neuron in the network
    LifSpec spec;
    LifNeurons neurons;
    WeightSign dale = WeightSign::any; // sign of every outgoing weight (Dale's law)
    std::uint32_t size() const { return spec.n; }
};

struct SpikingProjection {
    std::uint32_t pre = 0, post = 0; // population indices
    std::shared_ptr<const Synapses> synapses;
    SynapseModel synapse;
    double delay_ms = 0.1;         // when delays_ms is empty
    std::vector<double> delays_ms; // per synapse in CSR order, or empty
};

// Independent Poisson spike trains, one per neuron of the population.
struct PoissonInput {
    std::uint32_t population = 0;
    double rate_hz = 0.0;
    std::vector<double> weight; // per neuron, mV
    SynapseModel synapse;
};

// n channels, each one Poisson train with a time-varying rate, projected onto neurons.
struct ChannelInput {
    std::uint32_t population = 0;
    std::uint32_t n_channels = 0;
    std::shared_ptr<const Synapses> projection; // channel -> neuron
    // rates[c * n_samples + s]: channel c's rate (Hz) from s·rate_step_ms on (zero-order hold, the
    // last sample holds on); n_samples = 1 for constant rates.
    std::vector<double> rates;
    std::size_t n_samples = 1;
    double rate_step_ms = 1.0;
    SynapseModel synapse;
};

// How net:connect makes one projection: exactly one rule (p, indegree, or explicit lists).
struct SpikingConnect {
    std::optional<double> p;                            // Bernoulli probability of every ordered pair
    std::optional<std::int64_t> indegree;               // fixed number of presynaptic partners per neuron
    std::optional<std::vector<std::int64_t>> pre, post; // explicit 0-based lists, within pre and post
    Distribution weight = Distribution::constant(0.0);  // mV; a number or an array with lists
    SynapseModel synapse;
    Distribution delay = Distribution::constant(0.1); // ms; a number, distribution or array (lists)
    bool autapses = false;
};

// A drive (R·I, mV) added to i_e during [start, stop).
struct StepCurrent {
    std::uint32_t population = 0;
    std::vector<double> amplitude; // per neuron, mV
    double start_ms = 0.0, stop_ms = 0.0;
};

// Random addressing of everything declared (DESIGN.md "Randomness"): structure from the network
// seed's (session, block); what varies between trials (initial potentials, input spikes) from
// (session, block, trial) of the run. Each declared item gets its own stream by name and index.
class SpikingNetwork final : public FamilyNetwork {
public:
    explicit SpikingNetwork(const Seed& seed) : FamilyNetwork(seed) {}

    const char* family() const override { return "spiking"; }
    std::uint32_t size() const override { return size_; }
    std::size_t population_count() const override { return populations_.size(); }
    PopulationSummary population(std::size_t index) const override;
    std::string summary() const override;
    std::uint64_t connection_count() const override { return synapse_count(); }
    std::vector<std::string> parameter_names() const override;
    const std::vector<double>& parameter_values(std::size_t population, const std::string& name) const override;

    std::uint32_t add_lif(LifSpec spec, std::string name, WeightSign dale = WeightSign::any);

    struct RandomConnect {
        double p = -1.0;            // Bernoulli probability (used when >= 0)
        std::int64_t indegree = -1; // fixed in-degree (used when >= 0)
        bool autapses = false;
        Distribution weight = Distribution::constant(0.0);
    };
    // net:connect: checks that exactly one rule is given and the weight and delay fit it, then makes
    // the projection (connect_random or connect_lists). Returns the projection index.
    std::uint32_t connect(std::uint32_t pre, std::uint32_t post, const SpikingConnect& how);
    // Returns the projection index. Weights take the presynaptic population's Dale sign.
    std::uint32_t connect_random(std::uint32_t pre, std::uint32_t post, const RandomConnect& how, SynapseModel synapse,
                                 double delay_ms, const Distribution* delay);
    // Explicit 0-based lists; weights must respect the presynaptic population's Dale sign.
    std::uint32_t connect_lists(std::uint32_t pre, std::uint32_t post, std::span<const std::int64_t> pre_ids,
                                std::span<const std::int64_t> post_ids, std::span<const double> weights,
                                SynapseModel synapse, double delay_ms, std::span<const double> delays_ms);

    void add_poisson(std::uint32_t population, double rate_hz, const Distribution& weight, SynapseModel synapse);
    void add_channels(std::uint32_t population, std::uint32_t n_channels, double p, const Distribution& weight,
                      std::vector<double> rates, std::size_t n_samples, double rate_step_ms, SynapseModel synapse);
    // net:channels' rate option: a number (every channel), an array of n_channels rates, or an
    // n_channels x samples array (a time series held rate_step_ms each).
    void add_channels(std::uint32_t population, std::uint32_t n_channels, double p, const Distribution& weight,
                      const Array& rates, double rate_step_ms, SynapseModel synapse);
    void add_current(std::uint32_t population, const Distribution& amplitude, double start_ms, double stop_ms);

    const std::vector<SpikingPopulation>& populations() const { return populations_; }
    const std::vector<SpikingProjection>& projections() const { return projections_; }
    const std::vector<PoissonInput>& poisson_inputs() const { return poisson_; }
    const std::vector<ChannelInput>& channel_inputs() const { return channels_; }
    const std::vector<StepCurrent>& currents() const { return currents_; }

    // Total synapse count of all projections.
    std::uint64_t synapse_count() const;

private:
    void check_population(std::uint32_t index, const char* fn) const;

    std::uint32_t size_ = 0;
    std::vector<SpikingPopulation> populations_;
    std::vector<SpikingProjection> projections_;
    std::vector<PoissonInput> poisson_;
    std::vector<ChannelInput> channels_;
    std::vector<StepCurrent> currents_;
};

void check_synapse_model(const SynapseModel& s, const char* fn);

} // namespace chaoslab
