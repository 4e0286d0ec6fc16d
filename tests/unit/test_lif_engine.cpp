// Tests of the LIF model and the spiking engine (no Lua): closed-form firing rate and decay, the weight
// convention, delays, Poisson input statistics, and bitwise determinism across threads and batches.
#include "core/errors.hpp"
#include "perturb/protocol.hpp"
#include "sim/run.hpp"
#include "determinism_checks.hpp"
#include "lif_fixtures.hpp"
#include "statistics.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace chaoslab;
using test::driven_network;
using test::lif;

namespace {

RunOptions run_for(double duration, double dt = 0.1) {
    RunOptions o;
    o.duration_ms = duration;
    o.dt_ms = dt;
    return o;
}

// Spike times of neuron i in a record.
std::vector<double> times_of(const TrialRecord& r, std::int32_t i) {
    std::vector<double> t;
    for (std::size_t k = 0; k < r.spike_ids.size(); ++k) {
        if (r.spike_ids[k] == i) t.push_back(r.spike_times[k]);
    }
    return t;
}

} // namespace

TEST_CASE("LIF firing period under constant drive matches the closed form within one step", "[engine]") {
    // V_inf = v_rest + i_e; from v_reset the crossing takes T = tau ln((V_inf - v_reset)/(V_inf - v_th)),
    // and the engine resolves it on the step grid after t_ref of clamping: ISI = t_ref + ceil(T/dt) dt.
    for (double i_e : {10.5, 12.0, 20.0, 40.0}) {
        SpikingNetwork net(Seed{1, 0, 0});
        LifSpec s = lif(1);
        s.i_e = Distribution::constant(i_e);
        s.v_init = Distribution::constant(-65.0);
        net.add_lif(s, "");
        const auto r = run_for(1000.0);
        const TrialRecord rec = run_trials(net, r)[0];
        const std::vector<double> t = times_of(rec, 0);
        REQUIRE(t.size() > 5);
        const double T = 20.0 * std::log((-65.0 + i_e + 65.0) / (-65.0 + i_e + 55.0));
        const double isi = t[t.size() - 1] - t[t.size() - 2];
        CHECK(isi >= 2.0 + T - 1e-9);
        CHECK(isi <= 2.0 + T + 0.1 + 1e-9);
        CHECK(isi == Approx(2.0 + std::ceil(T / 0.1 - 1e-9) * 0.1).margin(1e-9));
        // The first spike from rest has no refractory period before it.
        CHECK(t[0] == Approx(std::ceil(T / 0.1 - 1e-9) * 0.1).margin(1e-9));
    }
}

TEST_CASE("refractory periods longer than 255 steps clamp for exactly t_ref, also after a forced spike", "[engine]") {
    // The engine counts refractory steps in a byte and tops up longer periods (CompiledNetwork::
    // ref_first): 255 and 256 steps straddle the byte, 600 needs two top-ups. Under constant drive the
    // ISI is t_ref + ceil(T/dt) dt as in the closed-form test above; one neuron per period.
    const double i_e = 40.0, T = 20.0 * std::log(40.0 / 30.0);
    const std::vector<double> t_refs = {2.0, 25.5, 25.6, 60.0};
    SpikingNetwork net(Seed{1, 0, 0});
    for (double t_ref : t_refs) {
        LifSpec s = lif(1);
        s.i_e = Distribution::constant(i_e);
        s.v_init = Distribution::constant(-65.0);
        s.t_ref = Distribution::constant(t_ref);
        net.add_lif(s, "");
    }
    const double to_threshold = std::ceil(T / 0.1 - 1e-9) * 0.1;
    for (const Precision precision : {Precision::float64, Precision::float32}) {
        RunOptions r = run_for(400.0);
        r.precision = precision;
        // A forced spike of neuron 3 (t_ref 60 ms) 100 steps into its first refractory period restarts it.
        const auto first_spike_step = static_cast<std::uint64_t>(std::llround(to_threshold / 0.1));
        StateKick kick;
        kick.step = first_spike_step + 100;
        kick.neurons = {3};
        r.kicks = {kick};
        const TrialRecord rec = run_trials(net, r)[0];
        for (std::int32_t i = 0; i < 4; ++i) {
            CAPTURE(precision == Precision::float32, t_refs[i]);
            const std::vector<double> t = times_of(rec, i);
            REQUIRE(t.size() >= 4);
            CHECK(t[0] == Approx(to_threshold).margin(1e-9));
            const std::size_t first_isi = i == 3 ? 2 : 1; // neuron 3: spike, forced spike, then regular
            if (i == 3) CHECK(t[1] == Approx(t[0] + 10.0).margin(1e-9));
            for (std::size_t k = first_isi; k < t.size(); ++k)
                CHECK(t[k] - t[k - 1] == Approx(t_refs[i] + to_threshold).margin(1e-9));
        }
    }
}

