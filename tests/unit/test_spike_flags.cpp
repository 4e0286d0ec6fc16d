// Tests of sim/spike_flags.hpp: 64 byte flags read back as the bits of one word, by the portable
// multiply and by the AVX-512 path of a native build, against a bit-by-bit construction.
#include "core/rng.hpp"
#include "sim/spike_flags.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using namespace chaoslab;

TEST_CASE("flag blocks become words with bit j = flag j", "[engine]") {
    RandomStream rs(Seed{1, 2, 3}, stream_id("test.flags"));
    alignas(64) std::uint8_t block[kFlagBlock];
    for (int trial = 0; trial < 2000; ++trial) {
        // Sparse, dense, empty and full blocks.
        const std::uint64_t density = trial % 4 == 0 ? 2 : trial % 4 == 1 ? 50 : trial % 4 == 2 ? 0 : 100;
        std::uint64_t expected = 0;
        for (std::uint32_t j = 0; j < kFlagBlock; ++j) {
            block[j] = rs.below(100) < density ? 1 : 0;
            expected |= std::uint64_t{block[j]} << j;
        }
        CAPTURE(trial);
        REQUIRE(flag_bits_portable(block) == expected);
        REQUIRE(flag_bits(block) == expected);
    }
}
