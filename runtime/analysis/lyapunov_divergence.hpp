// The largest Lyapunov exponent of any DynamicalSystem from twin trajectories: the slope of
// ln||delta(t)|| before saturation (seed 001), and the renormalisation estimate of Benettin et al. (1976).
#pragma once

#include "core/rng.hpp"
#include "sim/dynamical_system.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chaoslab {

// How the initial separation is chosen: `ones` adds epsilon to every coordinate (seed 001:
// ||delta(0)|| = epsilon sqrt(n)); `random` is a random direction of norm epsilon, per trial.
enum class PerturbDirection { ones, random };

struct LyapunovDivergenceOptions {
    double duration = 1000.0; // ms
    std::vector<Seed> trials; // one initial state per trial seed
    double epsilon = 1e-6;
    PerturbDirection direction = PerturbDirection::random;
    double sample_every = 0.0; // ms between points of the curve; 0 = every step
    // The curve L(t): the mean over trials of ln delta_k(t) (default), or ln of the mean of the
    // delta_k(t) (seed 001: log_of_mean).
    bool log_of_mean = false;
    // Trials whose final delta_k(T) is below this are left out (seed 001: 1, its "non-stable" test).
    double min_final = 0.0;
    // End of the fit: the first t where L(t) reaches L(t0) + saturation (max L - L(t0)); with
    // seed001_cut the first t where L(t) >= saturation max L, as seed 001's code does.
    double saturation = 0.8;
    bool seed001_cut = false;
    double fit_start = 0.0; // ms: skip the alignment transient
};

struct LyapunovDivergenceResult {
    std::vector<double> times;     // ms, the curve's sample times
    std::vector<double> log_delta; // L(t) over the trials used
    // ln delta_k(t): trials x samples, row-major (every trial, used or not).
    std::vector<double> log_delta_trials;
    std::vector<std::uint8_t> used; // per trial
    std::size_t trials_used = 0;
    double lambda = 0.0; // 1/ms: the slope of L(t) over the fit window (NaN without a window)
    double intercept = 0.0, r2 = 0.0, slope_stderr = 0.0;
    double fit_start = 0.0, fit_end = 0.0; // ms, inclusive sample times
    std::size_t fit_points = 0;
    std::vector<double> lambda_trials; // each used trial's own slope over the window (NaN if not used)
    double lambda_trials_stderr = 0.0; // sd(lambda_trials) / sqrt(used)
    std::string note;                  // why lambda is NaN, when it is
};

LyapunovDivergenceResult lyapunov_divergence(const DynamicalSystem& system, const LyapunovDivergenceOptions& o);

struct RenormalizationOptions {
    double duration = 1000.0, transient = 100.0; // ms
    std::vector<Seed> trials;
    double epsilon = 1e-8;   // separation restored after every interval
    double interval = 1.0;   // ms between renormalisations (rounded to whole steps)
    std::size_t blocks = 10; // for the error of a single trial
};

struct RenormalizationResult {
    double lambda = 0.0; // 1/ms, mean over trials
    double stderr = 0.0; // over trials (sd / sqrt(trials)), or over blocks of time for one trial
    std::vector<double> lambda_trials;
    std::vector<double> times, running; // the running estimate (mean over trials) after each interval
};

RenormalizationResult lyapunov_renormalization(const DynamicalSystem& system, const RenormalizationOptions& o);

// The perturbation direction of trial `trial_seed`: unit norm for `random`, all ones for `ones`.
std::vector<double> perturbation_direction(std::size_t n, PerturbDirection d, const Seed& trial_seed);

} // namespace chaoslab
