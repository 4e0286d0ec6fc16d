// Tests of perturb/kick_plan (twins of drawn or listed neurons, state-kick twins, timed kicks of a run)
// and analysis/perturbation (the experiment's trial and the per-twin columns of run_perturbation).
#include "analysis/perturbation.hpp"
#include "core/errors.hpp"
#include "measures/hamming.hpp"
#include "measures/lz.hpp"
#include "network/rate_network.hpp"
#include "perturb/kick_plan.hpp"
#include "sim/compiled_network.hpp"
#include "lif_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

using namespace chaoslab;

namespace {

// 300 neurons in two populations: 1..100 and 101..300 (1-based).
SpikingNetwork two_populations(std::uint64_t session = 21) {
    SpikingNetwork net(Seed{session, 2, 0});
    net.add_lif(test::lif(100), "a");
    net.add_lif(test::lif(200), "b");
    return net;
}

KickPlan spike_plan(std::int64_t count) {
    KickPlan k;
    k.kind = Kick::Kind::extra_spike;
    k.fn = "extra_spike";
    k.count = count;
    return k;
}

} // namespace

TEST_CASE("a drawn spike kick gives one twin per distinct neuron of draw_targets", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    const TwinPlan plan = plan_twins(net, spike_plan(20));
    REQUIRE(plan.neurons.size() == 20);
    CHECK(plan.neurons == draw_targets(net, 0, 300, 20));
    CHECK(std::set<std::uint32_t>(plan.neurons.begin(), plan.neurons.end()).size() == 20);
    CHECK(*std::max_element(plan.neurons.begin(), plan.neurons.end()) < 300);
    REQUIRE(plan.kicks.size() == 20);
    for (std::size_t j = 0; j < 20; ++j) {
        CHECK(plan.kicks[j].kind == Kick::Kind::extra_spike);
        CHECK(plan.kicks[j].neurons == std::vector<std::uint32_t>{plan.neurons[j]});
    }
    // The draw is the network structure's: the same for another network of the same seed, not for another seed.
    CHECK(plan_twins(two_populations(), spike_plan(20)).neurons == plan.neurons);
    CHECK(plan_twins(two_populations(22), spike_plan(20)).neurons != plan.neurons);
}

TEST_CASE("a kick drawn from a population stays inside it", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    KickPlan k = spike_plan(30);
    k.kind = Kick::Kind::voltage;
    k.fn = "voltage_kick";
    k.size = 0.5;
    k.population_network = &net;
    k.population = 1;
    const TwinPlan plan = plan_twins(net, k);
    REQUIRE(plan.neurons.size() == 30);
    CHECK(plan.neurons == draw_targets(net, 100, 200, 30));
    for (std::uint32_t i : plan.neurons) {
        CHECK(i >= 100);
        CHECK(i < 300);
    }
    CHECK(std::set<std::uint32_t>(plan.neurons.begin(), plan.neurons.end()).size() == 30);
    for (std::size_t j = 0; j < 30; ++j) {
        CHECK(plan.kicks[j].kind == Kick::Kind::voltage);
        CHECK(plan.kicks[j].size == 0.5);
        CHECK(plan.kicks[j].neurons == std::vector<std::uint32_t>{plan.neurons[j]});
    }
    // Drawing the whole first population gives each of its neurons once.
    k.population = 0;
    k.count = 100;
    const TwinPlan all = plan_twins(net, k);
    std::set<std::uint32_t> drawn(all.neurons.begin(), all.neurons.end());
    CHECK(drawn.size() == 100);
    CHECK(*drawn.begin() == 0);
    CHECK(*drawn.rbegin() == 99);
}

TEST_CASE("listed neurons give one twin each in the listed order", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    KickPlan k = spike_plan(5); // the count is not used with a list
    k.neurons = std::vector<std::int64_t>{299, 4, 150};
    const TwinPlan plan = plan_twins(net, k);
    CHECK(plan.neurons == std::vector<std::uint32_t>{299, 4, 150});
    REQUIRE(plan.kicks.size() == 3);
    CHECK(plan.kicks[0].neurons == std::vector<std::uint32_t>{299});
    CHECK(plan.kicks[1].neurons == std::vector<std::uint32_t>{4});
    CHECK(plan.kicks[2].neurons == std::vector<std::uint32_t>{150});
}

