// Eigen's dense and sparse modules, included with GCC 12's false AVX-512 header warnings silenced
// (the deliberate `__Y = __Y` of _mm512_undefined_* in avx512fintrin.h, reported wherever Eigen
// inlines those intrinsics under -march=native); our own code keeps every warning.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#include <Eigen/Sparse>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
