// SpikingNetwork declaration: populations resolved at creation, projections drawn with their own streams,
// inputs and currents checked and stored for the engine (sim/compiled_network).
#include "network/spiking_network.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <limits>

namespace chaoslab {

namespace {

void check_delay(double d, const char* fn) {
    if (!(d > 0.0) || !std::isfinite(d)) {
        throw ConfigError(std::string(fn) + ": option 'delay' must be > 0 ms, got " + format_number(d));
    }
}

} // namespace

void check_synapse_model(const SynapseModel& s, const char* fn) {
    if (s.kind == SynapseKind::exponential && (!(s.tau_syn_ms > 0.0) || !std::isfinite(s.tau_syn_ms))) {
        throw ConfigError(std::string(fn) + ": option 'tau_syn' must be > 0 ms, got " + format_number(s.tau_syn_ms));
    }
}

void SpikingNetwork::check_population(std::uint32_t index, const char* fn) const {
    if (index >= populations_.size()) {
        throw ConfigError(std::string(fn) + ": population " + std::to_string(index + 1) +
                          " does not belong to this network");
    }
}

std::uint32_t SpikingNetwork::add_lif(LifSpec spec, std::string name, WeightSign dale) {
    const auto index = static_cast<std::uint32_t>(populations_.size());
    if (std::uint64_t{size_} + spec.n > std::numeric_limits<std::int32_t>::max()) {
        throw ConfigError("lif: a network holds at most 2^31 - 1 neurons");
    }
    SpikingPopulation p;
    p.neurons = resolve_lif(spec, seed(), index);
    p.spec = std::move(spec);
    p.name = name.empty() ? "population " + std::to_string(index + 1) : std::move(name);
    p.offset = size_;
    p.dale = dale;
    size_ += p.spec.n;
    populations_.push_back(std::move(p));
    return index;
}

std::uint32_t SpikingNetwork::connect_random(std::uint32_t pre, std::uint32_t post, const RandomConnect& how,
                                             SynapseModel synapse, double delay_ms, const Distribution* delay) {
    check_population(pre, "connect");
    check_population(post, "connect");
    check_synapse_model(synapse, "connect");
    check_delay(delay_ms, "connect");
    const auto index = static_cast<std::uint32_t>(projections_.size());
    const SpikingPopulation& a = populations_[pre];
    const SpikingPopulation& b = populations_[post];
    const Seed structure = structure_seed(seed());
    Synapses s;
    if (how.p >= 0.0) {
        s = bernoulli(a.size(), b.size(), how.p, how.autapses, pre == post, how.weight, structure,
                      indexed_stream("connect", index), a.dale);
    } else {
        s = fixed_indegree(a.size(), b.size(), how.indegree, how.autapses, pre == post, how.weight, structure,
                           indexed_stream("connect", index), a.dale);
    }
    SpikingProjection proj;
    proj.pre = pre;
    proj.post = post;
    proj.synapse = synapse;
    proj.delay_ms = delay_ms;
    if (delay) {
        proj.delays_ms = delay->sample(s.size(), structure, indexed_stream("connect.delay", index));
        for (double d : proj.delays_ms) check_delay(d, "connect");
    }
    proj.synapses = std::make_shared<const Synapses>(std::move(s));
    projections_.push_back(std::move(proj));
    return index;
}

std::uint32_t SpikingNetwork::connect_lists(std::uint32_t pre, std::uint32_t post,
                                            std::span<const std::int64_t> pre_ids,
                                            std::span<const std::int64_t> post_ids, std::span<const double> weights,
                                            SynapseModel synapse, double delay_ms, std::span<const double> delays_ms) {
    check_population(pre, "connect");
    check_population(post, "connect");
    check_synapse_model(synapse, "connect");
    check_delay(delay_ms, "connect");
    const SpikingPopulation& a = populations_[pre];
    if (a.dale != WeightSign::any) {
        for (std::size_t q = 0; q < weights.size(); ++q) {
            const bool wrong = a.dale == WeightSign::excitatory ? weights[q] < 0.0 : weights[q] > 0.0;
            if (wrong) {
                throw ConfigError("connect: weight[" + std::to_string(q + 1) + "] = " + format_number(weights[q]) +
                                  " breaks Dale's law for the " +
                                  (a.dale == WeightSign::excitatory ? "excitatory" : "inhibitory") + " population '" +
                                  a.name + "'");
            }
        }
    }
    // Delays travel through from_lists as CSR-ordered integers; keep the ms values by permuting an index.
    std::vector<std::int64_t> order;
    if (!delays_ms.empty()) {
        if (delays_ms.size() != pre_ids.size()) {
            throw ConfigError("connect: " + std::to_string(delays_ms.size()) + " delays for " +
                              std::to_string(pre_ids.size()) + " synapses");
        }
        for (double d : delays_ms) check_delay(d, "connect");
        order.resize(pre_ids.size());
        for (std::size_t q = 0; q < order.size(); ++q) order[q] = static_cast<std::int64_t>(q);
    }
    Synapses::ListOptions options;
    options.index_base = 1;
    Synapses s = Synapses::from_lists(populations_[pre].size(), populations_[post].size(), pre_ids, post_ids, weights,
                                      order, options);
    SpikingProjection proj;
    proj.pre = pre;
    proj.post = post;
    proj.synapse = synapse;
    proj.delay_ms = delay_ms;
    if (!order.empty()) {
        proj.delays_ms.resize(s.size());
        for (std::size_t q = 0; q < s.size(); ++q) proj.delays_ms[q] = delays_ms[s.delays[q]];
        s.delays.clear();
    }
    proj.synapses = std::make_shared<const Synapses>(std::move(s));
    projections_.push_back(std::move(proj));
    return static_cast<std::uint32_t>(projections_.size() - 1);
}

void SpikingNetwork::add_poisson(std::uint32_t population, double rate_hz, const Distribution& weight,
                                 SynapseModel synapse) {
    check_population(population, "poisson");
    check_synapse_model(synapse, "poisson");
    if (!(rate_hz >= 0.0) || !std::isfinite(rate_hz)) {
        throw ConfigError("poisson: option 'rate' must be >= 0 Hz, got " + format_number(rate_hz));
    }
    const auto index = poisson_.size();
    PoissonInput in;
    in.population = population;
    in.rate_hz = rate_hz;
    in.weight =
        weight.sample(populations_[population].size(), structure_seed(seed()), indexed_stream("poisson.weight", index));
    for (double w : in.weight) {
        if (!std::isfinite(w)) throw ConfigError("poisson: option 'weight' must be finite, got " + format_number(w));
    }
    in.synapse = synapse;
    poisson_.push_back(std::move(in));
}

void SpikingNetwork::add_channels(std::uint32_t population, std::uint32_t n_channels, double p,
                                  const Distribution& weight, std::vector<double> rates, std::size_t n_samples,
                                  double rate_step_ms, SynapseModel synapse) {
    check_population(population, "channels");
    check_synapse_model(synapse, "channels");
    if (n_channels == 0) throw ConfigError("channels: option 'n' must be >= 1, got 0");
    if (!(p >= 0.0 && p <= 1.0)) throw ConfigError("channels: option 'p' must be in [0, 1], got " + format_number(p));
    if (!(rate_step_ms > 0.0) || !std::isfinite(rate_step_ms)) {
        throw ConfigError("channels: option 'rate_step' must be > 0 ms, got " + format_number(rate_step_ms));
    }
    if (n_samples == 0 || rates.size() != std::size_t{n_channels} * n_samples) {
        throw ConfigError("channels: option 'rate' needs " + std::to_string(n_channels) + " x n_samples values, got " +
                          std::to_string(rates.size()));
    }
    for (double r : rates) {
        if (!(r >= 0.0) || !std::isfinite(r)) {
            throw ConfigError("channels: option 'rate' must be >= 0 Hz, got " + format_number(r));
        }
    }
    const auto index = channels_.size();
    ChannelInput in;
    in.population = population;
    in.n_channels = n_channels;
    in.projection =
        std::make_shared<const Synapses>(bernoulli(n_channels, populations_[population].size(), p, true, false, weight,
                                                   structure_seed(seed()), indexed_stream("channels", index)));
    in.rates = std::move(rates);
    in.n_samples = n_samples;
    in.rate_step_ms = rate_step_ms;
    in.synapse = synapse;
    channels_.push_back(std::move(in));
}

void SpikingNetwork::add_current(std::uint32_t population, const Distribution& amplitude, double start_ms,
                                 double stop_ms) {
    check_population(population, "current");
    if (!(start_ms >= 0.0) || !std::isfinite(start_ms)) {
        throw ConfigError("current: option 'start' must be >= 0 ms, got " + format_number(start_ms));
    }
    if (!(stop_ms > start_ms)) {
        throw ConfigError("current: option 'stop' must be > start (" + format_number(start_ms) + " ms), got " +
                          format_number(stop_ms));
    }
    StepCurrent c;
    c.population = population;
    c.amplitude = amplitude.sample(populations_[population].size(), structure_seed(seed()),
                                   indexed_stream("current", currents_.size()));
    for (double a : c.amplitude) {
        if (!std::isfinite(a)) throw ConfigError("current: option 'amplitude' must be finite, got " + format_number(a));
    }
    c.start_ms = start_ms;
    c.stop_ms = stop_ms;
    currents_.push_back(std::move(c));
}

std::uint32_t SpikingNetwork::connect(std::uint32_t pre, std::uint32_t post, const SpikingConnect& how) {
    const bool lists = how.pre || how.post;
    if (int{how.p.has_value()} + int{how.indegree.has_value()} + int{lists} != 1) {
        throw ConfigError(
            "connect: give exactly one of the options 'p', 'indegree' or the lists 'pre'/'post'/'weight'");
    }
    const bool one_delay = how.delay.kind() == Distribution::Kind::constant;
    const double delay_ms = one_delay ? how.delay.value() : 0.1;
    if (!lists) {
        RandomConnect random;
        random.p = how.p.value_or(-1.0);
        random.indegree = how.indegree.value_or(-1);
        random.autapses = how.autapses;
        random.weight = how.weight;
        return connect_random(pre, post, random, how.synapse, delay_ms, one_delay ? nullptr : &how.delay);
    }
    if (!how.pre) throw ConfigError("connect: option 'pre' is required");
    if (!how.post) throw ConfigError("connect: option 'post' is required");
    // With explicit lists a weight or delay is one value for every synapse or one per listed pair.
    auto per_synapse = [&](const Distribution& d, const char* option) {
        if (d.kind() == Distribution::Kind::array) return *d.values();
        if (d.kind() == Distribution::Kind::constant) return std::vector<double>(how.pre->size(), d.value());
        throw ConfigError(std::string("connect: option '") + option +
                          "' must be a number or an array with explicit pre/post lists, got " + d.describe());
    };
    const std::vector<double> weights = per_synapse(how.weight, "weight");
    const std::vector<double> delays = one_delay ? std::vector<double>{} : per_synapse(how.delay, "delay");
    return connect_lists(pre, post, *how.pre, *how.post, weights, how.synapse, delay_ms, delays);
}

void SpikingNetwork::add_channels(std::uint32_t population, std::uint32_t n_channels, double p,
                                  const Distribution& weight, const Array& rates, double rate_step_ms,
                                  SynapseModel synapse) {
    const Shape& shape = rates.shape();
    std::size_t samples = 1;
    std::vector<double> values;
    if (shape.empty()) { // a number: every channel
        values.assign(n_channels, rates.flat(0));
    } else if (shape.size() == 1 && shape[0] == n_channels) {
        values = rates.to_vector();
    } else if (shape.size() == 2 && shape[0] == n_channels && shape[1] > 0) {
        values = rates.to_vector();
        samples = shape[1];
    } else {
        throw ConfigError("channels: option 'rate' must have shape (" + std::to_string(n_channels) + ") or (" +
                          std::to_string(n_channels) + ", samples), got " + Array::shape_text(shape));
    }
    add_channels(population, n_channels, p, weight, std::move(values), samples, rate_step_ms, synapse);
}

PopulationSummary SpikingNetwork::population(std::size_t index) const {
    const SpikingPopulation& p = populations_.at(index);
    return {p.name, p.offset, p.size(), "LIF neurons"};
}

std::string SpikingNetwork::summary() const {
    return std::to_string(size_) + " neurons in " + std::to_string(populations_.size()) + " populations, " +
           std::to_string(synapse_count()) + " synapses";
}

std::vector<std::string> SpikingNetwork::parameter_names() const {
    return {"tau_m", "v_rest", "v_reset", "v_th", "t_ref", "i_e"};
}

const std::vector<double>& SpikingNetwork::parameter_values(std::size_t population, const std::string& name) const {
    const LifNeurons& n = populations_.at(population).neurons;
    const std::vector<double>* values[] = {&n.tau_m, &n.v_rest, &n.v_reset, &n.v_th, &n.t_ref, &n.i_e};
    const std::vector<std::string> names = parameter_names();
    for (std::size_t k = 0; k < names.size(); ++k)
        if (names[k] == name) return *values[k];
    throw ConfigError("values: no parameter '" + name + "' in a LIF population");
}

std::uint64_t SpikingNetwork::synapse_count() const {
    std::uint64_t n = 0;
    for (const auto& p : projections_) n += p.synapses->size();
    return n;
}

} // namespace chaoslab