TEST_CASE("a state kick gives twins copies over the listed neurons", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    KickPlan k;
    k.kind = Kick::Kind::state;
    k.fn = "state_kick";
    k.twins = 4;
    k.size = 0.01;
    k.neurons = std::vector<std::int64_t>{7, 3};
    const TwinPlan plan = plan_twins(net, k);
    CHECK(plan.neurons.empty());
    REQUIRE(plan.kicks.size() == 4);
    for (const Kick& kick : plan.kicks) {
        CHECK(kick.kind == Kick::Kind::state);
        CHECK(kick.size == 0.01);
        CHECK(kick.neurons == std::vector<std::uint32_t>{7, 3});
    }
    k.neurons.reset();
    k.twins = 2;
    const TwinPlan whole = plan_twins(net, k);
    REQUIRE(whole.kicks.size() == 2);
    CHECK(whole.kicks[0].neurons.empty()); // empty = every neuron
}

TEST_CASE("kick plans are checked with their messages", "[kick_plan][errors]") {
    const SpikingNetwork net = two_populations();
    KickPlan k = spike_plan(1);
    k.neurons = std::vector<std::int64_t>{300};
    CHECK_THROWS_MATCHES(
        plan_twins(net, k), ConfigError,
        Catch::Matchers::Message("extra_spike: option 'neurons' has 301 at position 1, outside the neuron ids 1..300"));
    k.neurons = std::vector<std::int64_t>{0, -1};
    CHECK_THROWS_MATCHES(
        plan_twins(net, k), ConfigError,
        Catch::Matchers::Message("extra_spike: option 'neurons' has 0 at position 2, outside the neuron ids 1..300"));

    const SpikingNetwork other = two_populations();
    KickPlan p = spike_plan(3);
    p.population_network = &other;
    CHECK_THROWS_MATCHES(plan_twins(net, p), ConfigError,
                         Catch::Matchers::Message("extra_spike: option 'population' belongs to another network"));
    RateNetwork rates(Seed{21, 2, 0});
    p.population_network = &rates;
    CHECK_THROWS_MATCHES(plan_twins(net, p), ConfigError,
                         Catch::Matchers::Message("extra_spike: option 'population' belongs to another network"));

    CHECK_THROWS_MATCHES(plan_twins(net, spike_plan(0)), ConfigError,
                         Catch::Matchers::Message("extra_spike: option 'neurons' must be >= 1, got 0"));
    KickPlan v = spike_plan(-2);
    v.kind = Kick::Kind::voltage;
    v.fn = "voltage_kick";
    CHECK_THROWS_MATCHES(plan_twins(net, v), ConfigError,
                         Catch::Matchers::Message("voltage_kick: option 'neurons' must be >= 1, got -2"));
    CHECK_THROWS_MATCHES(plan_twins(net, spike_plan(301)), ConfigError,
                         Catch::Matchers::Message("extra_spike: cannot choose 301 distinct neurons from 300"));

    KickPlan s;
    s.kind = Kick::Kind::state;
    s.fn = "state_kick";
    s.twins = 0;
    CHECK_THROWS_MATCHES(plan_twins(net, s), ConfigError,
                         Catch::Matchers::Message("state_kick: option 'twins' must be >= 1, got 0"));
    s.twins = 1;
    s.neurons = std::vector<std::int64_t>{1000};
    CHECK_THROWS_MATCHES(
        plan_twins(net, s), ConfigError,
        Catch::Matchers::Message("state_kick: option 'neurons' has 1001 at position 1, outside the neuron ids 1..300"));
}

TEST_CASE("too many drawn neurons for a voltage kick are reported under its own name", "[kick_plan][errors]") {
    // Every message of a plan names KickPlan::fn, draw_targets' too.
    const SpikingNetwork net = two_populations();
    KickPlan v = spike_plan(301);
    v.kind = Kick::Kind::voltage;
    v.fn = "voltage_kick";
    CHECK_THROWS_MATCHES(plan_twins(net, v), ConfigError,
                         Catch::Matchers::Message("voltage_kick: cannot choose 301 distinct neurons from 300"));
}

