// Tests of analysis/lyapunov_divergence: zero separation stays zero bit for bit, a linear system's
// divergence slope is its growth rate, the fit and the renormalisation estimate agree on a chaotic
// network, seed 001's preset lands within its reference table, results do not depend on threads.
#include "analysis/lyapunov_divergence.hpp"
#include "core/errors.hpp"
#include "parallel/threads.hpp"
#include "sim/flow_map.hpp"
#include "sim/rate_system.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace chaoslab;

namespace {

RateNetwork random_network(std::size_t n, double g, std::uint64_t session, double p = 1.0,
                           CouplingScaling scaling = CouplingScaling::textbook, RateForm form = RateForm::current,
                           double tau = 1.0) {
    RateNetwork net(Seed{session, 0, 0});
    RateSpec spec;
    spec.n = static_cast<std::uint32_t>(n);
    spec.form = form;
    spec.tau = Distribution::constant(tau);
    net.add_population(spec, "units");
    RateConnect how;
    how.g = g;
    how.p = p;
    how.scaling = scaling;
    how.zero_mean = scaling == CouplingScaling::seed001;
    net.connect_random(0, 0, how);
    return net;
}

std::vector<Seed> trials(std::uint64_t session, std::size_t n) {
    std::vector<Seed> out;
    for (std::size_t k = 1; k <= n; ++k) out.push_back(Seed{session, 0, k});
    return out;
}

} // namespace

TEST_CASE("a zero-size perturbation gives zero divergence, bit for bit", "[lyapunov]") {
    const RateNetwork net = random_network(50, 2.0, 2);
    const RateSystem sys(net);
    LyapunovDivergenceOptions o;
    o.duration = 50.0;
    o.trials = trials(2, 3);
    o.epsilon = 1e-300; // x + 1e-300 * d == x for every |x| > 1e-284
    const LyapunovDivergenceResult r = lyapunov_divergence(FlowMap(sys, FlowMethod::euler, 0.1), o);
    for (double l : r.log_delta_trials) CHECK(l == -INFINITY);
}

TEST_CASE("the divergence slope of a linear system is its growth rate", "[lyapunov]") {
    // x' = -x + J x with J = 1.3 I: every separation grows as e^{0.3 t} exactly (RK4, small dt).
    RateNetwork net(Seed{1, 0, 0});
    RateSpec spec;
    spec.n = 5;
    spec.phi = Transfer::linear;
    net.add_population(spec, "units");
    const std::vector<std::int64_t> idx{0, 1, 2, 3, 4};
    net.connect_lists(0, 0, idx, idx, std::vector<double>(5, 1.3));
    const RateSystem sys(net);
    LyapunovDivergenceOptions o;
    o.duration = 20.0;
    o.trials = trials(1, 2);
    const LyapunovDivergenceResult r = lyapunov_divergence(FlowMap(sys, FlowMethod::rk4, 0.01), o);
    CHECK(r.lambda == Approx(0.3).margin(1e-8));
    CHECK(r.r2 == Approx(1.0).margin(1e-12));
    CHECK(r.fit_start == 0.0);
}

TEST_CASE("the divergence fit and the renormalisation estimate agree on a chaotic network", "[lyapunov]") {
    const RateNetwork net = random_network(300, 2.0, 4);
    const RateSystem sys(net);
    LyapunovDivergenceOptions d;
    d.duration = 150.0;
    d.trials = trials(4, 8);
    d.epsilon = 1e-10;
    d.fit_start = 20.0; // past the alignment with the most unstable direction
    d.sample_every = 0.5;
    const FlowMap map(sys, FlowMethod::euler, 0.1);
    const LyapunovDivergenceResult fit = lyapunov_divergence(map, d);
    REQUIRE(std::isfinite(fit.lambda));
    CHECK(fit.r2 > 0.95);

    RenormalizationOptions b;
    b.duration = 400.0;
    b.transient = 50.0;
    b.trials = trials(4, 8);
    const RenormalizationResult ren = lyapunov_renormalization(map, b);
    CHECK(ren.lambda > 0.05);
    const double combined = std::sqrt(fit.lambda_trials_stderr * fit.lambda_trials_stderr + ren.stderr * ren.stderr);
    INFO("fit " << fit.lambda << " +- " << fit.lambda_trials_stderr << ", renormalised " << ren.lambda << " +- "
                << ren.stderr);
    CHECK(std::abs(fit.lambda - ren.lambda) < 3.0 * combined);
}

TEST_CASE("seed 001's preset at g = 16 lands in the range of its reference sessions", "[lyapunov]") {
    // Reference (spec 2.5): 8.35 .. 11.03 1/s over sessions 1-5, mean 9.76. One connectivity session
    // and 10 trials here (the example runs the full table).
    const RateNetwork net = random_network(200, 16.0, 1, 0.1, CouplingScaling::seed001, RateForm::rate, 20.0);
    const RateSystem sys(net);
    LyapunovDivergenceOptions o;
    o.duration = 3000.0;
    o.trials = trials(1, 10);
    o.epsilon = 1e-4;
    o.direction = PerturbDirection::ones;
    o.log_of_mean = true;
    o.min_final = 1.0;
    o.seed001_cut = true;
    const LyapunovDivergenceResult r = lyapunov_divergence(FlowMap(sys, FlowMethod::euler, 1.0), o);
    CHECK(r.lambda * 1000.0 > 7.0);
    CHECK(r.lambda * 1000.0 < 12.5);
}

TEST_CASE("divergence results are bitwise identical for 1 and 2 threads", "[lyapunov][threads]") {
    const RateNetwork net = random_network(80, 2.0, 6, 0.2);
    const RateSystem sys(net);
    LyapunovDivergenceOptions o;
    o.duration = 40.0;
    o.trials = trials(6, 5);
    const FlowMap map(sys, FlowMethod::euler, 0.1);
    const int before = thread_count();
    set_thread_count(1);
    const LyapunovDivergenceResult one = lyapunov_divergence(map, o);
    set_thread_count(2);
    const LyapunovDivergenceResult two = lyapunov_divergence(map, o);
    set_thread_count(before);
    CHECK(one.log_delta_trials == two.log_delta_trials);
    CHECK(one.lambda == two.lambda);
}

TEST_CASE("divergence options are checked", "[lyapunov][errors]") {
    const RateNetwork net = random_network(10, 1.0, 1);
    const RateSystem sys(net);
    LyapunovDivergenceOptions o;
    o.trials = trials(1, 1);
    o.epsilon = -1.0;
    const FlowMap map(sys, FlowMethod::euler, 0.1);
    CHECK_THROWS_WITH(lyapunov_divergence(map, o), "lyapunov.divergence: option 'epsilon' must be > 0, got -1");
    o.epsilon = 1e-6;
    o.duration = 0.05;
    CHECK_THROWS_WITH(lyapunov_divergence(map, o),
                      "lyapunov.divergence: option 'duration' must be at least one step (dt = 0.1 ms), got 0.05");
    CHECK_THROWS_WITH(FlowMap(sys, FlowMethod::euler, 0.0), "flow map: the step dt must be > 0 ms, got 0");
}
