// Transfer functions of rate units (see rate_transfer.hpp for the definitions).
#include "models/rate_transfer.hpp"

#include "core/errors.hpp"

#include <cmath>

namespace chaoslab {

void apply_transfer(Transfer t, std::span<const double> x, std::span<const double> gain, std::span<const double> shift,
                    std::span<double> out) noexcept {
    const std::size_t n = x.size();
    switch (t) {
    case Transfer::tanh:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::tanh(gain[i] * (x[i] - shift[i]));
        break;
    case Transfer::tanh_pos:
        for (std::size_t i = 0; i < n; ++i) out[i] = 0.5 * (1.0 + std::tanh(gain[i] * (x[i] - shift[i])));
        break;
    case Transfer::relu:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::max(0.0, gain[i] * (x[i] - shift[i]));
        break;
    case Transfer::sigmoid:
        for (std::size_t i = 0; i < n; ++i) out[i] = 1.0 / (1.0 + std::exp(-gain[i] * (x[i] - shift[i])));
        break;
    case Transfer::linear:
        for (std::size_t i = 0; i < n; ++i) out[i] = gain[i] * (x[i] - shift[i]);
        break;
    }
}

namespace {
// sech^2(u) = 1 - tanh^2(u): no overflow of cosh for large |u|.
inline double sech2(double u) {
    const double th = std::tanh(u);
    return 1.0 - th * th;
}
} // namespace

void apply_transfer_slope(Transfer t, std::span<const double> x, std::span<const double> gain,
                          std::span<const double> shift, std::span<double> out, bool seed004_jacobian) noexcept {
    const std::size_t n = x.size();
    if (seed004_jacobian) {
        for (std::size_t i = 0; i < n; ++i) out[i] = gain[i] * sech2(x[i]);
        return;
    }
    switch (t) {
    case Transfer::tanh:
        for (std::size_t i = 0; i < n; ++i) out[i] = gain[i] * sech2(gain[i] * (x[i] - shift[i]));
        break;
    case Transfer::tanh_pos:
        for (std::size_t i = 0; i < n; ++i) out[i] = 0.5 * gain[i] * sech2(gain[i] * (x[i] - shift[i]));
        break;
    case Transfer::relu:
        // At the kink (G (x - s) = 0) the derivative is taken as 0, the left-hand value for G > 0.
        for (std::size_t i = 0; i < n; ++i) out[i] = gain[i] * (x[i] - shift[i]) > 0.0 ? gain[i] : 0.0;
        break;
    case Transfer::sigmoid:
        for (std::size_t i = 0; i < n; ++i) {
            const double s = 1.0 / (1.0 + std::exp(-gain[i] * (x[i] - shift[i])));
            out[i] = gain[i] * s * (1.0 - s);
        }
        break;
    case Transfer::linear:
        for (std::size_t i = 0; i < n; ++i) out[i] = gain[i];
        break;
    }
}

} // namespace chaoslab