TEST_CASE("timed kicks need their time and come sorted by step, stably", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    const double dt = 0.1;
    auto at = [](KickPlan k, double ms) {
        k.at_ms = ms;
        return k;
    };
    KickPlan a = spike_plan(1), b = spike_plan(1), c = spike_plan(1), d;
    a.kind = Kick::Kind::voltage;
    a.fn = "voltage_kick";
    a.size = 2.0;
    a.neurons = std::vector<std::int64_t>{1};
    b.neurons = std::vector<std::int64_t>{2};
    c.kind = Kick::Kind::voltage;
    c.fn = "voltage_kick";
    c.size = -1.5;
    c.neurons = std::vector<std::int64_t>{3, 4};
    d.kind = Kick::Kind::state;
    d.fn = "state_kick";
    d.size = 0.3;
    d.neurons = std::vector<std::int64_t>{5, 6, 7};
    const std::vector<KickPlan> plans{at(a, 5.0), at(b, 2.06), at(c, 5.0), at(d, 2.04)};
    const std::vector<StateKick> kicks = timed_kicks(net, plans, dt);
    REQUIRE(kicks.size() == 4);
    // Steps: 5.0 -> 50, 2.06 -> 21, 2.04 -> 20 (to_steps rounds to the nearest step).
    CHECK(to_steps(5.0, dt) == 50);
    CHECK(to_steps(2.06, dt) == 21);
    CHECK(to_steps(2.04, dt) == 20);
    CHECK(kicks[0].step == 20); // d
    CHECK(kicks[1].step == 21); // b
    CHECK(kicks[2].step == 50); // a, then c: equal steps keep their order
    CHECK(kicks[3].step == 50);
    CHECK(kicks[0].kind == StateKick::Kind::voltage);
    CHECK(kicks[0].neurons == std::vector<std::uint32_t>{5, 6, 7});
    double norm2 = 0.0;
    for (double x : kicks[0].values) norm2 += x * x;
    CHECK(std::sqrt(norm2) == Approx(0.3).epsilon(1e-14));
    CHECK(kicks[1].kind == StateKick::Kind::extra_spike);
    CHECK(kicks[1].neurons == std::vector<std::uint32_t>{2});
    CHECK(kicks[2].kind == StateKick::Kind::voltage);
    CHECK(kicks[2].neurons == std::vector<std::uint32_t>{1});
    CHECK(kicks[2].values == std::vector<double>{2.0});
    CHECK(kicks[3].neurons == std::vector<std::uint32_t>{3, 4});
    CHECK(kicks[3].values == std::vector<double>{-1.5, -1.5});
}

TEST_CASE("a timed kick of drawn neurons kicks all of them at once", "[kick_plan]") {
    const SpikingNetwork net = two_populations();
    KickPlan k = spike_plan(4);
    k.at_ms = 1.0;
    const std::vector<StateKick> kicks = timed_kicks(net, std::vector<KickPlan>{k}, 0.1);
    REQUIRE(kicks.size() == 1);
    CHECK(kicks[0].step == 10);
    CHECK(kicks[0].neurons == draw_targets(net, 0, 300, 4));
    // A state kick without neurons spreads over the whole network.
    KickPlan s;
    s.kind = Kick::Kind::state;
    s.fn = "state_kick";
    s.size = 1.0;
    s.at_ms = 0.5;
    const std::vector<StateKick> whole = timed_kicks(net, std::vector<KickPlan>{s}, 0.1);
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].neurons.size() == 300);
    CHECK(whole[0].step == 5);
}

TEST_CASE("timed kicks are checked with their messages", "[kick_plan][errors]") {
    const SpikingNetwork net = two_populations();
    CHECK_THROWS_MATCHES(
        timed_kicks(net, std::vector<KickPlan>{spike_plan(1)}, 0.1), ConfigError,
        Catch::Matchers::Message("run: the extra_spike kick needs its time: extra_spike{..., at = ms}"));
    KickPlan v = spike_plan(1);
    v.kind = Kick::Kind::voltage;
    v.fn = "voltage_kick";
    CHECK_THROWS_MATCHES(
        timed_kicks(net, std::vector<KickPlan>{v}, 0.1), ConfigError,
        Catch::Matchers::Message("run: the voltage_kick kick needs its time: voltage_kick{..., at = ms}"));
    KickPlan listed = spike_plan(1);
    listed.at_ms = 1.0;
    listed.neurons = std::vector<std::int64_t>{300};
    CHECK_THROWS_MATCHES(
        timed_kicks(net, std::vector<KickPlan>{listed}, 0.1), ConfigError,
        Catch::Matchers::Message("extra_spike: option 'neurons' has 301 at position 1, outside the neuron ids 1..300"));
}

TEST_CASE("the trial of a perturbation experiment is the option, else the seed's, else the network's",
          "[perturbation]") {
    const Seed network{3, 4, 7};
    CHECK(perturbation_trial(network, std::nullopt, std::nullopt) == 7);
    CHECK(perturbation_trial(network, Seed{3, 4, 9}, std::nullopt) == 9);
    CHECK(perturbation_trial(network, Seed{3, 4, 9}, std::optional<std::int64_t>{2}) == 2);
    CHECK(perturbation_trial(network, std::nullopt, std::optional<std::int64_t>{0}) == 0);
    CHECK_THROWS_MATCHES(perturbation_trial(network, Seed{1, 2, 0}, std::nullopt), ConfigError,
                         Catch::Matchers::Message("perturbation: option 'seed' has session 1, block 2 but the network "
                                                  "was built with session 3, block 4"));
    // A seed of the wrong network is an error even when the trial option overrides its trial.
    CHECK_THROWS_MATCHES(perturbation_trial(network, Seed{3, 5, 0}, std::optional<std::int64_t>{1}), ConfigError,
                         Catch::Matchers::Message("perturbation: option 'seed' has session 3, block 5 but the network "
                                                  "was built with session 3, block 4"));
}

