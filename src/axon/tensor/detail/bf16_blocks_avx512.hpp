// 16x16 blocks of bf16 pairs loaded from float matrices, shared by the two bf16 kernels
// (gemm_bf16_amx.cpp, gemm_bf16_avx512.cpp). Include only from files compiled for AVX-512 F, BW
// and BF16. All conversions use VCVTNE2PS2BF16 (round to nearest even; denormals are flushed to
// zero by the instruction).
#pragma once

#include <immintrin.h>

#include <cstddef>

namespace axon::detail {

inline __mmask16 prefix_mask(int count) {  // Lowest min(max(count, 0), 16) bits set.
  if (count <= 0) return 0;
  if (count >= 16) return 0xFFFF;
  return static_cast<__mmask16>((1u << count) - 1);
}

// Converts two fp32 vectors to one vector of 32 bf16: lo -> elements 0..15, hi -> 16..31.
inline __m512i to_bf16(__m512 lo, __m512 hi) {
  return reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo));
}

// out[l] = the 32 bf16 values src[l*ld + 0 .. 31] (16 pairs along k) for l < lines; values with
// index >= k_valid and lines >= `lines` are zero.
inline void load_k_contiguous(const float* src, std::size_t ld, int lines, int k_valid,
                              __m512i out[16]) {
  const __mmask16 mask_lo = prefix_mask(k_valid);
  const __mmask16 mask_hi = prefix_mask(k_valid - 16);
  for (int l = 0; l < 16; ++l) {
    if (l < lines) {
      const float* p = src + static_cast<std::size_t>(l) * ld;
      out[l] = to_bf16(_mm512_maskz_loadu_ps(mask_lo, p), _mm512_maskz_loadu_ps(mask_hi, p + 16));
    } else {
      out[l] = _mm512_setzero_si512();
    }
  }
}

// out[p] element w = the pair (src[(2p)*ld + w], src[(2p+1)*ld + w]) for w < width and source
// line < k_valid, zero otherwise.
inline void load_k_strided(const float* src, std::size_t ld, int width, int k_valid,
                           __m512i out[16]) {
  // Interleaves the two 16-value halves: result[2w] = x[w], result[2w+1] = x[16 + w].
  const __m512i interleave =
      _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8,  //
                       23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
  const __mmask16 mask = prefix_mask(width);
  const __m512 zero = _mm512_setzero_ps();
  for (int p = 0; p < 16; ++p) {
    const int l0 = 2 * p;
    const __m512 even = l0 < k_valid ? _mm512_maskz_loadu_ps(mask, src + l0 * ld) : zero;
    const __m512 odd = l0 + 1 < k_valid ? _mm512_maskz_loadu_ps(mask, src + (l0 + 1) * ld) : zero;
    out[p] = _mm512_permutexvar_epi16(interleave, to_bf16(even, odd));
  }
}

// In-place transpose of a 16x16 matrix of 32-bit elements held in 16 zmm registers.
inline void transpose_16x16(__m512i r[16]) {
  __m512i t[16];
  for (int i = 0; i < 16; i += 2) {  // 2x2 blocks of 32-bit elements.
    t[i] = _mm512_maskz_unpacklo_epi32(0xffff, r[i], r[i + 1]);
    t[i + 1] = _mm512_maskz_unpackhi_epi32(0xffff, r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {  // Each 128-bit lane now holds a transposed 4x4 block.
    r[i] = _mm512_maskz_unpacklo_epi64(0xff, t[i], t[i + 2]);
    r[i + 1] = _mm512_maskz_unpackhi_epi64(0xff, t[i], t[i + 2]);
    r[i + 2] = _mm512_maskz_unpacklo_epi64(0xff, t[i + 1], t[i + 3]);
    r[i + 3] = _mm512_maskz_unpackhi_epi64(0xff, t[i + 1], t[i + 3]);
  }
  // r[4g + j] lane L holds column 4L + j of rows 4g..4g+3; gather the four lanes L of each j.
  for (int j = 0; j < 4; ++j) {
    const __m512i s0 = _mm512_maskz_shuffle_i32x4(0xffff, r[j], r[4 + j], 0x88);  // Lanes 0, 2.
    const __m512i s1 = _mm512_maskz_shuffle_i32x4(0xffff, r[j], r[4 + j], 0xDD);  // Lanes 1, 3.
    const __m512i s2 =
        _mm512_maskz_shuffle_i32x4(0xffff, r[8 + j], r[12 + j], 0x88);  // Lanes 0, 2.
    const __m512i s3 =
        _mm512_maskz_shuffle_i32x4(0xffff, r[8 + j], r[12 + j], 0xDD);  // Lanes 1, 3.
    t[j] = _mm512_maskz_shuffle_i32x4(0xffff, s0, s2, 0x88);
    t[8 + j] = _mm512_maskz_shuffle_i32x4(0xffff, s0, s2, 0xDD);
    t[4 + j] = _mm512_maskz_shuffle_i32x4(0xffff, s1, s3, 0x88);
    t[12 + j] = _mm512_maskz_shuffle_i32x4(0xffff, s1, s3, 0xDD);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

}  // namespace axon::detail
