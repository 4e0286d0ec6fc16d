// The QR (Benettin) method for Lyapunov spectra: Householder QR every t_ons, Q re-formed on fixed
// column panels in parallel, logs of |R_ii| summed per block of time for the error estimate.
#include "analysis/lyapunov_spectrum.hpp"

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "parallel/panels.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace chaoslab {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void fail(const std::string& option, const std::string& rule, double got) {
    throw ConfigError("lyapunov.spectrum: option '" + option + "' must be " + rule + ", got " + format_number(got));
}

// Q <- the thin orthonormal factor of Q, returning ln|R_ii|. Householder QR (single-threaded, so
// bitwise fixed), then Q formed by applying the reflectors to identity panels in parallel.
std::vector<double> orthonormalize(Matrix& Q) {
    const Eigen::Index n = Q.rows(), k = Q.cols();
    const Eigen::HouseholderQR<Matrix> qr(Q);
    std::vector<double> logs(static_cast<std::size_t>(k));
    for (Eigen::Index i = 0; i < k; ++i) logs[static_cast<std::size_t>(i)] = std::log(std::abs(qr.matrixQR()(i, i)));
    const auto reflectors = qr.householderQ();
    for_each_panel(k, [&](Eigen::Index c0, Eigen::Index width) {
        Matrix panel = Matrix::Identity(n, k).middleCols(c0, width);
        reflectors.applyThisOnTheLeft(panel);
        Q.middleCols(c0, width) = panel;
    });
    return logs;
}

} // namespace

double kaplan_yorke_dimension(const std::vector<double>& sorted_desc) {
    const std::vector<double>& l = sorted_desc;
    double partial = 0.0;
    for (std::size_t j = 0; j < l.size(); ++j) {
        if (partial + l[j] < 0.0) return static_cast<double>(j) + partial / std::abs(l[j]);
        partial += l[j];
    }
    return static_cast<double>(l.size());
}

