// chaoslab::RateNetwork: rate populations (tau, transfer function, gain, shift, input, initial
// state) and the couplings between them, drawn at declaration like the spiking network's.
#pragma once

#include "core/distribution.hpp"
#include "core/rng.hpp"
#include "models/rate_transfer.hpp"
#include "network/connectivity.hpp"
#include "network/synapses.hpp"

#include <cstdint>
#include <memory>
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

class RateNetwork {
public:
    explicit RateNetwork(const Seed& seed) : seed_(seed) {}

    std::uint32_t size() const { return size_; }
    const Seed& seed() const { return seed_; }

    std::uint32_t add_population(RateSpec spec, std::string name, WeightSign dale = WeightSign::any);
    std::uint32_t connect_random(std::uint32_t pre, std::uint32_t post, const RateConnect& how);
    // Explicit 0-based (pre, post, weight) lists within the two populations; duplicates are summed.
    std::uint32_t connect_lists(std::uint32_t pre, std::uint32_t post, std::span<const std::int64_t> pre_ids,
                                std::span<const std::int64_t> post_ids, std::span<const double> weights);

    const std::vector<RatePopulation>& populations() const { return populations_; }
    const std::vector<RateProjection>& projections() const { return projections_; }
    std::uint64_t coupling_count() const;

private:
    void check_population(std::uint32_t index) const;

    Seed seed_;
    std::uint32_t size_ = 0;
    std::vector<RatePopulation> populations_;
    std::vector<RateProjection> projections_;
};

} // namespace chaoslab
