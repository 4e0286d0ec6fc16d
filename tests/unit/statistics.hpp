// Statistical helpers shared by the generator and distribution tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace chaoslab::test {

// Kolmogorov-Smirnov distance between the sample and a continuous CDF.
template <class Cdf> double ks_statistic(std::vector<double> x, Cdf cdf) {
    std::sort(x.begin(), x.end());
    const double n = static_cast<double>(x.size());
    double d = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = cdf(x[i]);
        d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
    }
    return d;
}

// 0.1% critical value of KS for large n (Smirnov's asymptotic distribution).
inline double ks_critical(std::size_t n) { return 1.95 / std::sqrt(static_cast<double>(n)); }

inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

inline double sample_mean(const std::vector<double>& x) {
    double s = 0.0;
    for (const double v : x) s += v;
    return s / static_cast<double>(x.size());
}

// Unbiased (n - 1) sample variance.
inline double sample_variance(const std::vector<double>& x) {
    const double m = sample_mean(x);
    double s = 0.0;
    for (const double v : x) s += (v - m) * (v - m);
    return s / static_cast<double>(x.size() - 1);
}

} // namespace chaoslab::test
