// chaoslab::RateNetwork, the rate model family's network: rate populations (tau, transfer function,
// gain, shift, input, initial state) and the couplings between them, drawn at declaration like the
// spiking network's.
#pragma once

#include "core/array.hpp"
#include "core/distribution.hpp"
#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "models/rate_transfer.hpp"
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

// Where the transfer function sits (DESIGN.md "Rate engine"):
//   current: tau dx/dt = -x + J phi(x) + I(t)   (the textbook form; seed 004)
//   rate:    tau dr/dt = -r + phi(J r + I(t))   (seed 001's code: phi of the summed input)
// For invertible J the two are the same flow in coordinates x = J r + I, so their Lyapunov
// spectra agree; the distances between twin trajectories do not.
enum class RateForm { current, rate };

struct RateSpec {
    std::uint32_t n = 0;
    Distribution tau = Distribution::constant(1.0); // ms, > 0, per neuron
    Transfer phi = Transfer::tanh;
    Distribution gain = Distribution::constant(1.0);
    Distribution shift = Distribution::constant(0.0);
    Distribution input = Distribution::constant(0.0); // constant external input I, per neuron
    // Optional input time series added to `input`: series[i * samples + s] for neuron i from
    // s·series_step on (zero-order hold, the last sample holds on).
    std::vector<double> series;
    std::size_t series_samples = 0;
    double series_step_ms = 1.0;
    Distribution x_init = Distribution::uniform(-1.0, 1.0); // drawn per trial
    RateForm form = RateForm::current;

    // The input option given as an array: one value per unit (1-D) or an n x samples time series
    // held step_ms each (2-D); anything else is an error naming option 'input'.
    void set_input(const Array& values, double step_ms);
};

struct RatePopulation {
    std::string name;
    std::uint32_t offset = 0; // index of its first unit in the rate network
    RateSpec spec;
    std::vector<double> tau, gain, shift, input; // resolved per unit (structure seed)
    WeightSign dale = WeightSign::any;
    std::uint32_t size() const { return spec.n; }
};

// One block of J: entries J[post][pre] stored as CSR rows by presynaptic unit (network/synapses).
struct RateProjection {
    std::uint32_t pre = 0, post = 0; // population indices
    std::shared_ptr<const Synapses> weights;
};

// How a random coupling block is drawn. Weights are z * scale with z ~ `weight` on a Bernoulli(p)
// mask, where scale = g / sqrt(n_pre p) ("textbook": variance g^2/(N p) for z ~ N(0, 1)),
// g / (n_pre p) ("seed001": the standard deviation seed 001's code uses) or g ("none").
enum class CouplingScaling { textbook, seed001, none };

struct RateConnect {
    double p = 1.0; // density in [0, 1]; 1 = dense
    double g = 1.0; // gain of the coupling
    CouplingScaling scaling = CouplingScaling::textbook;
    Distribution weight = Distribution::normal(0.0, 1.0);
    bool autapses = false;  // J_ii allowed (within one population)
    bool zero_mean = false; // subtract the sample mean of the drawn weights (seed 001)
};

// net:connect between rate populations as a script gives it: the random rule, or explicit lists
// (pre, post and weight together). The coupling scaling, unless given, is `default_scaling` -- or
// 'none' when only a weight distribution is given (no g): the weights are then the couplings.
struct RateConnectRequest {
    double p = 1.0;
    std::optional<double> g;
    std::optional<CouplingScaling> scaling;
    CouplingScaling default_scaling = CouplingScaling::textbook;
    std::optional<Distribution> weight;
    bool autapses = false;
    bool zero_mean = false;
    std::optional<std::vector<std::int64_t>> pre, post; // 0-based, within the populations
};

inline constexpr EnumName<CouplingScaling> kCouplingScalingNames[] = {
    {"textbook", CouplingScaling::textbook}, {"seed001", CouplingScaling::seed001}, {"none", CouplingScaling::none}};
inline constexpr EnumName<RateForm> kRateFormNames[] = {{"current", RateForm::current}, {"rate", RateForm::rate}};

class RateNetwork final : public FamilyNetwork {
public:
    explicit RateNetwork(const Seed& seed) : FamilyNetwork(seed) {}

    const char* family() const override { return "rate"; }
    std::uint32_t size() const override { return size_; }
    std::size_t population_count() const override { return populations_.size(); }
    PopulationSummary population(std::size_t index) const override;
    std::string summary() const override;
    std::uint64_t connection_count() const override { return coupling_count(); }
    std::vector<std::string> parameter_names() const override;
    const std::vector<double>& parameter_values(std::size_t population, const std::string& name) const override;

    std::uint32_t add_population(RateSpec spec, std::string name, WeightSign dale = WeightSign::any);
    // Decides the rule and the scaling of a request (see RateConnectRequest) and makes the block.
    std::uint32_t connect(std::uint32_t pre, std::uint32_t post, const RateConnectRequest& request);
    std::uint32_t connect_random(std::uint32_t pre, std::uint32_t post, const RateConnect& how);
    // Explicit 0-based (pre, post, weight) lists within the two populations; duplicates are summed.
    std::uint32_t connect_lists(std::uint32_t pre, std::uint32_t post, std::span<const std::int64_t> pre_ids,
                                std::span<const std::int64_t> post_ids, std::span<const double> weights);

    const std::vector<RatePopulation>& populations() const { return populations_; }
    const std::vector<RateProjection>& projections() const { return projections_; }
    std::uint64_t coupling_count() const;

private:
    void check_population(std::uint32_t index) const;

    std::uint32_t size_ = 0;
    std::vector<RatePopulation> populations_;
    std::vector<RateProjection> projections_;
};

} // namespace chaoslab
