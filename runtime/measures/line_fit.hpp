// Ordinary least squares of a straight line y = a + b x, with the slope's standard error and R^2,
// as the Lyapunov fits report them.
#pragma once

#include <cstddef>
#include <span>

namespace chaoslab {

struct LineFit {
    double slope = 0.0, intercept = 0.0;
    double slope_stderr = 0.0; // sqrt(residual variance / sum (x - mean x)^2), n - 2 degrees of freedom
    double r2 = 0.0;           // 1 - SS_res / SS_tot (1 when y is constant and fitted exactly)
    std::size_t n = 0;
};

// Needs at least 2 points with distinct x (else slope = NaN); the standard error needs 3.
LineFit fit_line(std::span<const double> x, std::span<const double> y) noexcept;

} // namespace chaoslab
