// Least-squares line fit in two passes (means first), which keeps long, offset time axes accurate.
#include "measures/line_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaoslab {

LineFit fit_line(std::span<const double> x, std::span<const double> y) noexcept {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    LineFit f;
    f.n = x.size();
    if (f.n < 2) {
        f.slope = f.intercept = f.slope_stderr = f.r2 = kNaN;
        return f;
    }
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < f.n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(f.n);
    my /= static_cast<double>(f.n);
    double sxx = 0.0, sxy = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < f.n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0.0)) {
        f.slope = f.intercept = f.slope_stderr = f.r2 = kNaN;
        return f;
    }
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    const double ss_res = std::max(0.0, syy - f.slope * sxy);
    f.r2 = syy > 0.0 ? 1.0 - ss_res / syy : 1.0;
    f.slope_stderr = f.n > 2 ? std::sqrt(ss_res / static_cast<double>(f.n - 2) / sxx) : kNaN;
    return f;
}

} // namespace chaoslab
