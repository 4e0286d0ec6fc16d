// Tests of analysis/lyapunov_spectrum on systems whose exponents are known: diagonal and normal linear
// maps, the exact determinant sum rule of the Euler map, the trace sum rule of the RK4 flow, seed
// 004's two-unit test, the transition to chaos near g = 1, and thread-count independence.
#include "analysis/lyapunov_spectrum.hpp"
#include "core/errors.hpp"
#include "parallel/threads.hpp"
#include "sim/flow_map.hpp"
#include "sim/rate_system.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <vector>

using namespace chaoslab;

namespace {

// One population of n units with explicit couplings J[post][pre] = w.
RateNetwork explicit_network(std::size_t n, Transfer phi, const std::vector<std::int64_t>& post,
                             const std::vector<std::int64_t>& pre, const std::vector<double>& w, double tau = 1.0) {
    RateNetwork net(Seed{3, 0, 0});
    RateSpec spec;
    spec.n = static_cast<std::uint32_t>(n);
    spec.phi = phi;
    spec.tau = Distribution::constant(tau);
    net.add_population(spec, "units");
    if (!w.empty()) net.connect_lists(0, 0, pre, post, w);
    return net;
}

RateNetwork random_network(std::size_t n, double g, std::uint64_t session, double p = 1.0) {
    RateNetwork net(Seed{session, 0, 0});
    RateSpec spec;
    spec.n = static_cast<std::uint32_t>(n);
    net.add_population(spec, "units");
    RateConnect how;
    how.g = g;
    how.p = p;
    net.connect_random(0, 0, how);
    return net;
}

} // namespace

TEST_CASE("a diagonal linear system has the exponents of its Euler map and of its flow", "[lyapunov]") {
    // x_i' = (-x_i + a_i x_i) / tau: the flow's exponents are (a_i - 1) / tau, the Euler map's
    // ln|1 + dt (a_i - 1) / tau| / dt, and QR recovers them sorted.
    const std::vector<double> a{0.5, 1.2, -0.4, 0.9};
    std::vector<std::int64_t> idx{0, 1, 2, 3};
    const double tau = 2.0;
    const RateNetwork net = explicit_network(4, Transfer::linear, idx, idx, a, tau);
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = 4;
    o.t_ons = 0.5;
    o.duration = 200.0;
    o.transient = 0.0;
    o.basis_transient = 60.0;
    const double dt = 0.05;
    FlowMap euler_map(sys, FlowMethod::euler, dt);
    const SpectrumResult euler = lyapunov_spectrum(euler_map, o);
    std::vector<double> expected;
    for (double ai : a) expected.push_back(std::log(std::abs(1.0 + dt * (ai - 1.0) / tau)) / dt);
    std::sort(expected.rbegin(), expected.rend());
    for (std::size_t j = 0; j < 4; ++j) CHECK(euler.exponents[j] == Approx(expected[j]).margin(1e-9));

    FlowMap rk4_map(sys, FlowMethod::rk4, dt);
    const SpectrumResult rk4 = lyapunov_spectrum(rk4_map, o);
    std::vector<double> flow;
    for (double ai : a) flow.push_back((ai - 1.0) / tau);
    std::sort(flow.rbegin(), flow.rend());
    for (std::size_t j = 0; j < 4; ++j) CHECK(rk4.exponents[j] == Approx(flow[j]).margin(1e-6));
    // Sorted 0.1, -0.05, -0.25, -0.7: partial sums 0.1, 0.05, -0.2, so j = 2 and D = 2 + 0.05 / 0.25.
    CHECK(rk4.kaplan_yorke == Approx(2.2).margin(1e-5));
    CHECK(rk4.entropy_rate == Approx(0.1).margin(1e-6));
}

TEST_CASE("a normal linear system (rotation and scaling) has equal exponents for its complex pair", "[lyapunov]") {
    // J = [[a, -b], [b, a]]: eigenvalues a +- ib, so the flow's two exponents are both (a - 1) / tau.
    const double a = 0.7, b = 2.0;
    const RateNetwork net = explicit_network(2, Transfer::linear, {0, 0, 1, 1}, {0, 1, 0, 1}, {a, -b, b, a});
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = 2;
    o.t_ons = 0.1;
    o.duration = 2000.0;
    FlowMap map(sys, FlowMethod::rk4, 0.01);
    const SpectrumResult r = lyapunov_spectrum(map, o);
    CHECK(r.exponents[0] == Approx(a - 1.0).margin(2e-3));
    CHECK(r.exponents[1] == Approx(a - 1.0).margin(2e-3));
    CHECK(r.sum == Approx(2.0 * (a - 1.0)).margin(1e-8));
}

TEST_CASE("the full spectrum of an Euler map sums to the mean of ln|det| of its step Jacobians", "[lyapunov]") {
    // An exact identity: the product of the R diagonals over an interval is |det| of the product of
    // step Jacobians. The determinants come from an independent replay of the trajectory.
    const RateNetwork net = random_network(30, 2.0, 7);
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = 30;
    o.t_ons = 1.0;
    o.duration = 50.0;
    o.transient = 5.0;
    o.basis_transient = 2.0;
    o.trial = Seed{7, 0, 1};
    FlowMap map(sys, FlowMethod::euler, 0.1);
    const SpectrumResult r = lyapunov_spectrum(map, o);

    Matrix x(30, 1);
    const std::vector<double> x0 = sys.initial_state(o.trial);
    for (int i = 0; i < 30; ++i) x(i, 0) = x0[static_cast<std::size_t>(i)];
    FlowMap stepper(sys, FlowMethod::euler, 0.1);
    const int skip = 50 + 20, counted = 500;
    for (int s = 0; s < skip; ++s) stepper.step(x, s);
    double log_det = 0.0;
    for (int s = skip; s < skip + counted; ++s) {
        const Matrix step_jacobian = Matrix::Identity(30, 30) + 0.1 * sys.jacobian({x.data(), 30}, s * 0.1);
        log_det += std::log(std::abs(step_jacobian.partialPivLu().determinant()));
        stepper.step(x, s);
    }
    CHECK(r.sum == Approx(log_det / (counted * 0.1)).epsilon(1e-9));
    CHECK(r.accumulated == Approx(50.0));
}

