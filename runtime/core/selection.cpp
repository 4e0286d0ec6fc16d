// Trial numbers and id lists checked against what exists (see selection.hpp).
#include "core/selection.hpp"

#include "core/errors.hpp"

namespace chaoslab {

std::vector<std::uint64_t> trial_numbers(const TrialSelection& s, std::uint64_t first, const char* fn) {
    std::vector<std::uint64_t> trials;
    const std::string option = std::string(fn) + ": option 'trials' ";
    if (!s.list) {
        if (s.count < 1) throw ConfigError(option + "must be >= 1, got " + std::to_string(s.count));
        for (std::int64_t k = 0; k < s.count; ++k) trials.push_back(first + static_cast<std::uint64_t>(k));
        return trials;
    }
    for (std::int64_t t : *s.list) {
        if (t < 0) throw ConfigError(option + "must hold trial numbers >= 0, got " + std::to_string(t));
        trials.push_back(static_cast<std::uint64_t>(t));
    }
    if (trials.empty()) throw ConfigError(option + "must not be empty");
    return trials;
}

std::vector<Seed> trial_seeds(const Seed& network, const TrialSelection& s, const char* fn) {
    std::vector<Seed> seeds;
    for (std::uint64_t t : trial_numbers(s, network.trial, fn))
        seeds.push_back(Seed{network.session, network.block, t});
    return seeds;
}

Seed trial_seed(const Seed& network, const std::optional<std::int64_t>& trial) {
    return Seed{network.session, network.block, trial ? static_cast<std::uint64_t>(*trial) : network.trial};
}

std::vector<std::uint32_t> checked_ids(std::span<const std::int64_t> ids, std::uint64_t n, const char* fn,
                                       const std::string& option, const char* noun) {
    std::vector<std::uint32_t> out;
    out.reserve(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (ids[k] < 0 || static_cast<std::uint64_t>(ids[k]) >= n) {
            throw ConfigError(std::string(fn) + ": option '" + option + "' has " + std::to_string(ids[k] + 1) +
                              " at position " + std::to_string(k + 1) + ", outside the " + noun + " ids 1.." +
                              std::to_string(n));
        }
        out.push_back(static_cast<std::uint32_t>(ids[k]));
    }
    return out;
}

} // namespace chaoslab
