// Tests of precision = float32 runs: the closed forms of the double engine to float accuracy, the same
// determinism guarantees, statistical agreement with double, and the errors single precision adds.
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

RunOptions single_run(double duration) {
    RunOptions o;
    o.duration_ms = duration;
    o.precision = Precision::float32;
    return o;
}

} // namespace

TEST_CASE("single precision: firing period under constant drive matches the closed form within one step",
          "[engine][single]") {
    for (double i_e : {10.5, 12.0, 20.0, 40.0}) {
        SpikingNetwork net(Seed{1, 0, 0});
        LifSpec s = lif(1);
        s.i_e = Distribution::constant(i_e);
        net.add_lif(s, "");
        const TrialRecord rec = run_trials(net, single_run(1000.0))[0];
        REQUIRE(rec.spike_times.size() > 5);
        const double T = 20.0 * std::log(i_e / (i_e - 10.0));
        const double isi = rec.spike_times.back() - rec.spike_times[rec.spike_times.size() - 2];
        // Float rounding may move a crossing that falls within ~1e-6 of a step edge by one step.
        CHECK(isi >= 2.0 + T - 0.1 - 1e-9);
        CHECK(isi <= 2.0 + T + 0.1 + 1e-9);
        CHECK(rec.spike_times.size() ==
              static_cast<std::size_t>(std::floor((1000.0 + 2.0) / (2.0 + std::ceil(T / 0.1 - 1e-9) * 0.1))));
    }
}

TEST_CASE("single precision: subthreshold decay and the weight convention hold to float accuracy", "[engine][single]") {
    const SpikingNetwork decay = test::one_neuron_from(-58.0);
    RunOptions r = single_run(50.0);
    r.record.v_neurons = {0};
    const TrialRecord rec = run_trials(decay, r)[0];
    REQUIRE(rec.v.size() == 501);
    for (std::size_t k = 0; k < rec.v.size(); ++k) {
        CHECK(rec.v[k] == Approx(-65.0 + 7.0 * std::exp(-rec.v_times[k] / 20.0)).margin(2e-5));
    }

    // One spike of weight 1.5 mV through an exponential synapse into a neuron without leak.
    SpikingNetwork net(Seed{1, 0, 0});
    LifSpec target = lif(1);
    target.tau_m = Distribution::constant(1e7);
    const auto a = net.add_lif(lif(1), "a");
    const auto b = net.add_lif(target, "b");
    net.add_current(a, Distribution::constant(30.0), 0.0, 10.0);
    const std::vector<std::int64_t> pre{0}, post{0};
    const std::vector<double> w{1.5};
    net.connect_lists(a, b, pre, post, w, SynapseModel{}, 1.0, {});
    RunOptions one = single_run(100.0);
    one.record.v_neurons = {1};
    const TrialRecord spike = run_trials(net, one)[0];
    REQUIRE(spike.spike_times.size() == 1);
    const double left = spike.v_times.back() - spike.spike_times[0] - 1.0;
    CHECK(spike.v.back() + 65.0 == Approx(1.5 * (1.0 - std::exp(-left / 5.0))).epsilon(1e-4));
}

TEST_CASE("single precision: bitwise identical for 1 and 2 threads and alone or in a batch",
          "[engine][single][determinism]") {
    const SpikingNetwork net = driven_network(0.5);
    RunOptions r = single_run(200.0);
    r.trials = {0, 1, 2};
    test::check_threads_and_batch(net, r, 1, 500);
}