TEST_CASE("subthreshold decay is exponential and Euler follows its own recurrence", "[engine]") {
    const SpikingNetwork net = test::one_neuron_from(-58.0);
    RunOptions r = run_for(10.0);
    r.record.v_neurons = {0};
    const TrialRecord exact = run_trials(net, r)[0];
    REQUIRE(exact.v_times.size() == 101);
    for (std::size_t k = 0; k < exact.v.size(); ++k) {
        CHECK(exact.v[k] == Approx(-65.0 + 7.0 * std::exp(-exact.v_times[k] / 20.0)).epsilon(1e-12));
    }
    r.method = Integration::euler;
    const TrialRecord euler = run_trials(net, r)[0];
    double v = -58.0;
    for (std::size_t k = 0; k < euler.v.size(); ++k) {
        CHECK(euler.v[k] == Approx(v).epsilon(1e-12));
        v += 0.1 * (-(v + 65.0) / 20.0);
    }
}

TEST_CASE("one spike delivers a total depolarisation equal to its weight", "[engine]") {
    // DESIGN.md weight convention, checked with a leak slow enough to ignore (tau_m = 1e7 ms): the
    // exponential synapse integrates to w, the delta synapse jumps by w, both after the delay.
    for (SynapseKind kind : {SynapseKind::exponential, SynapseKind::delta}) {
        SpikingNetwork net(Seed{1, 0, 0});
        LifSpec driver = lif(1); // one spike, driven by a 10 ms step current
        LifSpec target = lif(1);
        target.tau_m = Distribution::constant(1e7);
        target.t_ref = Distribution::constant(0.0);
        const auto a = net.add_lif(driver, "a");
        const auto b = net.add_lif(target, "b");
        net.add_current(a, Distribution::constant(30.0), 0.0, 10.0);
        const std::vector<std::int64_t> pre{0}, post{0};
        const std::vector<double> w{1.5};
        net.connect_lists(a, b, pre, post, w, SynapseModel{kind, 5.0}, 1.0, {});
        RunOptions r = run_for(60.0);
        r.record.v_neurons = {1};
        const TrialRecord rec = run_trials(net, r)[0];
        const std::vector<double> t = times_of(rec, 0);
        REQUIRE(t.size() == 1);
        CHECK(t[0] == Approx(std::ceil(20.0 * std::log(1.5) / 0.1) * 0.1));
        const std::size_t k_spike = static_cast<std::size_t>(std::lround(t[0] / 0.1));
        // Nothing arrives before spike time + delay (1 ms = 10 steps).
        CHECK(rec.v[k_spike + 10 - 1] == -65.0);
        const double rise = rec.v.back() - (-65.0);
        if (kind == SynapseKind::delta) {
            CHECK(rec.v[k_spike + 10] == Approx(-65.0 + 1.5).epsilon(1e-9));
        } else {
            CHECK(rec.v[k_spike + 10] == -65.0); // the current starts at t + delay, V follows
            // Remaining charge after T: w e^{-T/tau_syn}; leak over T: relative ~T/tau_m.
            const double left = (rec.v_times.back() - t[0] - 1.0);
            CHECK(rise == Approx(1.5 * (1.0 - std::exp(-left / 5.0))).epsilon(1e-5));
        }
    }
}

