// The AMX kernel behind gemm_bf16 (gemm_bf16.hpp). This file alone is compiled for AVX-512 and
// AMX (CMake option AXON_AMX); gemm.cpp calls into it only after amx_support.cpp found that the
// CPU and the OS allow both.
//
// One call:
//   1. op(A) is rounded to bf16 and packed into "A tiles": 16 rows x 32 k values (1 KiB each),
//      k contiguous, laid out [m_tile][k_block][16][32].
//   2. op(B) is rounded to bf16 and packed into "B tiles" in the pair-interleaved order TDPBF16PS
//      reads: 16 rows of k pairs, each row holding (B[2p][j], B[2p+1][j]) for 16 columns j, laid
//      out [n_tile][k_block][16 pairs][16 columns][2]. B is packed one panel of 2 tiles (32
//      columns) at a time, right before it is used, so the panel stays in L1/L2.
//   3. Each 32x32 block of C is computed with 4 accumulator tiles (2 A tiles x 2 B tiles):
//      C(i, j) += sum over k pairs of A(i)[., 2p..2p+1] . B(j)[2p..2p+1, .], in float32.
// K is zero-padded to a multiple of 32 and M, N to multiples of 16 inside the packed buffers, so
// the kernel always works on full tiles; the epilogue masks the partial rows and columns of C.
//
// Both packing directions use two loads of a 16x16 block of 32-bit bf16 pairs:
//   load_k_contiguous: 16 source lines, each 32 consecutive k values -> line l = 16 pairs;
//   load_k_strided:    32 source lines, one k value each for 16 consecutive m or n indices,
//                      lines 2p and 2p+1 interleaved -> line p = 16 pairs;
// plus a 16x16 transpose of 32-bit elements:
//   A, not transposed: k_contiguous           B, not transposed: k_strided
//   A, transposed:     k_strided + transpose  B, transposed:     k_contiguous + transpose
#include "axon/tensor/detail/gemm_bf16_amx.hpp"

#include "axon/tensor/detail/aligned_buffer.hpp"
#include "axon/tensor/detail/bf16_blocks_avx512.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>

