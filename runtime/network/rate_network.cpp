// Rate-network declaration: per-unit parameters resolved from distributions with value checks, and
// coupling blocks drawn on Bernoulli masks (network/connectivity) or taken from explicit lists.
#include "network/rate_network.hpp"

#include "core/errors.hpp"
#include "models/parameters.hpp"

#include <cmath>
#include <limits>
#include <numeric>

namespace chaoslab {

void RateSpec::set_input(const Array& values, double step_ms) {
    if (values.ndim() == 1) {
        input = Distribution::array(values.to_vector());
        return;
    }
    if (values.ndim() != 2) {
        throw ConfigError("rate: option 'input' must be a number, distribution or 1-D array, got chaoslab.Array");
    }
    if (values.shape()[0] != n) {
        throw ConfigError("rate: option 'input' must have " + std::to_string(n) + " rows (one per unit), got " +
                          std::to_string(values.shape()[0]));
    }
    series = values.to_vector();
    series_samples = values.shape()[1];
    series_step_ms = step_ms;
}

PopulationSummary RateNetwork::population(std::size_t index) const {
    const RatePopulation& p = populations_.at(index);
    return {p.name, p.offset, p.size(), std::string("rate units (") + transfer_name(p.spec.phi) + ")"};
}

std::string RateNetwork::summary() const {
    return std::to_string(size_) + " rate units in " + std::to_string(populations_.size()) + " populations, " +
           std::to_string(coupling_count()) + " couplings";
}

std::vector<std::string> RateNetwork::parameter_names() const { return {"tau", "gain", "shift", "input"}; }

const std::vector<double>& RateNetwork::parameter_values(std::size_t population, const std::string& name) const {
    const RatePopulation& p = populations_.at(population);
    const std::vector<double>* values[] = {&p.tau, &p.gain, &p.shift, &p.input};
    const std::vector<std::string> names = parameter_names();
    for (std::size_t k = 0; k < names.size(); ++k)
        if (names[k] == name) return *values[k];
    throw ConfigError("values: no parameter '" + name + "' in a rate population");
}

void RateNetwork::check_population(std::uint32_t index) const {
    if (index >= populations_.size()) {
        throw ConfigError("connect: rate population " + std::to_string(index + 1) + " does not belong to this network");
    }
}

std::uint32_t RateNetwork::add_population(RateSpec spec, std::string name, WeightSign dale) {
    if (spec.n == 0) throw ConfigError("rate: option 'n' must be >= 1, got 0");
    if (std::uint64_t{size_} + spec.n > std::numeric_limits<std::int32_t>::max()) {
        throw ConfigError("rate: a network holds at most 2^31 - 1 units");
    }
    if (!populations_.empty() && populations_.front().spec.form != spec.form) {
        throw ConfigError("rate: option 'form' must be the same for every rate population of a network, got '" +
                          std::string(spec.form == RateForm::rate ? "rate" : "current") + "' after '" +
                          std::string(spec.form == RateForm::rate ? "current" : "rate") + "'");
    }
    if (!spec.series.empty() && spec.series.size() != std::size_t{spec.n} * spec.series_samples) {
        throw ConfigError("rate: option 'input' series has " + std::to_string(spec.series.size()) + " values for " +
                          std::to_string(spec.n) + " units x " + std::to_string(spec.series_samples) + " samples");
    }
    if (!(spec.series_step_ms > 0.0) || !std::isfinite(spec.series_step_ms)) {
        throw ConfigError("rate: option 'input_step' must be > 0, got " + format_number(spec.series_step_ms));
    }
    for (double v : spec.series) {
        if (!std::isfinite(v)) throw ConfigError("rate: option 'input' holds a non-finite value " + format_number(v));
    }
    const auto index = static_cast<std::uint32_t>(populations_.size());
    const ParameterSource source{"rate", "unit", "rate.", structure_seed(seed()), index};
    RatePopulation p;
    p.tau = draw_parameter(source, "tau", spec.tau, spec.n, ParameterRule::positive);
    p.gain = draw_parameter(source, "gain", spec.gain, spec.n, ParameterRule::finite);
    p.shift = draw_parameter(source, "shift", spec.shift, spec.n, ParameterRule::finite);
    p.input = draw_parameter(source, "input", spec.input, spec.n, ParameterRule::finite);
    p.spec = std::move(spec);
    p.name = name.empty() ? "rate population " + std::to_string(index + 1) : std::move(name);
    p.offset = size_;
    p.dale = dale;
    size_ += p.spec.n;
    populations_.push_back(std::move(p));
    return index;
}

std::uint32_t RateNetwork::connect(std::uint32_t pre, std::uint32_t post, const RateConnectRequest& r) {
    if (r.pre || r.post) {
        for (const auto& [given, option] : {std::pair{r.pre.has_value(), "pre"}, std::pair{r.post.has_value(), "post"},
                                            std::pair{r.weight.has_value(), "weight"}}) {
            if (!given) throw ConfigError(std::string("connect: option '") + option + "' is required");
        }
        std::vector<double> weights;
        if (r.weight->kind() == Distribution::Kind::array) {
            weights = *r.weight->values();
        } else if (r.weight->kind() == Distribution::Kind::constant) {
            weights.assign(r.pre->size(), r.weight->value());
        } else {
            throw ConfigError(
                "connect: option 'weight' must be a number or an array with explicit pre/post lists, got " +
                r.weight->describe());
        }
        return connect_lists(pre, post, *r.pre, *r.post, weights);
    }
    RateConnect how;
    how.p = r.p;
    how.g = r.g.value_or(1.0);
    how.scaling = r.scaling ? *r.scaling : (r.weight && !r.g ? CouplingScaling::none : r.default_scaling);
    if (r.weight) how.weight = *r.weight;
    how.autapses = r.autapses;
    how.zero_mean = r.zero_mean;
    return connect_random(pre, post, how);
}

std::uint32_t RateNetwork::connect_random(std::uint32_t pre, std::uint32_t post, const RateConnect& how) {
    check_population(pre);
    check_population(post);
    if (!(how.p >= 0.0 && how.p <= 1.0))
        throw ConfigError("connect: option 'p' must be in [0, 1], got " + format_number(how.p));
    if (!std::isfinite(how.g)) throw ConfigError("connect: option 'g' must be finite, got " + format_number(how.g));
    const RatePopulation& a = populations_[pre];
    const auto index = static_cast<std::uint32_t>(projections_.size());
    Synapses s = bernoulli(a.size(), populations_[post].size(), how.p, how.autapses, pre == post, how.weight,
                           structure_seed(seed()), indexed_stream("rate.connect", index), WeightSign::any);
    double scale = how.g;
    const double np = static_cast<double>(a.size()) * how.p;
    if (how.scaling == CouplingScaling::textbook && np > 0.0) scale = how.g / std::sqrt(np);
    if (how.scaling == CouplingScaling::seed001 && np > 0.0) scale = how.g / np;
    if (how.zero_mean && !s.weights.empty()) {
        // Seed 001 subtracts the sample mean of the present weights before scaling by g.
        const double mean = std::accumulate(s.weights.begin(), s.weights.end(), 0.0) / static_cast<double>(s.size());
        for (double& w : s.weights) w -= mean;
    }
    for (double& w : s.weights) w *= scale;
    apply_sign(s.weights, a.dale);
    projections_.push_back({pre, post, std::make_shared<const Synapses>(std::move(s))});
    return index;
}

std::uint32_t RateNetwork::connect_lists(std::uint32_t pre, std::uint32_t post, std::span<const std::int64_t> pre_ids,
                                         std::span<const std::int64_t> post_ids, std::span<const double> weights) {
    check_population(pre);
    check_population(post);
    const RatePopulation& a = populations_[pre];
    for (std::size_t q = 0; q < weights.size(); ++q) {
        const bool wrong = (a.dale == WeightSign::excitatory && weights[q] < 0.0) ||
                           (a.dale == WeightSign::inhibitory && weights[q] > 0.0);
        if (wrong) {
            throw ConfigError("connect: weight[" + std::to_string(q + 1) + "] = " + format_number(weights[q]) +
                              " breaks Dale's law for the " +
                              (a.dale == WeightSign::excitatory ? "excitatory" : "inhibitory") + " population '" +
                              a.name + "'");
        }
    }
    Synapses::ListOptions opt;
    opt.duplicates = Duplicates::sum;
    opt.index_base = 1;
    Synapses s = Synapses::from_lists(a.size(), populations_[post].size(), pre_ids, post_ids, weights, {}, opt);
    const auto index = static_cast<std::uint32_t>(projections_.size());
    projections_.push_back({pre, post, std::make_shared<const Synapses>(std::move(s))});
    return index;
}

std::uint64_t RateNetwork::coupling_count() const {
    std::uint64_t n = 0;
    for (const auto& p : projections_) n += p.weights->size();
    return n;
}

} // namespace chaoslab