TEST_CASE("Poisson input events have Poisson counts and exponential intervals", "[engine]") {
    // A neuron that spikes on every input event (delta weight 20 mV, no refractory time, v_th 10 mV
    // above reset) turns its input train into its output train at 20 Hz x 400 neurons x 20 s.
    SpikingNetwork net(Seed{5, 0, 0});
    LifSpec s = lif(400);
    s.t_ref = Distribution::constant(0.0);
    const auto pop = net.add_lif(s, "");
    net.add_poisson(pop, 20.0, Distribution::constant(20.0), SynapseModel{SynapseKind::delta, 5.0});
    const TrialRecord rec = run_trials(net, run_for(20000.0))[0];
    const double expected = 20.0 * 20.0 * 400;
    CHECK(std::abs(static_cast<double>(rec.spike_times.size()) - expected) < 4.0 * std::sqrt(expected));
    // Fano factor of counts in 100 ms windows, ISI CV: both 1 for a Poisson process (the 0.1 ms grid
    // merges two events with probability ~ rate·dt/2 = 0.1 %).
    std::vector<std::vector<double>> spikes(400);
    for (std::size_t k = 0; k < rec.spike_ids.size(); ++k) spikes[rec.spike_ids[k]].push_back(rec.spike_times[k]);
    std::vector<double> counts, isis;
    for (const auto& t : spikes) {
        std::vector<double> c(200, 0.0);
        for (double x : t) c[std::min<std::size_t>(199, static_cast<std::size_t>(x / 100.0))] += 1.0;
        counts.insert(counts.end(), c.begin(), c.end());
        for (std::size_t k = 1; k < t.size(); ++k) isis.push_back(t[k] - t[k - 1]);
    }
    const double fano = test::sample_variance(counts) / test::sample_mean(counts);
    const double cv = std::sqrt(test::sample_variance(isis)) / test::sample_mean(isis);
    CHECK(fano == Approx(1.0).margin(0.03));
    CHECK(cv == Approx(1.0).margin(0.02));
    CHECK(test::sample_mean(isis) == Approx(50.0).epsilon(0.02));
}

TEST_CASE("trials are bitwise identical for 1 and 2 threads and alone or in a batch", "[engine][determinism]") {
    const SpikingNetwork net = driven_network(0.5);
    RunOptions r = run_for(200.0);
    r.trials = {0, 1, 2, 3};
    const auto one = test::check_threads_and_batch(net, r, 2, 400);
    CHECK(one[0].spike_times != one[1].spike_times); // trials differ in noise
}

TEST_CASE("a zero-size perturbation gives zero divergence, an extra spike a nonzero one", "[engine][perturbation]") {
    const SpikingNetwork net = driven_network(1.0);
    ProtocolOptions o;
    o.baseline_ms = 50.0;
    o.observe_ms = 200.0;
    std::vector<Kick> kicks(4);
    kicks[0].kind = Kick::Kind::voltage;
    kicks[0].neurons = {3, 4};
    kicks[0].size = 0.0;
    kicks[1].kind = Kick::Kind::state;
    kicks[1].size = 0.0;
    kicks[2].kind = Kick::Kind::extra_spike;
    kicks[2].neurons = {17};
    kicks[3].kind = Kick::Kind::state;
    kicks[3].size = 1.0;
    const ProtocolRun run = run_protocol(net, o, kicks);
    // The control from the perturbation time on.
    TrialRecord after;
    for (std::size_t k = 0; k < run.control.spike_times.size(); ++k) {
        if (run.control.spike_times[k] >= run.t_pert_ms) {
            after.spike_times.push_back(run.control.spike_times[k]);
            after.spike_ids.push_back(run.control.spike_ids[k]);
        }
    }
    REQUIRE(after.spike_times.size() > 300);
    CHECK(run.twins[0].spike_times == after.spike_times);
    CHECK(run.twins[0].spike_ids == after.spike_ids);
    CHECK(run.twins[1].spike_ids == after.spike_ids);
    CHECK(run.twins[2].spike_ids != after.spike_ids);
    CHECK(run.twins[2].spike_times.front() == Approx(50.0));
    CHECK(run.twins[2].spike_ids.front() == 17);
    CHECK(run.twins[3].spike_ids != after.spike_ids);

    // The protocol's control equals a plain run of the same trial, and a twin does not depend on the others.
    RunOptions r = run_for(250.0);
    const TrialRecord plain = run_trials(net, r)[0];
    CHECK(plain.spike_times == run.control.spike_times);
    const std::vector<Kick> only{kicks[2]};
    const ProtocolRun alone = run_protocol(net, o, only);
    CHECK(alone.twins[0].spike_ids == run.twins[2].spike_ids);
    CHECK(alone.twins[0].spike_times == run.twins[2].spike_times);
}

