// This step's spikes as one byte flag per neuron (what the vectorised membrane update writes), read
// back 64 flags at a time as the bits of one 64-bit word, so finding the few spikers costs little.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__AVX512BW__)
#include <immintrin.h>
#endif

namespace chaoslab {

inline constexpr std::uint32_t kFlagBlock = 64;

// Bit j of the result is flag j of the block (flags are 0 or 1): for each 8-byte word, the multiply
// moves byte j's low bit to bit 56 + j without carries (the partial products land on distinct bits).
inline std::uint64_t flag_bits_portable(const std::uint8_t* block) {
    std::uint64_t bits = 0;
    for (std::uint32_t j = 0; j < kFlagBlock / 8; ++j) {
        std::uint64_t word;
        std::memcpy(&word, block + std::size_t{8} * j, 8);
        bits |= ((word * 0x0102040810204080ULL) >> 56) << (8 * j);
    }
    return bits;
}

// The same, with one AVX-512 byte test where the CPU has it (a -march=native build).
inline std::uint64_t flag_bits(const std::uint8_t* block) {
#if defined(__AVX512BW__)
    const __m512i flags = _mm512_loadu_si512(block);
    return _mm512_test_epi8_mask(flags, flags);
#else
    return flag_bits_portable(block);
#endif
}

} // namespace chaoslab
