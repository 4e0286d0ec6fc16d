// Transfer functions phi of rate units and their derivatives, each with a per-neuron gain G and
// shift s: phi(x) = f(G (x - s)). The derivative is the exact one unless the seed-004 form is asked.
#pragma once

#include "core/enum_names.hpp"

#include <span>

namespace chaoslab {

// tanh:      tanh(G (x - s))            (seed 004's "tanh" is G = 1, s = 0; "tanh_stretched" any G, s)
// tanh_pos:  (1 + tanh(G (x - s))) / 2  (seed 004's "tanh_pos", in [0, 1])
// relu:      max(0, G (x - s))
// sigmoid:   1 / (1 + exp(-G (x - s)))
// linear:    G (x - s)
enum class Transfer { tanh, tanh_pos, relu, sigmoid, linear };

// The names scripts use; "tanh_stretched" is tanh in its gain/shift form.
inline constexpr EnumName<Transfer> kTransferNames[] = {
    {"tanh", Transfer::tanh}, {"tanh_stretched", Transfer::tanh}, {"tanh_pos", Transfer::tanh_pos},
    {"relu", Transfer::relu}, {"sigmoid", Transfer::sigmoid},     {"linear", Transfer::linear},
};
inline const char* transfer_name(Transfer t) { return enum_text<Transfer>(kTransferNames, t); }

// out[i] = phi(x[i]) with gain[i], shift[i] (all spans of equal length).
void apply_transfer(Transfer t, std::span<const double> x, std::span<const double> gain, std::span<const double> shift,
                    std::span<double> out) noexcept;

// out[i] = phi'(x[i]). With seed004_jacobian the derivative is G / cosh^2(x) for every kind, as the
// FlyStability code computes it (spec 5.8 bug 1: wrong unless phi is tanh with G = 1, s = 0).
void apply_transfer_slope(Transfer t, std::span<const double> x, std::span<const double> gain,
                          std::span<const double> shift, std::span<double> out, bool seed004_jacobian = false) noexcept;

} // namespace chaoslab
