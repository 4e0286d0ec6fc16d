// Validation, closed-form moments and (parallel, thread-count independent) sampling of Distribution.
#include "core/distribution.hpp"

#include "core/errors.hpp"
#include "parallel/for_each.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaoslab {

namespace {

// Indices per parallel chunk: large enough that a chunk costs far more than scheduling it, small
// enough that Ctrl-C is noticed within milliseconds. Results do not depend on it, since each value
// depends on its index alone.
constexpr std::size_t kChunk = 65536;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_finite(const char* dist, const char* param, double x) {
    if (!std::isfinite(x)) {
        throw ConfigError(std::string(dist) + ": " + param + " must be finite, got " + format_number(x));
    }
}

void require_sigma(const char* dist, double mu, double sigma) {
    require_finite(dist, "mu", mu);
    require_finite(dist, "sigma", sigma);
    if (sigma < 0.0) throw ConfigError(std::string(dist) + ": sigma must be >= 0, got " + format_number(sigma));
}

// One draw per kind, shared by sample_at and fill so both compute bit-for-bit the same value;
// fill instantiates its loop per kind, keeping the kind switch and member loads out of it.
struct NormalDraw {
    double mu, sigma;
    double operator()(const RandomStream& s, std::uint64_t i) const noexcept { return mu + sigma * s.normal_at(i); }
};
struct UniformDraw {
    double lo, width;
    double operator()(const RandomStream& s, std::uint64_t i) const noexcept { return lo + width * s.uniform_at(i); }
};
struct LognormalDraw {
    double mu, sigma;
    double operator()(const RandomStream& s, std::uint64_t i) const noexcept {
        return std::exp(mu + sigma * s.normal_at(i));
    }
};
struct ExponentialDraw {
    double mean;
    double operator()(const RandomStream& s, std::uint64_t i) const noexcept {
        return -mean * std::log(s.uniform_pos_at(i));
    }
};
struct BernoulliDraw {
    double p;
    double operator()(const RandomStream& s, std::uint64_t i) const noexcept { return s.uniform_at(i) < p ? 1.0 : 0.0; }
};

// out[k] = draw(s, first + k). Chunk c always covers the same indices; threads only pick which
// chunks they run, and each value depends on its index alone, so the thread count cannot change
// a single bit.
template <class Draw> void fill_chunks(std::span<double> out, const RandomStream& s, std::uint64_t first, Draw draw) {
    const std::size_t n = out.size();
    const auto chunks = static_cast<std::int64_t>((n + kChunk - 1) / kChunk);
    parallel_for(chunks, [&](std::int64_t c) {
        const std::size_t begin = static_cast<std::size_t>(c) * kChunk;
        const std::size_t end = std::min(n, begin + kChunk);
        double* const dst = out.data();
        for (std::size_t k = begin; k < end; ++k) dst[k] = draw(s, first + k);
    });
}

} // namespace

Distribution Distribution::constant(double value) {
    require_finite("constant", "value", value);
    return Distribution(Kind::constant, value, 0.0);
}

Distribution Distribution::normal(double mu, double sigma) {
    require_sigma("normal", mu, sigma);
    return Distribution(Kind::normal, mu, sigma);
}

Distribution Distribution::uniform(double lo, double hi) {
    require_finite("uniform", "lo", lo);
    require_finite("uniform", "hi", hi);
    if (!(hi >= lo)) {
        throw ConfigError("uniform: hi must be >= lo, got lo=" + format_number(lo) + ", hi=" + format_number(hi));
    }
    // Sampling computes lo + (hi - lo) * u, which needs a finite width.
    if (!std::isfinite(hi - lo)) {
        throw ConfigError("uniform: hi - lo must be finite, got lo=" + format_number(lo) + ", hi=" + format_number(hi));
    }
    return Distribution(Kind::uniform, lo, hi);
}

Distribution Distribution::lognormal(double mu, double sigma) {
    require_sigma("lognormal", mu, sigma);
    return Distribution(Kind::lognormal, mu, sigma);
}

Distribution Distribution::exponential(double mean) {
    require_finite("exponential", "mean", mean);
    if (!(mean > 0.0)) throw ConfigError("exponential: mean must be > 0, got " + format_number(mean));
    return Distribution(Kind::exponential, mean, 0.0);
}

Distribution Distribution::bernoulli(double p) {
    require_finite("bernoulli", "p", p);
    if (p < 0.0 || p > 1.0) throw ConfigError("bernoulli: p must be in [0, 1], got " + format_number(p));
    return Distribution(Kind::bernoulli, p, 0.0);
}

Distribution Distribution::array(std::vector<double> values) {
    return array(std::make_shared<const std::vector<double>>(std::move(values)));
}

Distribution Distribution::array(std::shared_ptr<const std::vector<double>> values) {
    if (!values || values->empty()) throw ConfigError("array: expected at least one value, got 0");
    for (std::size_t i = 0; i < values->size(); ++i) {
        const double x = (*values)[i];
        // 1-based, as the user wrote the values in a Lua table.
        if (!std::isfinite(x)) {
            throw ConfigError("array: value #" + std::to_string(i + 1) + " must be finite, got " + format_number(x));
        }
    }
    Distribution d(Kind::array, 0.0, 0.0);
    d.values_ = std::move(values);
    return d;
}

std::string Distribution::name() const {
    switch (kind_) {
    case Kind::constant:
        return "constant";
    case Kind::normal:
        return "normal";
    case Kind::uniform:
        return "uniform";
    case Kind::lognormal:
        return "lognormal";
    case Kind::exponential:
        return "exponential";
    case Kind::bernoulli:
        return "bernoulli";
    case Kind::array:
        return "array";
    }
    return "?";
}

