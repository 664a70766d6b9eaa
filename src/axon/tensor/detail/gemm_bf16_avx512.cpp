// The AVX512-BF16 kernel behind gemm_bf16 on CPUs without AMX (AMD Zen 4 and later, Intel
// Cooper Lake). This file alone is compiled for AVX-512 with BF16 (CMake option
// AXON_AVX512_BF16); gemm.cpp calls into it only after avx512_bf16_support.cpp found that the CPU
// and the OS allow it.
//
// One call packs op(A) and op(B) as bf16_packing.hpp lays them out (rounding to bf16 as it goes),
// then computes each block of up to 8 rows x 32 columns of C in 16 zmm accumulators:
//   acc[r][v] += VDPBF16PS(broadcast (A[r][2p], A[r][2p+1]), B panel pairs p, columns 16v..16v+15)
// so each instruction does 32 multiply-adds, twice the float32 FMA's 16.
#include "axon/tensor/detail/gemm_bf16_avx512.hpp"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "axon/tensor/detail/aligned_buffer.hpp"
#include "axon/tensor/detail/bf16_blocks_avx512.hpp"
#include "axon/tensor/detail/bf16_packing.hpp"

namespace axon::detail {
namespace {

using std::size_t;
using Bf16 = std::uint16_t;

constexpr int kRows = 8;  // rows of C per kernel call

// Each packing with 64 bytes of slack past its end.
thread_local AlignedBuffer t_packed_a(64);
thread_local AlignedBuffer t_packed_b(64);

}  // namespace

// 16 x 16 pairs at a time: rows of op(A) come out k-contiguous, 16 pairs a row.
void pack_bf16_a(Transpose trans, const float* a, size_t lda, size_t m, size_t k, Bf16* out) {
  const size_t stride = bf16_a_stride(k);
  __m512i rows[16];
  for (size_t i0 = 0; i0 < m; i0 += 16) {
    const int lines = static_cast<int>(std::min<size_t>(16, m - i0));
    for (size_t k0 = 0; k0 < stride; k0 += 32) {
      const int k_valid = static_cast<int>(std::min<size_t>(32, k - k0));  // k0 < k
      if (trans == Transpose::kNo) {
        load_k_contiguous(a + i0 * lda + k0, lda, lines, k_valid, rows);
      } else {
        load_k_strided(a + k0 * lda + i0, lda, lines, k_valid, rows);
        transpose_16x16(rows);
      }
      for (int l = 0; l < lines; ++l) _mm512_storeu_si512(out + (i0 + l) * stride + k0, rows[l]);
    }
  }
}

// Panels of 32 (or a last 16) columns, 16 pairs of k at a time.
void pack_bf16_b(Transpose trans, const float* b, size_t ldb, size_t n, size_t k, Bf16* out) {
  const size_t pairs = bf16_k_pairs(k);
  __m512i rows[16];
  for (size_t j0 = 0; j0 < n; j0 += kBf16Cols) {
    const size_t width = bf16_panel_width(n, j0);
    Bf16* panel = out + j0 * pairs * 2;
    for (size_t half = 0; half < width / 16; ++half) {
      const size_t jh = j0 + 16 * half;
      const int cols = static_cast<int>(n > jh ? std::min<size_t>(16, n - jh) : 0);
      for (size_t p0 = 0; p0 < pairs; p0 += 16) {
        const int k_valid = static_cast<int>(std::min<size_t>(32, k - 2 * p0));
        if (trans == Transpose::kNo) {
          load_k_strided(b + 2 * p0 * ldb + jh, ldb, cols, k_valid, rows);
        } else {
          load_k_contiguous(b + jh * ldb + 2 * p0, ldb, cols, k_valid, rows);
          transpose_16x16(rows);
        }
        const size_t count = std::min<size_t>(16, pairs - p0);
        for (size_t p = 0; p < count; ++p)
          _mm512_storeu_si512(panel + ((p0 + p) * width + 16 * half) * 2, rows[p]);
      }
    }
  }
}

namespace {

inline __m512bh as_bh(__m512i v) { return reinterpret_cast<__m512bh>(v); }

// C[0..R)[0..cols) = alpha * A[0..R) B(panel) + beta * C. `a` is packed op(A) at row 0 of the
// block (row stride a_stride values), `panel` a packed B panel of 16 NV columns.
template <int R, int NV>
void kernel(const Bf16* a, size_t a_stride, const Bf16* panel, size_t pairs, float* c, size_t ldc,
            int cols, float alpha, float beta) {
  __m512 acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();
  const auto* a32 = reinterpret_cast<const std::uint32_t*>(a);
  const size_t stride32 = a_stride / 2;
  for (size_t p = 0; p < pairs; ++p) {
    __m512i bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_loadu_si512(panel + (p * NV * 16 + v * 16) * 2);
    for (int r = 0; r < R; ++r) {
      const __m512i av = _mm512_set1_epi32(static_cast<int>(a32[r * stride32 + p]));
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_dpbf16_ps(acc[r][v], as_bh(av), as_bh(bv[v]));
    }
  }
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  for (int v = 0; v < NV; ++v) {
    const __mmask16 mask = prefix_mask(cols - 16 * v);
    for (int r = 0; r < R; ++r) {
      float* dst = c + r * ldc + 16 * v;
      __m512 x = _mm512_mul_ps(va, acc[r][v]);
      if (beta != 0.0f)  // With beta == 0, C may be uninitialized: not read.
        x = _mm512_add_ps(x, _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask, dst)));
      _mm512_mask_storeu_ps(dst, mask, x);
    }
  }
}