TEST_CASE("a perturbation experiment gives one column entry per twin and a twins x bins Hamming table",
          "[perturbation]") {
    const SpikingNetwork net = test::driven_network(1.0);
    PerturbationExperiment e;
    e.protocol.dt_ms = 0.1;
    e.protocol.baseline_ms = 20.0;
    e.protocol.observe_ms = 80.0;
    e.kick = spike_plan(3);
    const PerturbationResult r = run_perturbation(net, e);
    CHECK(r.neurons == draw_targets(net, 0, 200, 3));
    for (const std::vector<double>* column : {&r.lz, &r.lz_normalized, &r.hamming_slope, &r.differences})
        CHECK(column->size() == 3);
    CHECK(r.symbol_entropy.empty()); // optional measures off
    CHECK(r.gamma.empty());
    REQUIRE(r.hamming_time.size() == 80);
    REQUIRE(r.hamming.size() == 3 * 80);
    for (std::size_t b = 0; b < 80; ++b) CHECK(r.hamming_time[b] == Approx(0.5 + static_cast<double>(b)));
    CHECK(r.t_pert_ms == Approx(20.0));
    CHECK(r.observe_ms == Approx(80.0));
    CHECK(r.seconds_simulate >= 0.0);
    CHECK(r.seconds_measure >= 0.0);
    REQUIRE(r.run.twins.size() == 3);
    // Row j is the Hamming distance of twin j from the control, computed here from the spike lists.
    HammingOptions h;
    h.t_pert_ms = r.t_pert_ms;
    h.duration_ms = r.observe_ms;
    h.bin_ms = 1.0;
    double total = 0.0;
    for (std::size_t j = 0; j < 3; ++j) {
        const HammingSeries expected =
            hamming_distance(SpikeView{r.run.control.spike_times, r.run.control.spike_ids},
                             SpikeView{r.run.twins[j].spike_times, r.run.twins[j].spike_ids}, 200, h);
        REQUIRE(expected.distance.size() == 80);
        for (std::size_t b = 0; b < 80; ++b) CHECK(r.hamming[j * 80 + b] == expected.distance[b]);
        total += r.differences[j];
        CHECK(r.lz[j] >= 2.0);
    }
    CHECK(total > 0.0); // an extra spike in a chaotic network changes the spikes
}

TEST_CASE("a zero voltage kick leaves every twin equal to the control", "[perturbation]") {
    // No difference at all: zero differences, zero Hamming distance and slope, and the LZ76 count of a
    // constant sequence of N x B symbols (2 phrases, normalised 2 log2(n) / n).
    const SpikingNetwork net = test::driven_network(1.0);
    PerturbationExperiment e;
    e.protocol.dt_ms = 0.1;
    e.protocol.baseline_ms = 10.0;
    e.protocol.observe_ms = 60.0;
    e.kick.kind = Kick::Kind::voltage;
    e.kick.fn = "voltage_kick";
    e.kick.neurons = std::vector<std::int64_t>{0, 50, 199};
    e.kick.size = 0.0;
    const PerturbationResult r = run_perturbation(net, e);
    CHECK(r.neurons == std::vector<std::uint32_t>{0, 50, 199});
    const double n = 200.0 * 600.0; // neurons x LZ bins of 0.1 ms
    std::vector<double> control_after;
    for (std::size_t k = 0; k < r.run.control.spike_times.size(); ++k)
        if (r.run.control.spike_times[k] >= 10.0 - 0.05) control_after.push_back(r.run.control.spike_times[k]);
    REQUIRE(control_after.size() > 10);
    for (std::size_t j = 0; j < 3; ++j) {
        CHECK(r.differences[j] == 0.0);
        CHECK(r.hamming_slope[j] == 0.0);
        CHECK(r.lz[j] == 2.0);
        CHECK(r.lz_normalized[j] == Approx(2.0 * std::log2(n) / n).epsilon(1e-12));
        CHECK(r.run.twins[j].spike_times == control_after);
    }
    CHECK(std::all_of(r.hamming.begin(), r.hamming.end(), [](double h) { return h == 0.0; }));
    CHECK(r.hamming.size() == 3 * 60);
}
