// The operand layout of the AVX512-BF16 kernel (gemm_bf16_avx512.cpp), written out in portable
// scalar code: the rounding to bf16, the packing of op(A) and op(B), and a scalar emulation of the
// kernel on those packs. The tests check the emulation against the reference loop on any CPU and
// the vector packing against this one where the CPU has AVX512-BF16.
//
//   op(A) (m x k) -> row-major bf16 with a row stride of bf16_a_stride(k) values (k rounded up
//                    to a multiple of 32, zero after k): the kernel broadcasts one k pair
//                    (A[i][2p], A[i][2p+1]) of a row at a time.
//   op(B) (k x n) -> column panels of kBf16Cols columns: panel j holds, for each k pair p, the
//                    pairs (B[2p][c], B[2p+1][c]) of its columns c, laid out [panel][p][col][2]
//                    (the order VDPBF16PS reads); the last panel is 16 wide when at most 16
//                    columns are left, with the missing columns zero.
// An odd k is padded with a zero k value.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "axon/tensor/gemm.hpp"

namespace axon::detail {

inline constexpr std::size_t kBf16Cols = 32;  // columns of op(B) per panel (two zmm of floats)

/// The bf16 bits of `v` as VCVTNE2PS2BF16 makes them: round to nearest even, denormals to
/// (signed) zero, NaN kept a quiet NaN.
inline std::uint16_t to_bf16_bits(float v) {
  const auto bits = std::bit_cast<std::uint32_t>(v);
  if (std::isnan(v)) return static_cast<std::uint16_t>((bits >> 16) | 0x40u);
  if (std::fpclassify(v) == FP_SUBNORMAL) return static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  return static_cast<std::uint16_t>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

inline float bf16_bits_to_float(std::uint16_t bits) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

/// k pairs of a packed operand: k rounded up to even, halved.
inline std::size_t bf16_k_pairs(std::size_t k) { return (k + 1) / 2; }

/// Width of the panel of op(B) starting at column j0 (kBf16Cols, or 16 for a narrow last panel).
inline std::size_t bf16_panel_width(std::size_t n, std::size_t j0) {
  return n - j0 <= 16 ? 16 : kBf16Cols;
}

/// Row stride, in bf16 values, of packed op(A): k rounded up to a multiple of 32.
inline std::size_t bf16_a_stride(std::size_t k) { return (k + 31) / 32 * 32; }

/// bf16 values in the packs of op(A) (m x k) and op(B) (k x n).
inline std::size_t bf16_packed_a_size(std::size_t m, std::size_t k) { return m * bf16_a_stride(k); }
inline std::size_t bf16_packed_b_size(std::size_t n, std::size_t k) {
  const std::size_t full = n / kBf16Cols * kBf16Cols;
  return (full + (n > full ? bf16_panel_width(n, full) : 0)) * bf16_k_pairs(k) * 2;
}

/// Element (i, p) of op(X), X row-major with row stride ld.
inline float op_element(Transpose trans, const float* x, std::size_t ld, std::size_t i,
                        std::size_t p) {
  return trans == Transpose::kYes ? x[p * ld + i] : x[i * ld + p];
}

/// Packs op(A) (m x k) into `out` (bf16_packed_a_size values), layout above.
inline void pack_a_scalar(Transpose trans, const float* a, std::size_t lda, std::size_t m,
                          std::size_t k, std::uint16_t* out) {
  const std::size_t stride = bf16_a_stride(k);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t kk = 0; kk < stride; ++kk)
      out[i * stride + kk] = kk < k ? to_bf16_bits(op_element(trans, a, lda, i, kk)) : 0;
}

/// Packs op(B) (k x n) into `out` (bf16_packed_b_size values), layout above.
inline void pack_b_scalar(Transpose trans, const float* b, std::size_t ldb, std::size_t n,
                          std::size_t k, std::uint16_t* out) {
  const std::size_t pairs = bf16_k_pairs(k);
  for (std::size_t j0 = 0; j0 < n; j0 += kBf16Cols) {
    const std::size_t width = bf16_panel_width(n, j0);
    std::uint16_t* panel = out + j0 * pairs * 2;
    // op(B)[kk][j] is B[j][kk] when B is transposed: op_element with the roles swapped.
    const Transpose swapped = trans == Transpose::kYes ? Transpose::kNo : Transpose::kYes;
    for (std::size_t p = 0; p < pairs; ++p)
      for (std::size_t col = 0; col < width; ++col)
        for (std::size_t h = 0; h < 2; ++h) {
          const std::size_t kk = 2 * p + h, j = j0 + col;
          panel[(p * width + col) * 2 + h] =
              kk < k && j < n ? to_bf16_bits(op_element(swapped, b, ldb, j, kk)) : 0;
        }
  }
}

/// What one VDPBF16PS lane does: acc + a1 b1 + a0 b0 in float32 (each bf16 product is exact in
/// float32), the odd pair first as Intel's description has it; a denormal result becomes zero.
inline float bf16_dot_pair(float acc, const std::uint16_t* a, const std::uint16_t* b) {
  float sum = acc + bf16_bits_to_float(a[1]) * bf16_bits_to_float(b[1]);
  sum = sum + bf16_bits_to_float(a[0]) * bf16_bits_to_float(b[0]);
  return std::fpclassify(sum) == FP_SUBNORMAL ? std::copysign(0.0f, sum) : sum;
}

/// C = alpha op(A) op(B) + beta C computed as the vector kernel does, from the scalar packs
/// (`packed_a`, `packed_b` as made by pack_a_scalar and pack_b_scalar). With beta == 0, C is not
/// read.
inline void gemm_bf16_emulated(std::size_t m, std::size_t n, std::size_t k, float alpha,
                               const std::uint16_t* packed_a, const std::uint16_t* packed_b,
                               float beta, float* c, std::size_t ldc) {
  const std::size_t pairs = bf16_k_pairs(k), stride = bf16_a_stride(k);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t j0 = j / kBf16Cols * kBf16Cols;
      const std::size_t width = bf16_panel_width(n, j0);
      const std::uint16_t* panel = packed_b + j0 * pairs * 2;
      float acc = 0.0f;
      for (std::size_t p = 0; p < pairs; ++p)
        acc = bf16_dot_pair(acc, packed_a + i * stride + 2 * p, panel + (p * width + (j - j0)) * 2);
      const float product = alpha * acc;
      c[i * ldc + j] = beta == 0.0f ? product : product + beta * c[i * ldc + j];
    }
  }
}

}  // namespace axon::detail