std::vector<Distribution::Parameter> Distribution::parameters() const {
    switch (kind_) {
    case Kind::constant:
        return {{"value", a_}};
    case Kind::normal:
    case Kind::lognormal:
        return {{"mu", a_}, {"sigma", b_}};
    case Kind::uniform:
        return {{"lo", a_}, {"hi", b_}};
    case Kind::exponential:
        return {{"mean", a_}};
    case Kind::bernoulli:
        return {{"p", a_}};
    case Kind::array:
        return {{"n", static_cast<double>(values_->size())}};
    }
    return {};
}

std::string Distribution::describe() const {
    std::string s = name() + "(";
    bool first = true;
    for (const Parameter& param : parameters()) {
        if (!first) s += ", ";
        first = false;
        s += param.name + "=" + format_number(param.value);
    }
    return s + ")";
}

double Distribution::value() const { return kind_ == Kind::constant ? a_ : kNaN; }
double Distribution::mu() const { return kind_ == Kind::normal || kind_ == Kind::lognormal ? a_ : kNaN; }
double Distribution::sigma() const { return kind_ == Kind::normal || kind_ == Kind::lognormal ? b_ : kNaN; }
double Distribution::lo() const { return kind_ == Kind::uniform ? a_ : kNaN; }
double Distribution::hi() const { return kind_ == Kind::uniform ? b_ : kNaN; }
double Distribution::p() const { return kind_ == Kind::bernoulli ? a_ : kNaN; }

double Distribution::mean() const {
    switch (kind_) {
    case Kind::constant:
    case Kind::normal:
    case Kind::exponential:
    case Kind::bernoulli:
        return a_;
    case Kind::uniform:
        return 0.5 * (a_ + b_);
    case Kind::lognormal:
        return std::exp(a_ + 0.5 * b_ * b_);
    case Kind::array: {
        double sum = 0.0;
        for (const double x : *values_) sum += x;
        return sum / static_cast<double>(values_->size());
    }
    }
    return kNaN;
}

double Distribution::variance() const {
    switch (kind_) {
    case Kind::constant:
        return 0.0;
    case Kind::normal:
        return b_ * b_;
    case Kind::uniform:
        return (b_ - a_) * (b_ - a_) / 12.0;
    // (e^{s^2} - 1) e^{2 mu + s^2}; expm1 keeps small sigma accurate.
    case Kind::lognormal:
        return std::expm1(b_ * b_) * std::exp(2.0 * a_ + b_ * b_);
    case Kind::exponential:
        return a_ * a_;
    case Kind::bernoulli:
        return a_ * (1.0 - a_);
    case Kind::array: {
        // Two passes: the textbook one-pass formula cancels badly for values far from zero.
        const double m = mean();
        double sum = 0.0;
        for (const double x : *values_) sum += (x - m) * (x - m);
        return sum / static_cast<double>(values_->size());
    }
    }
    return kNaN;
}

double Distribution::sample_at(const RandomStream& s, std::uint64_t i) const noexcept {
    switch (kind_) {
    case Kind::constant:
        return a_;
    case Kind::normal:
        return NormalDraw{a_, b_}(s, i);
    case Kind::uniform:
        return UniformDraw{a_, b_ - a_}(s, i);
    case Kind::lognormal:
        return LognormalDraw{a_, b_}(s, i);
    case Kind::exponential:
        return ExponentialDraw{a_}(s, i);
    case Kind::bernoulli:
        return BernoulliDraw{a_}(s, i);
    case Kind::array:
        return i < values_->size() ? (*values_)[i] : kNaN;
    }
    return kNaN;
}

void Distribution::fill(std::span<double> out, const Seed& seed, StreamId stream, std::uint64_t sub,
                        std::uint64_t first) const {
    const std::size_t n = out.size();
    if (kind_ == Kind::array) {
        const std::size_t size = values_->size();
        if (first == 0 && n != size) {
            throw ConfigError("array: expected " + std::to_string(n) + " values, got " + std::to_string(size));
        }
        if (n > 0 && (first > size || n > size - first)) {
            throw ConfigError("array: draws " + std::to_string(first) + ".." + std::to_string(first + n - 1) +
                              " need at least " + std::to_string(first + n) + " values, got " + std::to_string(size));
        }
        if (n == 0) return;
        std::copy_n(values_->begin() + static_cast<std::ptrdiff_t>(first), n, out.begin());
        return;
    }
    if (kind_ == Kind::constant) {
        std::fill(out.begin(), out.end(), a_);
        return;
    }

    const RandomStream s(seed, stream, sub);
    switch (kind_) {
    case Kind::normal:
        fill_chunks(out, s, first, NormalDraw{a_, b_});
        break;
    case Kind::uniform:
        fill_chunks(out, s, first, UniformDraw{a_, b_ - a_});
        break;
    case Kind::lognormal:
        fill_chunks(out, s, first, LognormalDraw{a_, b_});
        break;
    case Kind::exponential:
        fill_chunks(out, s, first, ExponentialDraw{a_});
        break;
    case Kind::bernoulli:
        fill_chunks(out, s, first, BernoulliDraw{a_});
        break;
    case Kind::constant:
    case Kind::array:
        break; // handled above
    }
}

std::vector<double> Distribution::sample(std::size_t n, const Seed& seed, StreamId stream, std::uint64_t sub) const {
    std::vector<double> out(n);
    fill(out, seed, stream, sub);
    return out;
}

} // namespace chaoslab
