// Tests of measures/spike_stats (no Lua): rates, silent fraction, ISI CV and Fano factor against regular
// trains (closed forms), Poisson trains from the project generator (CV = Fano = 1), window edges and errors.
#include "measures/spike_stats.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using chaoslab::FiringStatsOptions;
using chaoslab::SpikeView;

namespace {

struct Trains {
    std::vector<double> times;
    std::vector<std::int32_t> ids;
    void add(std::int32_t id, double t) {
        times.push_back(t);
        ids.push_back(id);
    }
    SpikeView view() const { return SpikeView{times, ids}; }
};

FiringStatsOptions window(double t0, double duration, double fano_bin = 10.0) {
    FiringStatsOptions o;
    o.t0_ms = t0;
    o.duration_ms = duration;
    o.fano_bin_ms = fano_bin;
    return o;
}

} // namespace

TEST_CASE("a regular train has ISI CV 0, Fano 0 and the rate count over duration", "[measures][firing_stats]") {
    // Neuron 0 every 5 ms from 2.5 ms (200 spikes in 1 s), neuron 1 every 20 ms from 1 ms (50 spikes).
    Trains s;
    for (int k = 0; k < 200; ++k) s.add(0, 2.5 + 5.0 * k);
    for (int k = 0; k < 50; ++k) s.add(1, 1.0 + 20.0 * k);
    const auto f = chaoslab::firing_stats(s.view(), 3, window(0.0, 1000.0, 20.0));
    CHECK(f.rate_hz == std::vector<double>{200.0, 50.0, 0.0});
    CHECK(f.mean_rate_hz == Approx(250.0 / 3.0));
    CHECK(f.silent_fraction == Approx(1.0 / 3.0));
    CHECK(f.cv_isi[0] == Approx(0.0).margin(1e-12));
    CHECK(f.cv_isi[1] == Approx(0.0).margin(1e-12));
    // Every 20 ms window holds exactly 4 (neuron 0) or 1 (neuron 1) spikes.
    CHECK(f.fano[0] == Approx(0.0).margin(1e-12));
    CHECK(f.fano[1] == Approx(0.0).margin(1e-12));
    CHECK(std::isnan(f.cv_isi[2]));
    CHECK(std::isnan(f.fano[2]));
    CHECK(f.mean_cv_isi == Approx(0.0).margin(1e-12));
}

TEST_CASE("alternating intervals give the closed-form CV and Fano", "[measures][firing_stats]") {
    // ISIs alternate 2 and 6 ms: mean 4, population std 2, CV 0.5. Spikes at 0, 2, 8, 10, 16, ...: the 8 ms
    // windows [8j, 8j + 8) hold 2 spikes each (Fano 0); 4 ms windows alternate 2 and 0 (mean 1, variance 1).
    Trains s;
    double t = 0.0;
    for (int k = 0; k < 101; ++k) { // 100 intervals: 50 of each; the last spike, at 400 ms, starts no window
        s.add(0, t);
        t += (k % 2 == 0) ? 2.0 : 6.0;
    }
    const auto f8 = chaoslab::firing_stats(s.view(), 1, window(0.0, 400.5, 8.0));
    CHECK(f8.cv_isi[0] == Approx(0.5));
    CHECK(f8.fano[0] == Approx(0.0).margin(1e-12));
    const auto f4 = chaoslab::firing_stats(s.view(), 1, window(0.0, 400.5, 4.0));
    CHECK(f4.fano[0] == Approx(1.0));
}

TEST_CASE("Poisson trains from the generator have ISI CV and Fano factor 1", "[measures][firing_stats]") {
    // 200 neurons at 20 Hz for 50 s: about 1000 spikes each.
    Trains s;
    const double rate_per_ms = 0.02, duration = 50000.0;
    for (std::int32_t i = 0; i < 200; ++i) {
        chaoslab::RandomStream rs(chaoslab::Seed{3, 1, 4}, chaoslab::stream_id("test.poisson_trains"),
                                  static_cast<std::uint64_t>(i));
        for (double t = rs.exponential(1.0 / rate_per_ms); t < duration; t += rs.exponential(1.0 / rate_per_ms))
            s.add(i, t);
    }
    const auto f = chaoslab::firing_stats(s.view(), 200, window(0.0, duration, 100.0));
    CHECK(f.mean_rate_hz == Approx(20.0).epsilon(0.01));
    CHECK(f.silent_fraction == 0.0);
    CHECK(f.mean_cv_isi == Approx(1.0).margin(0.01));
    CHECK(f.mean_fano == Approx(1.0).margin(0.02));
}

TEST_CASE("only spikes from t0 up to t0 + duration count, few spikes give NaN", "[measures][firing_stats]") {
    Trains s;
    s.add(0, 99.999); // before the window
    s.add(0, 100.0);  // first instant: counts
    s.add(0, 150.0);
    s.add(0, 200.0); // end of the window: does not count
    for (int k = 0; k < 12; ++k) s.add(1, 100.0 + 8.0 * k);
    auto o = window(100.0, 100.0);
    const auto f = chaoslab::firing_stats(s.view(), 2, o);
    CHECK(f.rate_hz[0] == Approx(20.0)); // 2 spikes in 100 ms
    CHECK(f.rate_hz[1] == Approx(120.0));
    CHECK(std::isnan(f.cv_isi[0])); // 2 < min_spikes = 10
    CHECK(std::isnan(f.fano[0]));
    CHECK(f.cv_isi[1] == Approx(0.0).margin(1e-12));
    CHECK(f.mean_cv_isi == Approx(0.0).margin(1e-12)); // the NaN of neuron 0 is left out
    o.min_spikes = 2;
    const auto g = chaoslab::firing_stats(s.view(), 2, o);
    CHECK(g.cv_isi[0] == Approx(0.0).margin(1e-12)); // one interval: population std 0
}

TEST_CASE("bad firing_stats options and ids give clear errors", "[measures][firing_stats][errors]") {
    Trains s;
    s.add(0, 1.0);
    CHECK_THROWS_WITH(chaoslab::firing_stats(s.view(), 1, window(0.0, 0.0)),
                      "firing_stats: duration must be > 0 ms, got 0");
    CHECK_THROWS_WITH(chaoslab::firing_stats(s.view(), 1, window(0.0, 100.0, 0.0)),
                      "firing_stats: the Fano window must be in (0, duration] ms, got 0");
    CHECK_THROWS_WITH(chaoslab::firing_stats(s.view(), 1, window(0.0, 100.0, 200.0)),
                      "firing_stats: the Fano window must be in (0, duration] ms, got 200");
    s.add(3, 2.0);
    CHECK_THROWS_WITH(chaoslab::firing_stats(s.view(), 2, window(0.0, 100.0)),
                      "firing_stats: neuron id 4 is outside 1..2");
}