TEST_CASE("the extra spike of the protocol equals a forced spike in a plain run", "[engine][perturbation]") {
    const SpikingNetwork net = driven_network(1.0);
    ProtocolOptions o;
    o.baseline_ms = 30.0;
    o.observe_ms = 100.0;
    Kick kick;
    kick.neurons = {5};
    const ProtocolRun run = run_protocol(net, o, std::span<const Kick>(&kick, 1));
    RunOptions r = run_for(130.0);
    r.kicks = state_kicks(net, kick, 300, trial_seed(net, 0), 0);
    const TrialRecord plain = run_trials(net, r)[0];
    std::vector<double> tail;
    for (double t : plain.spike_times) {
        if (t >= 30.0 - 1e-9) tail.push_back(t);
    }
    CHECK(tail == run.twins[0].spike_times);
}

TEST_CASE("bad engine parameters give clear errors", "[engine][errors]") {
    SpikingNetwork net(Seed{1, 0, 0});
    LifSpec s = lif(10);
    s.tau_m = Distribution::constant(-5.0);
    CHECK_THROWS_WITH(net.add_lif(s, ""), "lif: option 'tau_m' must be > 0, got -5");
    s.tau_m = Distribution::normal(1.0, 5.0);
    CHECK_THROWS_WITH(net.add_lif(s, ""), Catch::Contains("lif: option 'tau_m' must be > 0, got") &&
                                              Catch::Contains("neuron (normal(mu=1, sigma=5))"));
    s = lif(10);
    s.v_reset = Distribution::constant(-50.0);
    CHECK_THROWS_WITH(net.add_lif(s, ""), "lif: option 'v_reset' must be below v_th (-55 mV), got -50");
    const auto pop = net.add_lif(lif(10), "");
    SpikingNetwork::RandomConnect how;
    how.p = 1.5;
    CHECK_THROWS_WITH(net.connect_random(pop, pop, how, SynapseModel{}, 0.1, nullptr), Catch::Contains("1.5"));
    how.p = 0.5;
    CHECK_THROWS_WITH(net.connect_random(pop, pop, how, SynapseModel{SynapseKind::exponential, -1.0}, 0.1, nullptr),
                      "connect: option 'tau_syn' must be > 0 ms, got -1");
    CHECK_THROWS_WITH(net.connect_random(pop, pop, how, SynapseModel{}, 0.0, nullptr),
                      "connect: option 'delay' must be > 0 ms, got 0");
    RunOptions r = run_for(10.0, 0.0);
    CHECK_THROWS_WITH(run_trials(net, r), "run: option 'dt' must be > 0 ms, got 0");
    r = run_for(-1.0);
    CHECK_THROWS_WITH(run_trials(net, r), "run: option 'duration' must be > 0 ms, got -1");
    r = run_for(10.0);
    r.record.v_neurons = {10};
    CHECK_THROWS_WITH(run_trials(net, r), "run: recorded neuron 11 is out of range");
    r = run_for(10.0);
    StateKick late;
    late.step = 100;
    late.neurons = {1};
    r.kicks = {late};
    CHECK_THROWS_WITH(run_trials(net, r), "run: perturbation at 10 ms is not before the end of the run (10 ms)");
    late.step = 5;
    late.neurons = {10};
    r.kicks = {late};
    CHECK_THROWS_WITH(run_trials(net, r), "run: perturbed neuron 11 is out of range for a network of 10");
    CHECK_THROWS_WITH(draw_targets(net, 0, 10, 11), "extra_spike: cannot choose 11 distinct neurons from 10");

    SpikingNetwork slow(Seed{1, 0, 0});
    s = lif(2);
    s.t_ref = Distribution::constant(1e7);
    slow.add_lif(s, "");
    CHECK_THROWS_WITH(run_trials(slow, run_for(10.0)), "run: t_ref = 10000000 ms is more than 2^24 steps of 0.1 ms");
    SpikingNetwork loud(Seed{1, 0, 0});
    const auto p2 = loud.add_lif(lif(2), "");
    loud.add_poisson(p2, 2e7, Distribution::constant(1.0), SynapseModel{});
    CHECK_THROWS_WITH(
        run_trials(loud, run_for(10.0)),
        "run: Poisson rate 20000000 Hz gives more than 10^6 events per neuron in 1024 steps; is it in Hz?");
}
