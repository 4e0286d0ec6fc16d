// The engine's determinism check shared by the double and single precision tests: a batch of trials
// run with 1 and with 2 threads, and one trial run alone, must give the same spikes bit for bit.
#pragma once

#include "parallel/threads.hpp"
#include "sim/run.hpp"

#include <catch2/catch.hpp>

#include <vector>

namespace chaoslab::test {

// Runs r (its trials) with 1 and 2 threads and r.trials[alone] by itself; checks every trial agrees
// and that trial `alone` has at least min_spikes spikes (so the comparison is not of empty records).
// Returns the 1-thread records for further checks.
inline std::vector<TrialRecord> check_threads_and_batch(const SpikingNetwork& net, const RunOptions& r,
                                                        std::size_t alone, std::size_t min_spikes) {
    const int threads = thread_count();
    set_thread_count(1);
    const auto one = run_trials(net, r);
    set_thread_count(2);
    const auto two = run_trials(net, r);
    set_thread_count(threads);
    RunOptions by_itself = r;
    by_itself.trials = {r.trials.at(alone)};
    const auto single = run_trials(net, by_itself);
    REQUIRE(one[alone].spike_times.size() > min_spikes);
    for (std::size_t t = 0; t < one.size(); ++t) {
        CHECK(one[t].spike_times == two[t].spike_times);
        CHECK(one[t].spike_ids == two[t].spike_ids);
    }
    CHECK(single[0].spike_times == one[alone].spike_times);
    CHECK(single[0].spike_ids == one[alone].spike_ids);
    return one;
}

} // namespace chaoslab::test
