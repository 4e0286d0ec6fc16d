// Lyapunov spectra of rate networks by the QR method (Benettin et al. 1980; Shimada & Nagashima
// 1979; as used by Engelken, Wolf & Abbott 2023 and seed 004): tangent vectors integrated with the
// state's own integrator and reorthonormalised every t_ons; Kaplan-Yorke dimension and entropy rate.
#pragma once

#include "core/rng.hpp"
#include "network/rate_network.hpp"
#include "sim/rate_integrator.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

struct SpectrumOptions {
    std::size_t k = 1;             // leading exponents, 1..n
    double duration = 1000.0;      // ms of accumulation
    double transient = 100.0;      // ms of the state alone, before the tangent vectors start
    double basis_transient = 10.0; // ms of tangent vectors aligning, QR'd but not counted
    double dt = 0.1, t_ons = 1.0;  // ms; t_ons is rounded to whole steps, >= 1
    RateMethod method = RateMethod::euler;
    Seed trial;             // initial state and initial basis
    std::vector<double> x0; // explicit initial state (else drawn from x_init)
    // Seed 004's schedule (spec 5.2): duration = tSim, transients of 1 % of the steps each (transient
    // and basis_transient are ignored), QRs at multiples of t_ons from t = 0 and at the last step, and
    // the sum of logs divided by the total elapsed time, transients included (a ~2 % bias).
    bool seed004_schedule = false;
    // The Euler tangent map taken at the updated state, as seed 004's code does.
    bool tangent_after_step = false;
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
    double mean_trace = 0.0;       // time average of trace Df over the accumulation (flow sum rule)
    double accumulated = 0.0;      // ms over which the logs were summed
    std::size_t orthonormalizations = 0;
    // Wall-clock split (s): tangent products (J times panels), QR, everything else.
    double seconds_tangent = 0.0, seconds_qr = 0.0, seconds_total = 0.0;
};

SpectrumResult lyapunov_spectrum(const RateNetwork& net, const RateSystem& system, const SpectrumOptions& o);

// Kaplan-Yorke dimension of a spectrum sorted descending: 0 when lambda_1 < 0, k when every
// partial sum is >= 0.
double kaplan_yorke_dimension(const std::vector<double>& sorted_desc);

} // namespace chaoslab
