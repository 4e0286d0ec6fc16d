// A small connectome-like graph for tests and examples (the fly connectome is not distributable):
// heavy-tailed in/out degrees, heavy-tailed synapse counts as weights, cell types and regions. Also
// the option names and sweep count of the normalisations (network/connectome.hpp), which
// connectome.read (io/connectome.hpp) shares.
#pragma once

#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "network/connectome.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

struct SyntheticConnectomeParams {
    std::size_t n = 0;
    double mean_degree = 10.0; // expected edges per neuron (in = out on average)
    Seed seed;                 // structure seed: trial is ignored (as for every network structure)
    double degree_sigma = 1.0; // sigma of the lognormal in/out propensities (0: Erdos-Renyi-like)
    double weight_mu = 1.0;    // synapse count = ceil(exp(weight_mu + weight_sigma z)), z ~ N(0, 1)
    double weight_sigma = 1.0;
    // type -> fraction (normalised); empty: none
    std::vector<std::pair<std::string, double>> types = {{"ACh", 0.6}, {"GABA", 0.3}, {"Glu", 0.1}};
    std::vector<std::pair<std::string, double>> regions; // region -> fraction; empty: none
    // Then, as connectome.read does: Dale's law (apply_signs), then the normalisation.
    std::optional<std::vector<std::pair<std::string, double>>> signs; // type -> +1 / -1
    Normalization normalize = Normalization::none;
    std::optional<std::int64_t> iterations; // normalization_sweeps
};

// Directed Chung-Lu graph: neuron i has out-propensity a_i = exp(degree_sigma x_i) and
// in-propensity b_i = exp(degree_sigma y_i), x, y ~ N(0, 1) independent, and the edge i -> j
// (i != j, no autapses) exists independently with probability min(1, c a_i b_j), where
// c = n mean_degree / (sum_i a_i sum_j b_j - sum_i a_i b_i) makes the expected number of edges
// n mean_degree (a little less when hubs saturate at probability 1). Degrees are therefore
// mixed-Poisson with lognormal means: heavy-tailed. Sampled in O(n log n + edges) by Miller &
// Hagberg's skipping ("Efficient generation of networks with given expected degrees", 2011).
//
// Types and regions are exact quotas (largest remainder of fraction * n, ties by name order)
// shuffled over the neurons, so every type with fraction * n >= 1 is present. Ids are 1..n.
//
// Random addresses, all RandomStream(seed with trial 0, stream_id("connectome.synthetic"), sub):
//   sub 0 normal_at(i) -> x_i; sub 1 normal_at(i) -> y_i; sub 2 sequential -> type shuffle;
//   sub 3 sequential -> region shuffle; sub 2^32 + i sequential -> the targets of neuron i;
//   sub 2^33 + i sequential -> the synapse counts of neuron i's edges (target order of b desc.).
// Then signs and normalisation are applied (apply_signs, normalize_connectome).
// Errors are ConfigErrors "connectome.synthetic: option 'x' ...".
Connectome synthetic_connectome(const SyntheticConnectomeParams& p);

} // namespace chaoslab