using Kernel = void (*)(const Bf16*, size_t, const Bf16*, size_t, float*, size_t, int, float,
                        float);

template <int NV, int... R>
constexpr auto kernels_for(std::integer_sequence<int, R...>) {
  return std::array<Kernel, sizeof...(R)>{&kernel<R + 1, NV>...};
}

// kKernels[nv - 1][rows - 1].
constexpr std::array<std::array<Kernel, kRows>, 2> kKernels = {
    kernels_for<1>(std::make_integer_sequence<int, kRows>{}),
    kernels_for<2>(std::make_integer_sequence<int, kRows>{})};

}  // namespace

void gemm_bf16_avx512_packed(size_t m, size_t n, size_t k, float alpha, const Bf16* packed_a,
                             const Bf16* packed_b, float beta, float* c, size_t ldc) {
  const size_t pairs = bf16_k_pairs(k), a_stride = bf16_a_stride(k);
  for (size_t j0 = 0; j0 < n; j0 += kBf16Cols) {
    const size_t nv = bf16_panel_width(n, j0) / 16;
    const int cols = static_cast<int>(std::min<size_t>(kBf16Cols, n - j0));
    const Bf16* panel = packed_b + j0 * pairs * 2;
    for (size_t i0 = 0; i0 < m; i0 += kRows) {
      const size_t rows = std::min<size_t>(kRows, m - i0);
      kKernels[nv - 1][rows - 1](packed_a + i0 * a_stride, a_stride, panel, pairs,
                                 c + i0 * ldc + j0, ldc, cols, alpha, beta);
    }
  }
}

void gemm_bf16_avx512(Transpose trans_a, Transpose trans_b, size_t m, size_t n, size_t k,
                      float alpha, const float* a, size_t lda, const float* b, size_t ldb,
                      float beta, float* c, size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) {
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
    return;
  }
  Bf16* packed_a = t_packed_a.get(bf16_packed_a_size(m, k));
  Bf16* packed_b = t_packed_b.get(bf16_packed_b_size(n, k));
  pack_bf16_a(trans_a, a, lda, m, k, packed_a);
  pack_bf16_b(trans_b, b, ldb, n, k, packed_b);
  gemm_bf16_avx512_packed(m, n, k, alpha, packed_a, packed_b, beta, c, ldc);
}

Bf16* bf16_scratch_a(size_t elems) { return t_packed_a.get(elems); }
Bf16* bf16_scratch_b(size_t elems) { return t_packed_b.get(elems); }

}  // namespace axon::detail