namespace axon::detail {
namespace {

using Bf16 = std::uint16_t;
using std::size_t;

constexpr int kTileDim = 16;                      // rows (m or n) of a tile
constexpr int kTileK = 32;                        // bf16 k values per tile row (64 bytes)
constexpr size_t kTileElems = kTileDim * kTileK;  // bf16 values per packed tile (1 KiB)
constexpr int kTileStrideBytes = kTileK * 2;      // row stride of a packed tile

// ---------------------------------------------------------------------------------------------
// Aligned scratch memory, one set per thread.

thread_local AlignedBuffer t_packed_a;  // Whole packed op(A) (owned by the calling thread).
thread_local AlignedBuffer t_packed_b;  // One packed panel of op(B).

// ---------------------------------------------------------------------------------------------
// Packing (the 16x16 blocks of bf16 pairs come from bf16_blocks_avx512.hpp).

inline void store_tile(const __m512i rows[16], Bf16* dst) {
  for (int i = 0; i < 16; ++i) _mm512_store_si512(dst + i * kTileK, rows[i]);
}

// Packs row tiles [tile_begin, tile_end) of op(A) (m x k) as [m_tile][k_block][16][32].
void pack_a(Transpose trans, const float* a, size_t lda, size_t m, size_t k, size_t k_blocks,
            size_t tile_begin, size_t tile_end, Bf16* packed) {
  __m512i rows[16];
  for (size_t mt = tile_begin; mt < tile_end; ++mt) {
    const size_t m0 = mt * kTileDim;
    const int m_valid = static_cast<int>(std::min<size_t>(kTileDim, m - m0));
    for (size_t kb = 0; kb < k_blocks; ++kb) {
      const size_t k0 = kb * kTileK;
      const int k_valid = static_cast<int>(std::min<size_t>(kTileK, k - k0));
      if (trans == Transpose::kNo) {  // A is m x k: rows are already k-contiguous.
        load_k_contiguous(a + m0 * lda + k0, lda, m_valid, k_valid, rows);
      } else {  // A is k x m.
        load_k_strided(a + k0 * lda + m0, lda, m_valid, k_valid, rows);
        transpose_16x16(rows);
      }
      store_tile(rows, packed + (mt * k_blocks + kb) * kTileElems);
    }
  }
}

// Packs column tiles [tile_begin, tile_end) of op(B) (k x n) in VNNI order as
// [tile - tile_begin][k_block][16 pairs][16][2].
void pack_b(Transpose trans, const float* b, size_t ldb, size_t n, size_t k, size_t k_blocks,
            size_t tile_begin, size_t tile_end, Bf16* packed) {
  __m512i rows[16];
  for (size_t nt = tile_begin; nt < tile_end; ++nt) {
    const size_t n0 = nt * kTileDim;
    const int n_valid = static_cast<int>(std::min<size_t>(kTileDim, n - n0));
    for (size_t kb = 0; kb < k_blocks; ++kb) {
      const size_t k0 = kb * kTileK;
      const int k_valid = static_cast<int>(std::min<size_t>(kTileK, k - k0));
      if (trans == Transpose::kNo) {  // B is k x n: interleave pairs of rows.
        load_k_strided(b + k0 * ldb + n0, ldb, n_valid, k_valid, rows);
      } else {  // B is n x k: each row gives 16 pairs for one column.
        load_k_contiguous(b + n0 * ldb + k0, ldb, n_valid, k_valid, rows);
        transpose_16x16(rows);
      }
      store_tile(rows, packed + ((nt - tile_begin) * k_blocks + kb) * kTileElems);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Epilogue: C[0..rows)[0..cols) = alpha * acc + beta * C, acc being a dense 16x16 fp32 tile.

void write_tile(const float* acc, float* c, size_t ldc, int rows, int cols, float alpha,
                float beta) {
  const __mmask16 mask = prefix_mask(cols);
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
  for (int i = 0; i < rows; ++i) {
    const __m512 x = _mm512_mul_ps(va, _mm512_load_ps(acc + i * kTileDim));
    float* dst = c + i * ldc;
    if (beta == 0.0f) {  // Do not read C: it may be uninitialized or hold NaNs.
      _mm512_mask_storeu_ps(dst, mask, x);
    } else {
      const __m512 old = _mm512_maskz_loadu_ps(mask, dst);
      _mm512_mask_storeu_ps(dst, mask, _mm512_fmadd_ps(vb, old, x));
    }
  }
}

// C = beta * C (used when k == 0 or alpha == 0).
void scale_c(size_t m, size_t n, float beta, float* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
  }
}

// ---------------------------------------------------------------------------------------------
// AMX micro-kernel. Tile registers: C(i, j) = tmm(2i + j), A(i) = tmm(4 + i), B(j) = tmm(6 + j).
// Tile numbers are immediates of the instructions, hence the spelled-out `if constexpr` chains.

struct alignas(64) TileConfig {
  uint8_t palette_id;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t colsb[16];  // Bytes per row of each tile.
  uint8_t rows[16];    // Rows of each tile.
};
static_assert(sizeof(TileConfig) == 64);

// All 8 tiles are configured as 16 rows x 64 bytes: 16x32 bf16 for A/B, 16x16 fp32 for C.
void load_tile_config() {
  TileConfig cfg{};
  cfg.palette_id = 1;
  for (int t = 0; t < 8; ++t) {
    cfg.colsb[t] = kTileStrideBytes;
    cfg.rows[t] = kTileDim;
  }
  _tile_loadconfig(&cfg);
}

// How the accumulator tiles are initialized and written back.
enum class AccMode {
  kScratch,      // Start from zero, store to a dense scratch buffer (epilogue applies alpha/beta).
  kDirectZero,   // Start from zero, store straight into C (alpha == 1, beta == 0).
  kDirectAccum,  // Load C into the accumulators, store back into C (alpha == 1, beta == 1).
};

// Computes an (MT x NT)-tile block of C. `a` points at row tile 0 of the block (row tile i at
// a + i * a_tile_stride), `b` at column tile 0 (tile j at b + j * b_tile_stride); each of those is
// k_blocks consecutive packed 16x32 tiles. In kScratch mode the result for tile (i, j) goes to
// out + (i * NT + j) * 256 with a row stride of 16 floats; in the direct modes `out` is C itself
// (a full block inside C) with a row stride of ldc floats.
template <int MT, int NT, AccMode kMode>
void amx_kernel(const Bf16* a, size_t a_tile_stride, const Bf16* b, size_t b_tile_stride,
                size_t k_blocks, float* out, size_t ldc) {
  const Bf16* a1 = a + a_tile_stride;
  const Bf16* b1 = b + b_tile_stride;
  constexpr bool kDirect = kMode != AccMode::kScratch;
  const size_t stride = kDirect ? ldc * sizeof(float) : kTileDim * sizeof(float);
  // Start of accumulator tile (i, j) in `out`.
  const size_t step_j = kDirect ? kTileDim : kTileDim * kTileDim;
  const size_t step_i = kDirect ? kTileDim * ldc : NT * kTileDim * kTileDim;
  float* c00 = out;
  float* c01 = out + step_j;
  float* c10 = out + step_i;
  float* c11 = out + step_i + step_j;
  if constexpr (kMode == AccMode::kDirectAccum) {
    _tile_loadd(0, c00, stride);
    if constexpr (NT > 1) _tile_loadd(1, c01, stride);
    if constexpr (MT > 1) _tile_loadd(2, c10, stride);
    if constexpr (MT > 1 && NT > 1) _tile_loadd(3, c11, stride);
  } else {
    _tile_zero(0);
    if constexpr (NT > 1) _tile_zero(1);
    if constexpr (MT > 1) _tile_zero(2);
    if constexpr (MT > 1 && NT > 1) _tile_zero(3);
  }
  for (size_t kb = 0; kb < k_blocks; ++kb) {
    const size_t off = kb * kTileElems;
    _tile_loadd(4, a + off, kTileStrideBytes);
    _tile_loadd(6, b + off, kTileStrideBytes);
    if constexpr (MT > 1) _tile_loadd(5, a1 + off, kTileStrideBytes);
    if constexpr (NT > 1) _tile_loadd(7, b1 + off, kTileStrideBytes);
    _tile_dpbf16ps(0, 4, 6);
    if constexpr (NT > 1) _tile_dpbf16ps(1, 4, 7);
    if constexpr (MT > 1) _tile_dpbf16ps(2, 5, 6);
    if constexpr (MT > 1 && NT > 1) _tile_dpbf16ps(3, 5, 7);
  }
  _tile_stored(0, c00, stride);
  if constexpr (NT > 1) _tile_stored(1, c01, stride);
  if constexpr (MT > 1) _tile_stored(2, c10, stride);
  if constexpr (MT > 1 && NT > 1) _tile_stored(3, c11, stride);
}

// ---------------------------------------------------------------------------------------------
// One call.

struct GemmJob {
  Transpose trans_a, trans_b;
  size_t m, n, k;
  float alpha, beta;
  const float* a;
  size_t lda;
  const float* b;
  size_t ldb;
  float* c;
  size_t ldc;
  size_t k_blocks, m_tiles, n_tiles;
  Bf16* packed_a;
};

// Computes C(row tiles mt..mt+MT, column tiles of the panel) from the packed data.
template <int MT, int NT>
void compute_block(const GemmJob& job, size_t mt, size_t nt, const Bf16* panel) {
  alignas(64) float acc[4 * kTileDim * kTileDim];
  const size_t tile_stride = job.k_blocks * kTileElems;
  const Bf16* a = job.packed_a + mt * tile_stride;
  // Full blocks with alpha == 1 and beta in {0, 1} (the products of training) bypass the scratch
  // buffer and the vector epilogue: the tiles are loaded from and stored to C directly.
  const bool full = (mt + MT) * kTileDim <= job.m && (nt + NT) * kTileDim <= job.n;
  if (full && job.alpha == 1.0f && (job.beta == 0.0f || job.beta == 1.0f)) {
    float* c = job.c + mt * kTileDim * job.ldc + nt * kTileDim;
    if (job.beta == 0.0f)
      amx_kernel<MT, NT, AccMode::kDirectZero>(a, tile_stride, panel, tile_stride, job.k_blocks, c,
                                               job.ldc);
    else
      amx_kernel<MT, NT, AccMode::kDirectAccum>(a, tile_stride, panel, tile_stride, job.k_blocks, c,
                                                job.ldc);
    return;
  }
  amx_kernel<MT, NT, AccMode::kScratch>(a, tile_stride, panel, tile_stride, job.k_blocks, acc, 0);
  for (int i = 0; i < MT; ++i) {
    const size_t m0 = (mt + i) * kTileDim;
    const int rows = static_cast<int>(std::min<size_t>(kTileDim, job.m - m0));
    for (int j = 0; j < NT; ++j) {
      const size_t n0 = (nt + j) * kTileDim;
      const int cols = static_cast<int>(std::min<size_t>(kTileDim, job.n - n0));
      write_tile(acc + (i * NT + j) * kTileDim * kTileDim, job.c + m0 * job.ldc + n0, job.ldc, rows,
                 cols, job.alpha, job.beta);
    }
  }
}

// Packs all of A, then packs and computes B's column panels (2 tiles = 32 columns) one by one.
void run_gemm(GemmJob& job) {
  // The tile configuration is per thread and is zeroed by TILERELEASE: load it on every call.
  load_tile_config();
  pack_a(job.trans_a, job.a, job.lda, job.m, job.k, job.k_blocks, 0, job.m_tiles, job.packed_a);

  Bf16* panel = t_packed_b.get(2 * job.k_blocks * kTileElems);
  for (size_t nt = 0; nt < job.n_tiles; nt += 2) {
    const bool two_n = nt + 1 < job.n_tiles;
    pack_b(job.trans_b, job.b, job.ldb, job.n, job.k, job.k_blocks, nt, nt + (two_n ? 2 : 1),
           panel);
    for (size_t mt = 0; mt < job.m_tiles;) {
      const bool two_m = mt + 1 < job.m_tiles;
      if (two_m && two_n) {
        compute_block<2, 2>(job, mt, nt, panel);
      } else if (two_m) {
        compute_block<2, 1>(job, mt, nt, panel);
      } else if (two_n) {
        compute_block<1, 2>(job, mt, nt, panel);
      } else {
        compute_block<1, 1>(job, mt, nt, panel);
      }
      mt += two_m ? 2 : 1;
    }
  }
  // Return the tile state to INIT so context switches do not have to save 8 KiB of tile data.
  _tile_release();
}

}  // namespace

void gemm_bf16_amx(Transpose trans_a, Transpose trans_b, size_t m, size_t n, size_t k, float alpha,
                   const float* a, size_t lda, const float* b, size_t ldb, float beta, float* c,
                   size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) {
    scale_c(m, n, beta, c, ldc);
    return;
  }
  GemmJob job{.trans_a = trans_a,
              .trans_b = trans_b,
              .m = m,
              .n = n,
              .k = k,
              .alpha = alpha,
              .beta = beta,
              .a = a,
              .lda = lda,
              .b = b,
              .ldb = ldb,
              .c = c,
              .ldc = ldc,
              .k_blocks = (k + kTileK - 1) / kTileK,
              .m_tiles = (m + kTileDim - 1) / kTileDim,
              .n_tiles = (n + kTileDim - 1) / kTileDim,
              .packed_a = nullptr};
  job.packed_a = t_packed_a.get(job.m_tiles * job.k_blocks * kTileElems);
  run_gemm(job);
}

}  // namespace axon::detail
