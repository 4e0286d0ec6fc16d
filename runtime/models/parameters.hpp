// Per-neuron (per-unit) parameters of a population drawn from their distributions and checked value
// by value: the one place every model family draws its parameters and reports a bad one.
#pragma once

#include "core/distribution.hpp"
#include "core/rng.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chaoslab {

// What each drawn value must satisfy.
enum class ParameterRule { finite, positive, non_negative };

// Where the values come from and how a bad one is reported: "<fn>: option '<option>' must be > 0,
// got -5" for a constant; "..., got -0.3 for the 17th <noun> (normal(1, 2))" for a drawn value.
struct ParameterSource {
    const char* fn;               // "lif", "rate"
    const char* noun;             // "neuron", "unit"
    std::string prefix;           // stream names are prefix + option: "lif.tau_m"
    Seed seed;                    // structure seed (parameters) or trial seed (initial states)
    std::uint32_t population = 0; // the stream's sub-index
};

// n values of `d` on stream prefix + option, sub-index population, each passing `rule`.
std::vector<double> draw_parameter(const ParameterSource& source, const char* option, const Distribution& d,
                                   std::uint32_t n, ParameterRule rule);

// The error for value i of option `option` (drawn from `d`) that is not `rule_text` ("> 0").
[[noreturn]] void bad_parameter(const ParameterSource& source, const char* option, const std::string& rule_text,
                                const Distribution& d, double value, std::size_t i);

} // namespace chaoslab
