// Tests of core/selection: trial numbers from a count or a list, the trial seeds built from them,
// and id lists checked against what exists, with every error message.
#include "core/errors.hpp"
#include "core/selection.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace chaoslab;

TEST_CASE("a trial count gives consecutive trial numbers from the first trial", "[selection]") {
    TrialSelection s;
    s.count = 4;
    CHECK(trial_numbers(s, 7, "run") == std::vector<std::uint64_t>{7, 8, 9, 10});
    s.count = 1;
    CHECK(trial_numbers(s, 0, "run") == std::vector<std::uint64_t>{0});
    // The default selection is one trial: the first.
    CHECK(trial_numbers(TrialSelection{}, 12, "run") == std::vector<std::uint64_t>{12});
}

TEST_CASE("a trial list gives its numbers in order and ignores the first trial and the count", "[selection]") {
    TrialSelection s;
    s.count = 99;
    s.list = std::vector<std::int64_t>{5, 0, 5, 3};
    CHECK(trial_numbers(s, 100, "run") == std::vector<std::uint64_t>{5, 0, 5, 3});
}

TEST_CASE("trial numbers reject a count below one, a negative trial and an empty list", "[selection][errors]") {
    TrialSelection s;
    s.count = 0;
    CHECK_THROWS_MATCHES(trial_numbers(s, 0, "run"), ConfigError,
                         Catch::Matchers::Message("run: option 'trials' must be >= 1, got 0"));
    s.count = -3;
    CHECK_THROWS_MATCHES(trial_numbers(s, 0, "divergence"), ConfigError,
                         Catch::Matchers::Message("divergence: option 'trials' must be >= 1, got -3"));
    s.list = std::vector<std::int64_t>{2, -1};
    CHECK_THROWS_MATCHES(trial_numbers(s, 0, "run"), ConfigError,
                         Catch::Matchers::Message("run: option 'trials' must hold trial numbers >= 0, got -1"));
    s.list = std::vector<std::int64_t>{};
    CHECK_THROWS_MATCHES(trial_numbers(s, 0, "run"), ConfigError,
                         Catch::Matchers::Message("run: option 'trials' must not be empty"));
}

TEST_CASE("trial seeds keep the network's session and block and take each trial number", "[selection]") {
    const Seed network{3, 4, 6};
    TrialSelection s;
    s.count = 3;
    const std::vector<Seed> counted = trial_seeds(network, s, "run");
    REQUIRE(counted.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) CHECK(counted[k] == Seed{3, 4, 6 + k});
    s.list = std::vector<std::int64_t>{9, 1};
    const std::vector<Seed> listed = trial_seeds(network, s, "run");
    REQUIRE(listed.size() == 2);
    CHECK(listed[0] == Seed{3, 4, 9});
    CHECK(listed[1] == Seed{3, 4, 1});
    s.list = std::vector<std::int64_t>{-2};
    CHECK_THROWS_MATCHES(trial_seeds(network, s, "spectrum"), ConfigError,
                         Catch::Matchers::Message("spectrum: option 'trials' must hold trial numbers >= 0, got -2"));
}

TEST_CASE("one trial seed is the given trial or the network seed's own trial", "[selection]") {
    const Seed network{1, 2, 5};
    CHECK(trial_seed(network, std::nullopt) == Seed{1, 2, 5});
    CHECK(trial_seed(network, std::optional<std::int64_t>{0}) == Seed{1, 2, 0});
    CHECK(trial_seed(network, std::optional<std::int64_t>{17}) == Seed{1, 2, 17});
}

TEST_CASE("checked ids pass ids inside the range through unchanged", "[selection]") {
    const std::vector<std::int64_t> ids{0, 9, 4, 4};
    CHECK(checked_ids(ids, 10, "extra_spike", "neurons") == std::vector<std::uint32_t>{0, 9, 4, 4});
    CHECK(checked_ids(std::vector<std::int64_t>{}, 10, "extra_spike", "neurons").empty());
    // An empty population has no valid id at all.
    CHECK_THROWS_AS(checked_ids(std::vector<std::int64_t>{0}, 0, "run", "units"), ConfigError);
}

TEST_CASE("checked ids name the first id outside the range 1-based with its position", "[selection][errors]") {
    // The id n (0-based) is the script's n + 1; position 2 is the second entry.
    CHECK_THROWS_MATCHES(
        checked_ids(std::vector<std::int64_t>{3, 10, 20}, 10, "extra_spike", "neurons"), ConfigError,
        Catch::Matchers::Message("extra_spike: option 'neurons' has 11 at position 2, outside the neuron ids 1..10"));
    // A negative 0-based id: the script wrote 0 or less.
    CHECK_THROWS_MATCHES(
        checked_ids(std::vector<std::int64_t>{-1}, 10, "extra_spike", "neurons"), ConfigError,
        Catch::Matchers::Message("extra_spike: option 'neurons' has 0 at position 1, outside the neuron ids 1..10"));
    CHECK_THROWS_MATCHES(
        checked_ids(std::vector<std::int64_t>{0, 1, -5}, 10, "run", "record.units", "unit"), ConfigError,
        Catch::Matchers::Message("run: option 'record.units' has -4 at position 3, outside the unit ids 1..10"));
    CHECK_THROWS_MATCHES(
        checked_ids(std::vector<std::int64_t>{0}, 0, "run", "units", "unit"), ConfigError,
        Catch::Matchers::Message("run: option 'units' has 1 at position 1, outside the unit ids 1..0"));
    // An id far beyond 32 bits is reported, not truncated into range.
    const std::int64_t huge = std::int64_t{1} << 40;
    CHECK_THROWS_MATCHES(checked_ids(std::vector<std::int64_t>{huge}, 10, "run", "neurons"), ConfigError,
                         Catch::Matchers::Message("run: option 'neurons' has 1099511627777 at position 1, outside "
                                                  "the neuron ids 1..10"));
}
