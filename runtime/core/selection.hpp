// What a script selects by number: trials (a count from a first trial, or a list) and ids of
// neurons or units (0-based here, 1-based in messages), checked against what exists.
#pragma once

#include "core/rng.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chaoslab {

// Which trials a call runs: `count` consecutive trial numbers from a first one (the network seed's
// trial), or the listed trial numbers.
struct TrialSelection {
    std::int64_t count = 1;
    std::optional<std::vector<std::int64_t>> list;
};

// The trial numbers of a selection; errors name `fn` and option 'trials'
// ("run: option 'trials' must be >= 1, got 0", "... must hold trial numbers >= 0, got -1").
std::vector<std::uint64_t> trial_numbers(const TrialSelection& s, std::uint64_t first, const char* fn);

// The seeds of those trials for a network seeded `network`: (session, block) of the network, each
// trial number as the trial (DESIGN.md "Randomness").
std::vector<Seed> trial_seeds(const Seed& network, const TrialSelection& s, const char* fn);
// One trial's seed: `trial` if given, else the network seed's own trial.
Seed trial_seed(const Seed& network, const std::optional<std::int64_t>& trial);

// 0-based ids each within [0, n): "<fn>: option '<option>' has 11 at position 1, outside the
// <noun> ids 1..10" (ids as the script wrote them: 1-based).
std::vector<std::uint32_t> checked_ids(std::span<const std::int64_t> ids, std::uint64_t n, const char* fn,
                                       const std::string& option, const char* noun = "neuron");

} // namespace chaoslab