TEST_CASE("single precision: a zero perturbation gives zero divergence, an extra spike does not",
          "[engine][single][perturbation]") {
    const SpikingNetwork net = driven_network(1.0);
    ProtocolOptions o;
    o.observe_ms = 200.0;
    o.precision = Precision::float32;
    std::vector<Kick> kicks(3);
    kicks[0].kind = Kick::Kind::voltage;
    kicks[0].neurons = {3};
    kicks[1].kind = Kick::Kind::state;
    kicks[2].neurons = {17};
    const ProtocolRun run = run_protocol(net, o, kicks);
    std::vector<std::int32_t> after;
    for (std::size_t k = 0; k < run.control.spike_times.size(); ++k) {
        if (run.control.spike_times[k] >= run.t_pert_ms) after.push_back(run.control.spike_ids[k]);
    }
    REQUIRE(after.size() > 300);
    CHECK(run.twins[0].spike_ids == after);
    CHECK(run.twins[1].spike_ids == after);
    CHECK(run.twins[2].spike_ids != after);
    CHECK(run.twins[2].spike_ids.front() == 17);
}

TEST_CASE("single and double precision runs agree in their statistics", "[engine][single]") {
    // Chaotic trajectories part after the first rounding difference, so compare what the study
    // measures: the mean spike count per neuron over 4 trials x 1 s.
    const SpikingNetwork net = driven_network(0.5);
    RunOptions r = single_run(1000.0);
    r.trials = {0, 1, 2, 3};
    const auto single = run_trials(net, r);
    r.precision = Precision::float64;
    const auto twin = run_trials(net, r);
    std::vector<double> count_single(200, 0.0), count_double(200, 0.0);
    for (std::size_t t = 0; t < 4; ++t) {
        for (std::int32_t i : single[t].spike_ids) count_single[i] += 1.0;
        for (std::int32_t i : twin[t].spike_ids) count_double[i] += 1.0;
    }
    const double mean_single = test::sample_mean(count_single), mean_double = test::sample_mean(count_double);
    REQUIRE(mean_double > 40.0); // about 18 Hz x 4 s
    // A sum of ~14600 nearly Poisson spikes: 2 % is about 2.4 standard deviations.
    CHECK(mean_single == Approx(mean_double).epsilon(0.02));
    CHECK(single[0].spike_times != twin[0].spike_times); // the runs did diverge: this compares statistics
}

TEST_CASE("single precision refuses what it cannot represent", "[engine][single][errors]") {
    const SpikingNetwork net = driven_network(0.5);
    RunOptions r = single_run(20.0);
    StateKick tiny;
    tiny.kind = StateKick::Kind::voltage;
    tiny.step = 10;
    tiny.neurons = {1, 2};
    tiny.values = {1e-6, -1e-6};
    r.kicks = {tiny};
    CHECK_THROWS_WITH(run_trials(net, r), "run: a voltage kick of 1e-06 mV per neuron is below what precision "
                                          "'single' resolves near -65 mV (1e-4 mV); use precision 'double'");
    r.precision = Precision::float64;
    CHECK_NOTHROW(run_trials(net, r));

    ProtocolOptions o;
    o.observe_ms = 20.0;
    o.precision = Precision::float32;
    Kick state;
    state.kind = Kick::Kind::state;
    state.size = 1e-3; // 200 neurons: 7.1e-5 mV each
    CHECK_THROWS_WITH(run_protocol(net, o, std::span<const Kick>(&state, 1)),
                      Catch::StartsWith("perturbation: a voltage kick of 7.07") &&
                          Catch::Contains("use precision 'double'"));
    state.size = 1e-2;
    CHECK_NOTHROW(run_protocol(net, o, std::span<const Kick>(&state, 1)));

    SpikingNetwork close(Seed{1, 0, 0});
    LifSpec s = lif(3);
    s.v_reset = Distribution::constant(-55.0000001);
    close.add_lif(s, "");
    CHECK_THROWS_WITH(
        run_trials(close, single_run(10.0)),
        "run: precision 'single' rounds v_reset = -55.0000001 mV and v_th = -55 mV of neuron 1 to the same "
        "value; use precision 'double'");
    RunOptions d = single_run(10.0);
    d.precision = Precision::float64;
    CHECK_NOTHROW(run_trials(close, d));
}
