// Tests of sim/run's derived outputs: population rates and bin centres on known spike lists, spike
// tables, and run_network's arrangement of run_trials' records (potentials, sampling, rates, duration).
#include "core/errors.hpp"
#include "sim/run.hpp"
#include "lif_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace chaoslab;
using test::driven_network;

TEST_CASE("population rate counts spikes per bin in Hz per neuron", "[spiking_run]") {
    // 4 neurons, 1 ms bins over 10 ms: a spike in (b, b + 1] belongs to bin b, one at t = 0 to bin 0,
    // one after the end to none; each count scales by 1000 / (1 ms x 4 neurons) = 250 Hz.
    const std::vector<double> spikes{0.0, 0.5, 1.0, 1.0, 2.0, 2.5, 3.2, 9.99, 10.0, 10.5, 12.0};
    const std::vector<double> rate = population_rate(spikes, 4, 1.0, 10.0);
    const std::vector<double> counts{4, 1, 1, 1, 0, 0, 0, 0, 0, 2};
    REQUIRE(rate.size() == 10);
    for (std::size_t b = 0; b < 10; ++b) CHECK(rate[b] == Approx(counts[b] * 250.0).epsilon(1e-15));
}

TEST_CASE("a spike at the end of a bin up to rounding belongs to the bin it closes", "[spiking_run]") {
    // 0.3 / 0.1 is 2.9999999999999996 and 0.7 / 0.1 is 6.999999999999999 in doubles: still the ends of
    // bins 2 and 6. A spike a little after an end opens the next bin.
    const std::vector<double> spikes{0.1, 0.3, 0.7, 0.7 + 1e-6};
    const std::vector<double> rate = population_rate(spikes, 1, 0.1, 1.0);
    REQUIRE(rate.size() == 10);
    std::vector<double> expected(10, 0.0);
    expected[0] = expected[2] = expected[6] = expected[7] = 1000.0 / 0.1;
    for (std::size_t b = 0; b < 10; ++b) CHECK(rate[b] == Approx(expected[b]).epsilon(1e-12));
}

TEST_CASE("population rate bins cover the duration with a last partial bin", "[spiking_run]") {
    // 10 ms in 3 ms bins: 4 bins, centres 1.5 to 10.5; a rate is count x 1000 / (3 ms x n).
    const std::vector<double> centres = bin_centres(3.0, 10.0);
    CHECK(centres == std::vector<double>{1.5, 4.5, 7.5, 10.5});
    const std::vector<double> rate = population_rate(std::vector<double>{9.5, 10.0, 3.0}, 2, 3.0, 10.0);
    REQUIRE(rate.size() == 4);
    CHECK(rate[0] == Approx(1000.0 / 6.0));
    CHECK(rate[1] == 0.0);
    CHECK(rate[2] == 0.0);
    CHECK(rate[3] == Approx(2.0 * 1000.0 / 6.0));
    // A duration that is a whole number of bins up to rounding adds no bin.
    CHECK(bin_centres(0.1, 0.3).size() == 3);
    CHECK(bin_centres(1.0, 10.0).size() == 10);
    CHECK(bin_centres(1.0, 10.0).back() == 9.5);
    CHECK(population_rate(std::vector<double>{}, 3, 2.0, 10.0) == std::vector<double>(5, 0.0));
}

TEST_CASE("population rate and bin centres reject a bin that is not positive", "[spiking_run][errors]") {
    CHECK_THROWS_MATCHES(population_rate(std::vector<double>{1.0}, 1, 0.0, 10.0), ConfigError,
                         Catch::Matchers::Message("run: option 'record.rate' must be > 0 ms, got 0"));
    CHECK_THROWS_MATCHES(bin_centres(-2.0, 10.0), ConfigError,
                         Catch::Matchers::Message("run: option 'record.rate' must be > 0 ms, got -2"));
}

TEST_CASE("a spike table lists spikes from t_from on with 1-based ids", "[spiking_run]") {
    TrialRecord rec;
    rec.spike_times = {1.0, 2.0, 2.0, 3.5, 7.25};
    rec.spike_ids = {0, 3, 4, 1, 0};
    const SpikeTable all = spike_table(rec);
    CHECK(all.times == rec.spike_times);
    CHECK(all.ids == std::vector<double>{1, 4, 5, 2, 1});
    // t_from within 1e-9 ms after a spike still includes it; beyond the slack it does not.
    const SpikeTable at = spike_table(rec, 2.0 + 5e-10);
    CHECK(at.times == std::vector<double>{2.0, 2.0, 3.5, 7.25});
    CHECK(at.ids == std::vector<double>{4, 5, 2, 1});
    const SpikeTable after = spike_table(rec, 2.0 + 2e-9);
    CHECK(after.times == std::vector<double>{3.5, 7.25});
    CHECK(after.ids == std::vector<double>{2, 1});
    CHECK(spike_table(rec, 8.0).times.empty());
    CHECK(spike_table(rec, 8.0).ids.empty());
    CHECK(spike_table(TrialRecord{}).times.empty());
}

