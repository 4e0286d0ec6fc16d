// What every model family's declared network tells its users (the Lua handle, summaries, help)
// without knowing the family: its name, size, populations and their drawn parameters. Families:
// spiking (network/spiking_network.hpp) and rate (network/rate_network.hpp).
#pragma once

#include "core/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace chaoslab {

struct PopulationSummary {
    std::string name;
    std::uint32_t offset = 0; // index of its first neuron (unit) in the network
    std::uint32_t size = 0;
    std::string model; // "LIF neurons", "rate units (tanh)"
};

class FamilyNetwork {
public:
    explicit FamilyNetwork(const Seed& seed) : seed_(seed) {}
    virtual ~FamilyNetwork() = default;

    const Seed& seed() const { return seed_; }
    virtual const char* family() const = 0; // "spiking", "rate"
    virtual std::uint32_t size() const = 0; // neurons or units
    virtual std::size_t population_count() const = 0;
    virtual PopulationSummary population(std::size_t index) const = 0;
    // Synapses (spiking) or couplings (rate) of all projections.
    virtual std::uint64_t connection_count() const = 0;
    // "1000 neurons in 2 populations, 100000 synapses"
    virtual std::string summary() const = 0;
    // The names of the drawn per-neuron parameters (in the order help lists them) and their values.
    virtual std::vector<std::string> parameter_names() const = 0;
    virtual const std::vector<double>& parameter_values(std::size_t population, const std::string& name) const = 0;

private:
    Seed seed_;
};

} // namespace chaoslab
