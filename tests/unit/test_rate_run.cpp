// Tests of sim/rate_run (run_rate_trials): closed-form decays with constant and time-series input,
// the recorder (phi, unit subsets, sampling), batch and thread independence, and its error messages.
#include "core/errors.hpp"
#include "parallel/threads.hpp"
#include "sim/rate_run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace chaoslab;

namespace {

// n uncoupled linear units with the given tau and initial state (the same for every trial).
RateNetwork linear_units(const std::vector<double>& tau, const std::vector<double>& x0) {
    RateNetwork net(Seed{4, 0, 0});
    RateSpec spec;
    spec.n = static_cast<std::uint32_t>(tau.size());
    spec.phi = Transfer::linear;
    spec.tau = Distribution::array(tau);
    spec.x_init = Distribution::array(x0);
    net.add_population(spec, "units");
    return net;
}

// A chaotic tanh network of n units (g = 2), initial states drawn per trial.
RateNetwork chaotic_network(std::uint32_t n, std::uint64_t session) {
    RateNetwork net(Seed{session, 0, 0});
    RateSpec spec;
    spec.n = n;
    net.add_population(spec, "units");
    RateConnect how;
    how.g = 2.0;
    net.connect_random(0, 0, how);
    return net;
}

std::vector<Seed> trials_of(std::uint64_t session, std::uint64_t count) {
    std::vector<Seed> t;
    for (std::uint64_t k = 0; k < count; ++k) t.push_back(Seed{session, 0, k});
    return t;
}

} // namespace

TEST_CASE("uncoupled linear units decay as exp(-t over tau) in a rate run", "[rate_run]") {
    const std::vector<double> tau{0.5, 1.0, 2.5}, x0{1.0, -2.0, 0.75};
    const RateNetwork net = linear_units(tau, x0);
    const RateSystem sys(net);
    RateRunOptions o;
    o.duration_ms = 3.0;
    o.dt_ms = 0.01;
    o.method = FlowMethod::rk4;
    o.trials = trials_of(4, 2);
    const RateRun r = run_rate_trials(sys, o);
    REQUIRE(r.times.size() == 301);
    REQUIRE(r.units == 3);
    REQUIRE(r.traces.size() == 2);
    for (std::size_t s = 0; s < r.times.size(); ++s)
        CHECK(r.times[s] == Approx(static_cast<double>(s) * 0.01).margin(1e-12));
    for (std::size_t k = 0; k < 2; ++k) {
        REQUIRE(r.traces[k].size() == 3 * 301);
        for (std::size_t i = 0; i < 3; ++i) {
            // One RK4 step multiplies x by the degree-4 Taylor polynomial of e^{-dt/tau} (exactly, up to
            // rounding); that differs from e^{-t/tau} by about t/tau (dt/tau)^4 / 120 relative.
            const double z = -0.01 / tau[i];
            const double r4 = 1.0 + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0;
            for (std::size_t s = 0; s < 301; s += 25) {
                const double t = static_cast<double>(s) * 0.01;
                CHECK(r.traces[k][i * 301 + s] ==
                      Approx(x0[i] * std::pow(r4, static_cast<double>(s))).epsilon(1e-12).margin(1e-14));
                CHECK(r.traces[k][i * 301 + s] == Approx(x0[i] * std::exp(-t / tau[i])).epsilon(5e-8).margin(1e-12));
            }
            CHECK(r.finals[k][i] == r.traces[k][i * 301 + 300]);
            CHECK(r.finals[k][i] == Approx(x0[i] * std::exp(-3.0 / tau[i])).epsilon(5e-8));
        }
    }
}

TEST_CASE("an Euler rate run is the Euler recurrence of the decay, step by step", "[rate_run]") {
    // x_k = x0 (1 - dt/tau)^k exactly in exact arithmetic; 1e-12 leaves room for rounding.
    const std::vector<double> tau{0.4, 1.5}, x0{2.0, -1.0};
    const RateSystem sys(linear_units(tau, x0));
    RateRunOptions o;
    o.duration_ms = 2.0;
    o.dt_ms = 0.1;
    o.trials = trials_of(4, 1);
    const RateRun r = run_rate_trials(sys, o);
    REQUIRE(r.times.size() == 21);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t s = 0; s < 21; ++s)
            CHECK(r.traces[0][i * 21 + s] ==
                  Approx(x0[i] * std::pow(1.0 - 0.1 / tau[i], static_cast<double>(s))).epsilon(1e-12).margin(1e-14));
}

