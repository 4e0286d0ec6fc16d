// Lyapunov spectra by the QR method (Benettin et al. 1980; Shimada & Nagashima 1979; as used by
// Engelken, Wolf & Abbott 2023 and seed 004) of any DynamicalSystem: tangent vectors stepped with the
// state by the system's own map and reorthonormalised every t_ons; Kaplan-Yorke dimension, entropy
// rate and block errors.
#pragma once

#include "core/rng.hpp"
#include "sim/dynamical_system.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

struct SpectrumOptions {
    std::size_t k = 0;             // leading exponents, 1..n; 0 = all n
    double duration = 1000.0;      // ms of accumulation
    double transient = 100.0;      // ms of the state alone, before the tangent vectors start
    double basis_transient = 10.0; // ms of tangent vectors aligning, QR'd but not counted
    double t_ons = 1.0;            // ms between QRs; rounded to whole steps of the system, >= 1
    Seed trial;                    // initial state and initial basis
    std::vector<double> x0;        // explicit initial state, or one value for every unit (else the system's
                                   // initial_state(trial))
    // Seed 004's schedule (spec 5.2): duration = tSim, transients of 1 % of the steps each (transient
    // and basis_transient are ignored), QRs at multiples of t_ons from t = 0 and at the last step, and
    // the sum of logs divided by the total elapsed time, transients included (a ~2 % bias).
    bool seed004_schedule = false;
    std::size_t blocks = 10;        // for the statistical error
    std::size_t max_records = 1000; // rows of the running estimate
};

struct SpectrumResult {
    std::vector<double> exponents; // 1/ms, sorted descending
    std::vector<double> stderr;    // per exponent: sd over blocks of time / sqrt(blocks)
    std::vector<double> times;     // ms since the start of accumulation, per running-estimate row
    std::vector<double> running;   // records x k, row-major, in the order of `exponents`
    double sum = 0.0;              // sum of the k exponents
    double kaplan_yorke = 0.0;     // j + S_j / |lambda_{j+1}| (Kaplan & Yorke 1979)
    double entropy_rate = 0.0;     // sum of the positive exponents (Pesin's bound on the KS entropy)
    double mean_trace = 0.0;       // time average of the contraction rate (trace Df of a flow: the sum rule)
    double accumulated = 0.0;      // ms over which the logs were summed
    std::size_t orthonormalizations = 0;
    // Wall-clock split (s): tangent products (J times panels), QR, everything else.
    double seconds_tangent = 0.0, seconds_qr = 0.0, seconds_total = 0.0;
};

SpectrumResult lyapunov_spectrum(DynamicalSystem& system, const SpectrumOptions& o);

// Kaplan-Yorke dimension of a spectrum sorted descending: 0 when lambda_1 < 0, k when every
// partial sum is >= 0.
double kaplan_yorke_dimension(const std::vector<double>& sorted_desc);

} // namespace chaoslab