SpectrumResult lyapunov_spectrum(DynamicalSystem& system, const SpectrumOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = system.dimension();
    SpectrumOptions o = options;
    if (o.k == 0) o.k = n;
    if (o.k > n) fail("k", "<= " + std::to_string(n) + " (the number of units)", static_cast<double>(o.k));
    const double dt = system.step_size();
    if (!(o.t_ons >= dt) || !std::isfinite(o.t_ons)) fail("t_ons", ">= dt (" + format_number(dt) + " ms)", o.t_ons);
    if (!(o.duration >= o.t_ons) || !std::isfinite(o.duration))
        fail("duration", ">= t_ons (" + format_number(o.t_ons) + " ms)", o.duration);
    if (!(o.transient >= 0.0) || !std::isfinite(o.transient)) fail("transient", ">= 0", o.transient);
    if (!(o.basis_transient >= 0.0) || !std::isfinite(o.basis_transient))
        fail("basis_transient", ">= 0", o.basis_transient);
    if (o.x0.size() == 1) o.x0.assign(n, o.x0.front()); // one value for every unit
    if (!o.x0.empty() && o.x0.size() != n) {
        throw ConfigError("lyapunov.spectrum: option 'x0' must have " + std::to_string(n) + " values, got " +
                          std::to_string(o.x0.size()));
    }

    // The schedule in absolute steps: the tangent vectors start after `tangent_start`, a QR falls
    // every per_ons steps counted from `qr_origin` (and at the last step), and the logs of QRs after
    // `count_start` are summed.
    const std::int64_t per_ons = std::max<std::int64_t>(1, std::llround(o.t_ons / dt));
    std::int64_t tangent_start = 0, qr_origin = 0, count_start = 0, last = 0;
    if (o.seed004_schedule) {
        // Spec 5.2: nStep = ceil(tSim/dt), nTr = nTrONS = ceil(0.01 nStep), the loop runs
        // nStep + 2 nTr - 1 steps, QRs at multiples of nONS from step 0.
        const auto n_step = static_cast<std::int64_t>(std::ceil(o.duration / dt - 1e-9));
        const auto n_tr = static_cast<std::int64_t>(std::ceil(0.01 * static_cast<double>(n_step) - 1e-9));
        tangent_start = n_tr;
        count_start = 2 * n_tr;
        last = n_step + 2 * n_tr - 1;
    } else {
        tangent_start = qr_origin = std::llround(o.transient / dt);
        count_start = tangent_start + (std::llround(o.basis_transient / dt) + per_ons - 1) / per_ons * per_ons;
        last = count_start + std::max<std::int64_t>(1, std::llround(o.duration / dt) / per_ons) * per_ons;
    }
    const auto counted_steps = static_cast<double>(last - count_start);
    const auto n_i = static_cast<Eigen::Index>(n), k_i = static_cast<Eigen::Index>(o.k);

    Matrix x(n_i, 1);
    {
        const std::vector<double> x0 = o.x0.empty() ? system.initial_state(o.trial) : o.x0;
        for (Eigen::Index i = 0; i < n_i; ++i) x(i, 0) = x0[static_cast<std::size_t>(i)];
    }
    for (std::int64_t s = 0; s < tangent_start; ++s) {
        if ((s & 255) == 255) check_interrupt();
        system.step(x, s);
    }

    // A random orthonormal start, from the trial seed (not a fixed global seed as in seed 004).
    Matrix Q(n_i, k_i);
    {
        const RandomStream s(o.trial, stream_id("lyapunov.basis"));
        for (Eigen::Index c = 0; c < k_i; ++c)
            for (Eigen::Index i = 0; i < n_i; ++i) Q(i, c) = s.normal_at(static_cast<std::uint64_t>(c * n_i + i));
        orthonormalize(Q);
    }

    SpectrumResult r;
    const std::size_t blocks = std::max<std::size_t>(
        1, std::min<std::size_t>(o.blocks, static_cast<std::size_t>((last - count_start + per_ons - 1) / per_ons)));
    std::vector<double> block_sums(blocks * o.k, 0.0), block_time(blocks, 0.0), total(o.k, 0.0);
    const double max_records = static_cast<double>(std::max<std::size_t>(1, o.max_records));
    const double record_spacing = counted_steps / max_records;
    double next_record = record_spacing;
    std::vector<double> running_raw;
    double trace_sum = 0.0;
    std::int64_t trace_steps = 0, previous_qr = tangent_start;
    for (std::int64_t step = tangent_start; step < last;) {
        if ((step & 63) == 63) check_interrupt();
        if (step >= count_start) {
            trace_sum += system.contraction_rate({x.data(), n}, step);
            ++trace_steps;
        }
        const auto t0 = std::chrono::steady_clock::now();
        system.step_tangent(x, Q, step);
        r.seconds_tangent += seconds_since(t0);
        ++step;
        if ((step - qr_origin) % per_ons != 0 && step != last) continue;
        if (!x.allFinite()) {
            throw NumericalError("lyapunov.spectrum: the state became non-finite at t = " +
                                 format_number(static_cast<double>(step) * dt) + " ms (reduce dt or the coupling)");
        }
        const auto t1 = std::chrono::steady_clock::now();
        const std::vector<double> logs = orthonormalize(Q);
        r.seconds_qr += seconds_since(t1);
        ++r.orthonormalizations;
        const std::int64_t from = previous_qr;
        previous_qr = step;
        if (step <= count_start) continue;
        // The interval's logs go to the block holding its midpoint (blocks of equal counted time).
        const double mid = (0.5 * static_cast<double>(from + step) - static_cast<double>(count_start)) / counted_steps;
        const auto b = std::min(blocks - 1, static_cast<std::size_t>(std::max(0.0, mid) * static_cast<double>(blocks)));
        for (std::size_t j = 0; j < o.k; ++j) {
            block_sums[b * o.k + j] += logs[j];
            total[j] += logs[j];
        }
        block_time[b] += static_cast<double>(step - std::max(from, count_start)) * dt;
        const auto done = static_cast<double>(step - count_start);
        if (done >= next_record - 1e-9 || step == last) {
            next_record += record_spacing;
            const double elapsed = done * dt;
            r.times.push_back(elapsed);
            for (std::size_t j = 0; j < o.k; ++j) running_raw.push_back(total[j] / elapsed);
        }
    }
    r.accumulated = counted_steps * dt;
    const double divisor = o.seed004_schedule ? static_cast<double>(last) * dt : r.accumulated;
    std::vector<double> raw(o.k), raw_err(o.k, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t j = 0; j < o.k; ++j) {
        raw[j] = total[j] / divisor;
        if (blocks >= 2 && std::all_of(block_time.begin(), block_time.end(), [](double bt) { return bt > 0.0; })) {
            double mean = 0.0, ss = 0.0;
            for (std::size_t b = 0; b < blocks; ++b) mean += block_sums[b * o.k + j] / block_time[b];
            mean /= static_cast<double>(blocks);
            for (std::size_t b = 0; b < blocks; ++b) {
                const double d = block_sums[b * o.k + j] / block_time[b] - mean;
                ss += d * d;
            }
            raw_err[j] = std::sqrt(ss / static_cast<double>(blocks - 1) / static_cast<double>(blocks));
        }
    }
    // QR gives the exponents nearly sorted; sort them (and their errors and running estimates).
    std::vector<std::size_t> order(o.k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return raw[a] > raw[b]; });
    r.exponents.resize(o.k);
    r.stderr.resize(o.k);
    for (std::size_t j = 0; j < o.k; ++j) {
        r.exponents[j] = raw[order[j]];
        r.stderr[j] = raw_err[order[j]];
    }
    r.running.resize(running_raw.size());
    for (std::size_t row = 0; row < r.times.size(); ++row)
        for (std::size_t j = 0; j < o.k; ++j) r.running[row * o.k + j] = running_raw[row * o.k + order[j]];
    r.sum = std::accumulate(r.exponents.begin(), r.exponents.end(), 0.0);
    for (double l : r.exponents) r.entropy_rate += l > 0.0 ? l : 0.0;
    r.kaplan_yorke = kaplan_yorke_dimension(r.exponents);
    r.mean_trace = trace_steps > 0 ? trace_sum / static_cast<double>(trace_steps) : 0.0;
    r.seconds_total = seconds_since(start);
    return r;
}

} // namespace chaoslab