TEST_CASE("constant per-unit input moves the decay to the input level", "[rate_run]") {
    // tau dx/dt = -x + I: x(t) = I + (x0 - I) e^{-t/tau}; the 1-D input array gives one I per unit.
    RateNetwork net(Seed{5, 0, 0});
    RateSpec spec;
    spec.n = 3;
    spec.phi = Transfer::linear;
    spec.tau = Distribution::constant(2.0);
    spec.x_init = Distribution::constant(0.0);
    spec.set_input(Array::from_vector({1.0, -0.5, 3.0}), 1.0);
    net.add_population(spec, "");
    const RateSystem sys(net);
    RateRunOptions o;
    o.duration_ms = 4.0;
    o.dt_ms = 0.01;
    o.method = FlowMethod::rk4;
    o.trials = trials_of(5, 1);
    const RateRun r = run_rate_trials(sys, o);
    const double in[] = {1.0, -0.5, 3.0};
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(r.finals[0][i] == Approx(in[i] * (1.0 - std::exp(-4.0 / 2.0))).epsilon(1e-9));
}

TEST_CASE("an input series is held sample by sample and its last sample holds on", "[rate_run]") {
    // Euler steps read I(k dt) with sample floor(k dt / step): with step = 5 dt, sample k / 5 (the
    // last one from then on). Within a sample x - I_s shrinks by (1 - dt/tau) each step.
    const double dt = 0.1, tau = 0.8;
    const std::vector<double> series{1.0, -2.0, 0.5,   // unit 1
                                     0.0, 4.0,  -1.0}; // unit 2
    RateNetwork net(Seed{6, 0, 0});
    RateSpec spec;
    spec.n = 2;
    spec.phi = Transfer::linear;
    spec.tau = Distribution::constant(tau);
    spec.x_init = Distribution::constant(0.0);
    spec.set_input(Array::from_vector(series, {2, 3}), 0.5);
    net.add_population(spec, "");
    const RateSystem sys(net);
    RateRunOptions o;
    o.duration_ms = 2.5; // 25 steps: samples 0, 1, then 2 held for 15 steps
    o.dt_ms = dt;
    o.trials = trials_of(6, 1);
    const RateRun r = run_rate_trials(sys, o);
    REQUIRE(r.times.size() == 26);
    for (std::size_t i = 0; i < 2; ++i) {
        double x = 0.0;
        int step_in_sample = 0, sample = 0;
        double start = 0.0; // x at the start of the current sample
        for (int k = 1; k <= 25; ++k) {
            // Step k - 1 used sample min((k - 1) / 5, 2).
            const int s = std::min((k - 1) / 5, 2);
            if (s != sample) {
                sample = s;
                start = x;
                step_in_sample = 0;
            }
            ++step_in_sample;
            const double level = series[i * 3 + static_cast<std::size_t>(s)];
            x = level + (start - level) * std::pow(1.0 - dt / tau, step_in_sample);
            CHECK(r.traces[0][i * 26 + static_cast<std::size_t>(k)] == Approx(x).epsilon(1e-12).margin(1e-13));
        }
    }
}

TEST_CASE("record.phi records tanh of the states a plain run records", "[rate_run]") {
    const RateSystem sys(chaotic_network(30, 8));
    RateRunOptions o;
    o.duration_ms = 5.0;
    o.dt_ms = 0.1;
    o.method = FlowMethod::rk4;
    o.trials = trials_of(8, 3);
    const RateRun x = run_rate_trials(sys, o);
    o.record.phi = true;
    const RateRun phi = run_rate_trials(sys, o);
    REQUIRE(x.traces.size() == 3);
    REQUIRE(phi.traces.size() == 3);
    double largest = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
        REQUIRE(phi.traces[k].size() == x.traces[k].size());
        for (std::size_t q = 0; q < x.traces[k].size(); ++q) {
            CHECK(phi.traces[k][q] == Approx(std::tanh(x.traces[k][q])).epsilon(1e-14).margin(1e-15));
            largest = std::max(largest, std::abs(x.traces[k][q]));
        }
        // Finals are states, not rates, either way.
        CHECK(phi.finals[k] == x.finals[k]);
    }
    CHECK(largest > 0.5); // tanh differs from the identity there
}

