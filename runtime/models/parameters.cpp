// Drawing and checking per-neuron parameters (see parameters.hpp).
#include "models/parameters.hpp"

#include "core/errors.hpp"

#include <cmath>

namespace chaoslab {

namespace {

std::string ordinal(std::uint64_t k) {
    const char* suffix = "th";
    if (k % 100 < 11 || k % 100 > 13) {
        if (k % 10 == 1)
            suffix = "st";
        else if (k % 10 == 2)
            suffix = "nd";
        else if (k % 10 == 3)
            suffix = "rd";
    }
    return std::to_string(k) + suffix;
}

bool passes(ParameterRule rule, double x) {
    switch (rule) {
    case ParameterRule::finite:
        return std::isfinite(x);
    case ParameterRule::positive:
        return x > 0.0 && std::isfinite(x);
    case ParameterRule::non_negative:
        return x >= 0.0 && std::isfinite(x);
    }
    return false;
}

const char* rule_text(ParameterRule rule) {
    switch (rule) {
    case ParameterRule::finite:
        return "finite";
    case ParameterRule::positive:
        return "> 0";
    case ParameterRule::non_negative:
        return ">= 0";
    }
    return "valid";
}

} // namespace

void bad_parameter(const ParameterSource& source, const char* option, const std::string& rule, const Distribution& d,
                   double value, std::size_t i) {
    std::string msg =
        std::string(source.fn) + ": option '" + option + "' must be " + rule + ", got " + format_number(value);
    if (d.kind() != Distribution::Kind::constant)
        msg += " for the " + ordinal(i + 1) + " " + source.noun + " (" + d.describe() + ")";
    throw ConfigError(msg);
}

std::vector<double> draw_parameter(const ParameterSource& source, const char* option, const Distribution& d,
                                   std::uint32_t n, ParameterRule rule) {
    if (d.kind() == Distribution::Kind::array && d.values()->size() != n) {
        throw ConfigError(std::string(source.fn) + ": option '" + option + "' has " +
                          std::to_string(d.values()->size()) + " values for " + std::to_string(n) + " " + source.noun +
                          "s (an array gives one value per " + source.noun + ")");
    }
    std::vector<double> out(n);
    d.fill(out, source.seed, stream_id(source.prefix + option), source.population);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!passes(rule, out[i])) bad_parameter(source, option, rule_text(rule), d, out[i], i);
    }
    return out;
}

} // namespace chaoslab
