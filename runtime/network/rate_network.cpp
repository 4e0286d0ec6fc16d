// Rate-network declaration: per-unit parameters resolved from distributions with value checks, and
// coupling blocks drawn on Bernoulli masks (network/connectivity) or taken from explicit lists.
#include "network/rate_network.hpp"

#include "core/errors.hpp"
#include "network/network.hpp"

#include <cmath>
#include <limits>
#include <numeric>

namespace chaoslab {

namespace {

std::vector<double> draw(const Distribution& d, std::uint32_t n, const Seed& seed, const char* name,
                         std::uint32_t population) {
    std::vector<double> out(n);
    d.fill(out, seed, stream_id(std::string("rate.") + name), population);
    return out;
}

// "rate: option 'tau' must be > 0, got -5" (plus the unit and distribution for a drawn value).
[[noreturn]] void bad_value(const char* option, const char* rule, const Distribution& d, double value, std::size_t i) {
    std::string msg = "rate: option '";
    msg += option;
    msg += "' must be ";
    msg += rule;
    msg += ", got ";
    msg += format_number(value);
    if (d.kind() != Distribution::Kind::constant) {
        msg += " for unit ";
        msg += std::to_string(i + 1);
        msg += " (";
        msg += d.describe();
        msg += ")";
    }
    throw ConfigError(msg);
}

} // namespace

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
    const Seed seed = structure_seed(seed_);
    RatePopulation p;
    p.tau = draw(spec.tau, spec.n, seed, "tau", index);
    p.gain = draw(spec.gain, spec.n, seed, "gain", index);
    p.shift = draw(spec.shift, spec.n, seed, "shift", index);
    p.input = draw(spec.input, spec.n, seed, "input", index);
    for (std::size_t i = 0; i < spec.n; ++i) {
        if (!(p.tau[i] > 0.0) || !std::isfinite(p.tau[i])) bad_value("tau", "> 0", spec.tau, p.tau[i], i);
        if (!std::isfinite(p.gain[i])) bad_value("gain", "finite", spec.gain, p.gain[i], i);
        if (!std::isfinite(p.shift[i])) bad_value("shift", "finite", spec.shift, p.shift[i], i);
        if (!std::isfinite(p.input[i])) bad_value("input", "finite", spec.input, p.input[i], i);
    }
    p.spec = std::move(spec);
    p.name = name.empty() ? "rate population " + std::to_string(index + 1) : std::move(name);
    p.offset = size_;
    p.dale = dale;
    size_ += p.spec.n;
    populations_.push_back(std::move(p));
    return index;
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
                           structure_seed(seed_), indexed_stream("rate.connect", index), WeightSign::any);
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
