// chaoslab::Distribution: how a per-element quantity (a neuron's threshold, a weight, an initial
// state) is drawn -- constant, normal, uniform, lognormal, exponential, bernoulli or explicit array.
#pragma once

#include "core/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace chaoslab {

class Distribution {
public:
    enum class Kind { constant, normal, uniform, lognormal, exponential, bernoulli, array };

    // One named parameter, in the order describe() prints them.
    struct Parameter {
        std::string name;
        double value;
    };

    // constant(0), so a Distribution can sit in containers and option structs.
    Distribution() = default;

    // Factories check their arguments and throw ConfigError naming the parameter and value
    // ("normal: sigma must be >= 0, got -1"); every parameter must be finite.
    static Distribution constant(double value);
    static Distribution normal(double mu, double sigma);    // sigma >= 0
    static Distribution uniform(double lo, double hi);      // [lo, hi) up to rounding, hi >= lo
    static Distribution lognormal(double mu, double sigma); // of the underlying normal, sigma >= 0
    static Distribution exponential(double mean);           // mean > 0
    static Distribution bernoulli(double p);                // values 0 and 1, p = P(1) in [0, 1]
    // Explicit values, element i for draw i; shared, not copied, between copies of the Distribution.
    static Distribution array(std::vector<double> values);
    static Distribution array(std::shared_ptr<const std::vector<double>> values);

    Kind kind() const { return kind_; }
    std::string name() const;                  // "normal"
    std::string describe() const;              // "normal(mu=0, sigma=1)", "array(n=5)"
    std::vector<Parameter> parameters() const; // array: {"n", size}

    // Parameters by name; NaN for a kind that does not have the parameter.
    double value() const; // constant
    double mu() const;    // normal, lognormal
    double sigma() const; // normal, lognormal
    double lo() const;    // uniform
    double hi() const;    // uniform
    double p() const;     // bernoulli
    // exponential's parameter is its mean(); array's values are values().
    const std::vector<double>* values() const { return values_.get(); } // nullptr unless array

    // Closed forms; the array kind gives the mean and population variance (divisor n) of its values.
    double mean() const;
    double variance() const;

    // Draw i uses counter block i of `s` and nothing else, so it is the same whichever thread
    // computes it, and in whatever order. The array kind returns values[i] (NaN past the end).
    double sample_at(const RandomStream& s, std::uint64_t i) const noexcept;

    // out[k] = draw first + k of stream (seed, stream, sub). Large fills run in parallel over
    // fixed chunks of indices, so results are bitwise identical for any thread count, and poll
    // for Ctrl-C between chunks. The array kind copies values[first + k]: a whole fill
    // (first == 0) needs exactly as many values as out has, a partial one first + out.size() <= n;
    // otherwise ConfigError ("array: expected 100 values, got 5").
    void fill(std::span<double> out, const Seed& seed, StreamId stream, std::uint64_t sub = 0,
              std::uint64_t first = 0) const;
    // Draws 0..n-1, as fill.
    std::vector<double> sample(std::size_t n, const Seed& seed, StreamId stream, std::uint64_t sub = 0) const;

private:
    Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}

    Kind kind_ = Kind::constant;
    // The kind's parameters: constant (value, -), normal/lognormal (mu, sigma), uniform (lo, hi),
    // exponential (mean, -), bernoulli (p, -).
    double a_ = 0.0;
    double b_ = 0.0;
    std::shared_ptr<const std::vector<double>> values_;
};

} // namespace chaoslab