TEST_CASE("the full spectrum of the RK4 flow sums to the time average of the Jacobian's trace", "[lyapunov]") {
    // Zero self-coupling: trace Df = -n / tau at every state.
    const std::size_t n = 40;
    const RateNetwork net = random_network(n, 1.8, 11);
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = n;
    o.t_ons = 0.5;
    o.duration = 100.0;
    o.transient = 10.0;
    FlowMap map(sys, FlowMethod::rk4, 0.05);
    const SpectrumResult r = lyapunov_spectrum(map, o);
    CHECK(r.mean_trace == Approx(-static_cast<double>(n)).epsilon(1e-12));
    CHECK(r.sum == Approx(-static_cast<double>(n)).epsilon(1e-5));
}

TEST_CASE("seed 004's two-unit test: its normalisation gives -1.0058, the exact value is -1.0259", "[lyapunov]") {
    // C.*W = [[0, -0.9], [0.5, 0]], tanh, state at the fixed point 0, dt 0.1, tSim 1001, tONS 10.
    const RateNetwork net = explicit_network(2, Transfer::tanh, {0, 1}, {1, 0}, {-0.9, 0.5});
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = 2;
    o.t_ons = 10.0;
    o.duration = 1001.0;
    o.x0 = {0.0, 0.0};
    o.seed004_schedule = true;
    FlowMap after_step(sys, FlowMethod::euler, 0.1, true);
    const SpectrumResult seed = lyapunov_spectrum(after_step, o);
    CHECK(seed.exponents[0] == Approx(-1.0056).margin(1e-3));
    CHECK(seed.exponents[1] == Approx(-1.0059).margin(1e-3));

    o.seed004_schedule = false;
    o.transient = 10.0;
    o.basis_transient = 10.0;
    const SpectrumResult exact = lyapunov_spectrum(after_step, o);
    // |eigenvalue of (1 - dt) I + dt W| = sqrt(0.9^2 + 0.01 * 0.45).
    const double expected = std::log(std::sqrt(0.81 + 0.01 * 0.45)) / 0.1;
    CHECK(expected == Approx(-1.02590).margin(1e-5));
    CHECK(exact.sum == Approx(2.0 * expected).epsilon(1e-10));
    CHECK(exact.exponents[0] == Approx(expected).margin(2e-3));
}

TEST_CASE("the largest exponent changes sign near g = 1 in a large random network", "[lyapunov]") {
    SpectrumOptions o;
    o.k = 1;
    o.duration = 300.0;
    o.transient = 100.0;
    o.trial = Seed{1, 0, 1};
    const RateNetwork calm = random_network(400, 0.5, 1);
    const RateSystem calm_system(calm);
    FlowMap calm_map(calm_system, FlowMethod::euler, 0.1);
    const SpectrumResult below = lyapunov_spectrum(calm_map, o);
    CHECK(below.exponents[0] < -0.3); // near the linear value g - 1 = -0.5
    const RateNetwork wild = random_network(400, 2.0, 1);
    const RateSystem wild_system(wild);
    FlowMap wild_map(wild_system, FlowMethod::euler, 0.1);
    const SpectrumResult above = lyapunov_spectrum(wild_map, o);
    CHECK(above.exponents[0] > 0.05);
    CHECK(above.exponents[0] < 0.5);
}

TEST_CASE("spectra are bitwise identical for 1 and 2 threads", "[lyapunov][threads]") {
    const RateNetwork net = random_network(150, 2.0, 5);
    const RateSystem sys(net);
    SpectrumOptions o;
    o.k = 150; // three column panels
    o.duration = 20.0;
    o.transient = 5.0;
    FlowMap map(sys, FlowMethod::rk4, 0.1);
    const int before = thread_count();
    set_thread_count(1);
    const SpectrumResult one = lyapunov_spectrum(map, o);
    set_thread_count(2);
    const SpectrumResult two = lyapunov_spectrum(map, o);
    set_thread_count(before);
    CHECK(one.exponents == two.exponents);
    CHECK(one.running == two.running);
}

TEST_CASE("spectrum options are checked", "[lyapunov][errors]") {
    const RateNetwork net = random_network(10, 1.0, 1);
    const RateSystem sys(net);
    FlowMap map(sys, FlowMethod::euler, 0.1);
    SpectrumOptions o;
    o.k = 11;
    CHECK_THROWS_WITH(lyapunov_spectrum(map, o),
                      "lyapunov.spectrum: option 'k' must be <= 10 (the number of units), got 11");
    o.k = 2;
    o.t_ons = 0.05;
    CHECK_THROWS_WITH(lyapunov_spectrum(map, o), "lyapunov.spectrum: option 't_ons' must be >= dt (0.1 ms), got 0.05");
}