TEST_CASE("run_network returns run_trials' potentials per neuron, sampled every whole number of steps",
          "[spiking_run]") {
    const SpikingNetwork net = driven_network(1.0);
    RunOptions o;
    o.dt_ms = 0.1;
    o.duration_ms = 30.0;
    o.trials = {0, 3};
    o.record.v_neurons = {0, 5, 17};
    o.v_every_ms = 0.32; // round(3.2) = 3 steps
    const SpikingRun run = run_network(net, o);

    RunOptions plain = o;
    plain.record.v_every_steps = 3;
    const std::vector<TrialRecord> recs = run_trials(net, plain);
    REQUIRE(run.trials.size() == 2);
    REQUIRE(run.v.size() == 2);
    const std::size_t samples = 300 / 3 + 1, m = 3;
    REQUIRE(run.v_times.size() == samples);
    for (std::size_t s = 0; s < samples; ++s)
        CHECK(run.v_times[s] == Approx(static_cast<double>(s * 3) * 0.1).margin(1e-9));
    for (std::size_t t = 0; t < 2; ++t) {
        REQUIRE(recs[t].v.size() == samples * m);
        REQUIRE(run.v[t].size() == samples * m);
        CHECK(run.trials[t].spike_times == recs[t].spike_times);
        CHECK(run.trials[t].spike_ids == recs[t].spike_ids);
        CHECK(run.trials[t].v_times == run.v_times);
        for (std::size_t j = 0; j < m; ++j)
            for (std::size_t s = 0; s < samples; ++s) CHECK(run.v[t][j * samples + s] == recs[t].v[s * m + j]);
    }
    // The neurons' potentials differ, so the layout matters.
    CHECK(run.v[0][0 * samples + 50] != run.v[0][1 * samples + 50]);
    CHECK(run.rate.empty());
    CHECK(run.rate_times.empty());
}

TEST_CASE("run_network samples every step for a zero or sub-step interval", "[spiking_run]") {
    const SpikingNetwork net = test::one_neuron_from(-60.0);
    RunOptions o;
    o.dt_ms = 0.1;
    o.duration_ms = 2.0;
    o.record.v_neurons = {0};
    for (double every : {0.0, 0.04}) {
        o.v_every_ms = every;
        const SpikingRun run = run_network(net, o);
        REQUIRE(run.v_times.size() == 21);
        REQUIRE(run.v[0].size() == 21);
        // No input: V relaxes to -65 mV as -65 + 5 e^{-t/20}.
        for (std::size_t s = 0; s < 21; s += 5)
            CHECK(run.v[0][s] == Approx(-65.0 + 5.0 * std::exp(-run.v_times[s] / 20.0)).epsilon(1e-12));
    }
}

TEST_CASE("run_network's duration is whole steps and its rate bins use it", "[spiking_run]") {
    // 50.04 ms at dt 0.1 is 500 steps: 50 ms, so 5 ms bins make 10 bins (not 11).
    const SpikingNetwork net = driven_network(1.0);
    RunOptions o;
    o.dt_ms = 0.1;
    o.duration_ms = 50.04;
    o.trials = {1, 2};
    o.rate_bin_ms = 5.0;
    const SpikingRun run = run_network(net, o);
    CHECK(run.duration_ms == Approx(50.0).margin(1e-12));
    REQUIRE(run.rate_times.size() == 10);
    for (std::size_t b = 0; b < 10; ++b) CHECK(run.rate_times[b] == Approx(2.5 + 5.0 * static_cast<double>(b)));
    REQUIRE(run.rate.size() == 2);
    CHECK(run.v.empty());
    std::size_t spikes = 0;
    for (std::size_t t = 0; t < 2; ++t) {
        // Spikes fall on the step grid: step k (time k dt) closes bin (k - 1) / 50.
        std::vector<double> counts(10, 0.0);
        for (double time : run.trials[t].spike_times) {
            const long k = std::lround(time / 0.1);
            counts[static_cast<std::size_t>(k == 0 ? 0 : (k - 1) / 50)] += 1.0;
        }
        REQUIRE(run.rate[t].size() == 10);
        for (std::size_t b = 0; b < 10; ++b)
            CHECK(run.rate[t][b] == Approx(counts[b] * 1000.0 / (5.0 * 200.0)).epsilon(1e-12));
        spikes += run.trials[t].spike_times.size();
    }
    CHECK(spikes > 50);
}

TEST_CASE("run_network passes run_trials' errors through", "[spiking_run][errors]") {
    const SpikingNetwork net = test::one_neuron_from(-60.0);
    RunOptions o;
    o.duration_ms = 0.0;
    CHECK_THROWS_MATCHES(run_network(net, o), ConfigError,
                         Catch::Matchers::Message("run: option 'duration' must be > 0 ms, got 0"));
    o.duration_ms = 0.04;
    CHECK_THROWS_MATCHES(
        run_network(net, o), ConfigError,
        Catch::Matchers::Message("run: option 'duration' (0.04 ms) is shorter than one step of dt = 0.1 ms"));
    o.duration_ms = 5.0;
    o.record.v_neurons = {1};
    CHECK_THROWS_MATCHES(run_network(net, o), ConfigError,
                         Catch::Matchers::Message("run: recorded neuron 2 is out of range"));
}