TEST_CASE("a unit subset and every_ms record the chosen units at whole-step sample times", "[rate_run]") {
    const RateSystem sys(chaotic_network(12, 9));
    RateRunOptions full;
    full.duration_ms = 2.0;
    full.dt_ms = 0.1;
    full.trials = trials_of(9, 2);
    const RateRun all = run_rate_trials(sys, full);
    REQUIRE(all.units == 12);
    REQUIRE(all.times.size() == 21);

    RateRunOptions o = full;
    o.record.units = {4, 0, 11};
    o.record.every_ms = 0.33; // round(3.3) = 3 steps
    const RateRun sub = run_rate_trials(sys, o);
    const std::size_t stride = 3, samples = 20 / stride + 1;
    REQUIRE(sub.units == 3);
    REQUIRE(sub.times.size() == samples);
    for (std::size_t s = 0; s < samples; ++s)
        CHECK(sub.times[s] == Approx(static_cast<double>(s * stride) * 0.1).margin(1e-12));
    for (std::size_t k = 0; k < 2; ++k) {
        REQUIRE(sub.traces[k].size() == 3 * samples);
        for (std::size_t u = 0; u < 3; ++u)
            for (std::size_t s = 0; s < samples; ++s)
                CHECK(sub.traces[k][u * samples + s] == all.traces[k][o.record.units[u] * 21 + s * stride]);
        CHECK(sub.finals[k] == all.finals[k]);
        CHECK(sub.finals[k].size() == 12);
    }

    // An interval below half a step still samples every step.
    o.record.every_ms = 0.04;
    const RateRun dense = run_rate_trials(sys, o);
    CHECK(dense.times.size() == 21);
    // An interval of 0.26 ms rounds to 3 steps as well: times are whole steps, not every_ms multiples.
    o.record.every_ms = 0.26;
    const RateRun rounded = run_rate_trials(sys, o);
    CHECK(rounded.times == sub.times);
    CHECK(rounded.traces == sub.traces);
}

TEST_CASE("a trial run alone equals the same trial inside a batch, bit for bit", "[rate_run]") {
    const RateSystem sys(chaotic_network(50, 10));
    for (FlowMethod method : {FlowMethod::euler, FlowMethod::rk4}) {
        RateRunOptions o;
        o.duration_ms = 10.0;
        o.dt_ms = 0.1;
        o.method = method;
        o.trials = trials_of(10, 7); // two chunks of four columns, the second partial
        const RateRun batch = run_rate_trials(sys, o);
        for (std::size_t k = 0; k < 7; ++k) {
            RateRunOptions one = o;
            one.trials = {o.trials[k]};
            const RateRun alone = run_rate_trials(sys, one);
            CHECK(alone.traces[0] == batch.traces[k]);
            CHECK(alone.finals[0] == batch.finals[k]);
            // Sample 0 is the trial's initial state.
            const std::vector<double> x0 = sys.initial_state(o.trials[k]);
            for (std::size_t i = 0; i < 50; ++i) CHECK(batch.traces[k][i * 101] == x0[i]);
        }
        CHECK(batch.finals[0] != batch.finals[1]);
    }
}

TEST_CASE("a rate run gives the same result for 1 and 2 threads", "[rate_run][threads]") {
    const RateSystem sys(chaotic_network(60, 11));
    RateRunOptions o;
    o.duration_ms = 20.0;
    o.dt_ms = 0.1;
    o.method = FlowMethod::rk4;
    o.trials = trials_of(11, 9);
    o.record.every_ms = 1.0;
    const int before = thread_count();
    set_thread_count(1);
    const RateRun one = run_rate_trials(sys, o);
    set_thread_count(2);
    const RateRun two = run_rate_trials(sys, o);
    set_thread_count(before);
    CHECK(one.times == two.times);
    CHECK(one.traces == two.traces);
    CHECK(one.finals == two.finals);
}

TEST_CASE("rate run options are checked with their messages", "[rate_run][errors]") {
    const RateSystem sys(chaotic_network(5, 12));
    RateRunOptions o;
    o.dt_ms = 0.1;
    o.trials = trials_of(12, 1);
    o.duration_ms = 0.01;
    CHECK_THROWS_MATCHES(
        run_rate_trials(sys, o), ConfigError,
        Catch::Matchers::Message("run: option 'duration' must be at least one step (dt = 0.1 ms), got 0.01"));
    o.duration_ms = -3.0;
    CHECK_THROWS_MATCHES(
        run_rate_trials(sys, o), ConfigError,
        Catch::Matchers::Message("run: option 'duration' must be at least one step (dt = 0.1 ms), got -3"));
    o.duration_ms = 1.0;
    o.record.units = {1, 5};
    CHECK_THROWS_MATCHES(run_rate_trials(sys, o), ConfigError,
                         Catch::Matchers::Message("run: option 'record.units' has 6, outside the unit ids 1..5"));
    o.record.units = {4};
    CHECK_NOTHROW(run_rate_trials(sys, o));
    o.trials.clear();
    CHECK_THROWS_MATCHES(run_rate_trials(sys, o), ConfigError,
                         Catch::Matchers::Message("run: option 'trials' must not be empty"));
    o.trials = trials_of(12, 1);
    o.dt_ms = 0.0;
    CHECK_THROWS_MATCHES(run_rate_trials(sys, o), ConfigError,
                         Catch::Matchers::Message("flow map: the step dt must be > 0 ms, got 0"));
}
