// Matrix products through OpenBLAS's CBLAS or, in bf16 precision, the AMX kernel or else the
// AVX512-BF16 one (or their stubs: detail/gemm_bf16_amx.hpp, detail/gemm_bf16_avx512.hpp); and
// the reference loop they are tested against.
#include "axon/tensor/gemm.hpp"

#include <cblas.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "axon/tensor/blas_buffers.hpp"
#include "axon/tensor/detail/bf16_packing.hpp"
#include "axon/tensor/detail/gemm_bf16_amx.hpp"
#include "axon/tensor/detail/gemm_bf16_avx512.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/packed_operand.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/tensor/thread_pool.hpp"

namespace axon {
namespace {

constexpr std::size_t kMaxBlasSize = std::numeric_limits<int>::max();

// The bf16 kernel to use: AMX where it runs, else AVX512-BF16, else none.
Bf16Kernel detect_bf16_kernel() {
  if (detail::amx_unavailable_reason().empty()) return Bf16Kernel::kAmx;
  if (detail::avx512_bf16_unavailable_reason().empty()) return Bf16Kernel::kAvx512;
  return Bf16Kernel::kNone;
}

}  // namespace

Bf16Kernel bf16_kernel() {
  static const Bf16Kernel kernel = detect_bf16_kernel();
  return kernel;
}

bool bf16_gemm_available() { return bf16_kernel() != Bf16Kernel::kNone; }

std::string bf16_gemm_unavailable_reason() {
  if (bf16_gemm_available()) return "";
  // Without AMX the AVX512-BF16 check names both (or says what the OS lacks).
  return detail::avx512_bf16_unavailable_reason();
}

void gemm_bf16(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
               float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
               float beta, float* c, std::size_t ldc) {
  switch (bf16_kernel()) {
    case Bf16Kernel::kAmx:
      detail::gemm_bf16_amx(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      return;
    case Bf16Kernel::kAvx512:
      detail::gemm_bf16_avx512(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      return;
    case Bf16Kernel::kNone:
      break;
  }
  throw Error("gemm_bf16: " + bf16_gemm_unavailable_reason());
}

namespace {

// One chunk of a product on the calling thread: bf16 kernel or OpenBLAS's sgemm.
void gemm_block(bool bf16, Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                std::size_t ldb, float beta, float* c, std::size_t ldc) {
  if (bf16) {
    gemm_bf16(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // One row stays sgemm, though sgemv is six times faster there (docs/performance.md): sgemv sums
  // in another order, and scikit-learn's estimator checks ask predict on one row to give that
  // row's outputs of a larger batch.
  cblas_sgemm(CblasRowMajor, trans_a == Transpose::kYes ? CblasTrans : CblasNoTrans,
              trans_b == Transpose::kYes ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

// OpenBLAS runs single-threaded: the compute pool owns the cores.
void use_single_threaded_blas() {
  static const bool done = [] {
    openblas_set_num_threads(1);
    return true;
  }();
  (void)done;
}

// The chunks of an AVX512-BF16 product share one packing of the operand they all read (op(B)
// when split by rows, op(A) by columns), made by the caller in its packing buffer; each chunk
// packs its own part of the other operand in its thread's buffer. `packed_b`, when not null, is
// op(B) packed already (PackedOperand): nothing of B is packed, and a split by columns is cut at
// its panels. Every element of C is computed as gemm_bf16_avx512 computes it, so the result does
// not depend on the chunks.
void gemm_bf16_avx512_chunked(ProductSplit split, Transpose trans_a, Transpose trans_b,
                              std::size_t m, std::size_t n, std::size_t k, float alpha,
                              const float* a, std::size_t lda, const float* b, std::size_t ldb,
                              float beta, float* c, std::size_t ldc,
                              const std::uint16_t* packed_b) {
  using detail::bf16_packed_a_size, detail::bf16_packed_b_size;
  if (split.rows || split.chunks == 1) {
    if (packed_b == nullptr) {
      std::uint16_t* scratch = detail::bf16_scratch_b(bf16_packed_b_size(n, k));
      detail::pack_bf16_b(trans_b, b, ldb, n, k, scratch);
      packed_b = scratch;
    }
    const std::size_t step = split.rows ? split.step : m;
    const std::size_t chunks = split.rows ? split.chunks : 1;
    compute_pool().run(chunks, [&](std::size_t i) {
      const std::size_t begin = i * step, rows = std::min(step, m - begin);
      std::uint16_t* packed_a = detail::bf16_scratch_a(bf16_packed_a_size(rows, k));
      detail::pack_bf16_a(trans_a, trans_a == Transpose::kYes ? a + begin : a + begin * lda, lda,
                          rows, k, packed_a);
      detail::gemm_bf16_avx512_packed(rows, n, k, alpha, packed_a, packed_b, beta, c + begin * ldc,
                                      ldc);
    });
    return;
  }
  std::uint16_t* packed_a = detail::bf16_scratch_a(bf16_packed_a_size(m, k));
  detail::pack_bf16_a(trans_a, a, lda, m, k, packed_a);
  if (packed_b != nullptr) {  // Chunks of whole panels: panel j0 starts at j0 pairs(k) 2.
    split.step = (split.step + detail::kBf16Cols - 1) / detail::kBf16Cols * detail::kBf16Cols;
    split.chunks = (n + split.step - 1) / split.step;
  }
  compute_pool().run(split.chunks, [&](std::size_t i) {
    const std::size_t begin = i * split.step, cols = std::min(split.step, n - begin);
    if (packed_b != nullptr) {
      detail::gemm_bf16_avx512_packed(m, cols, k, alpha, packed_a,
                                      packed_b + begin * detail::bf16_k_pairs(k) * 2, beta,
                                      c + begin, ldc);
      return;
    }
    std::uint16_t* chunk_b = detail::bf16_scratch_b(bf16_packed_b_size(cols, k));
    detail::pack_bf16_b(trans_b, trans_b == Transpose::kYes ? b + begin * ldb : b + begin, ldb,
                        cols, k, chunk_b);
    detail::gemm_bf16_avx512_packed(m, cols, k, alpha, packed_a, chunk_b, beta, c + begin, ldc);
  });
}

}  // namespace

ProductSplit split_product(std::size_t m, std::size_t n, std::size_t k, SplitSide side) {
  const std::size_t work = m * n * k;
  std::size_t chunks = std::clamp<std::size_t>(work / kChunkMultiplyAdds, 1, kMaxChunks);
  // Splitting rows makes every chunk pack all of op(B) (k x n), splitting columns all of op(A)
  // (m x k): unless a side is asked for, split the longer side, so the operand packed again is
  // the smaller one. A side too short for two aligned chunks is not split.
  bool rows = m >= n;
  if (side == SplitSide::kRows && m >= 2 * kChunkAlign) rows = true;
  if (side == SplitSide::kColumns && n >= 2 * kChunkAlign) rows = false;
  const std::size_t length = rows ? m : n;
  const std::size_t step = (length + chunks - 1) / chunks;
  const std::size_t aligned =
      std::max<std::size_t>(kChunkAlign, (step + kChunkAlign - 1) / kChunkAlign * kChunkAlign);
  chunks = (length + aligned - 1) / aligned;
  return {.rows = rows, .chunks = chunks, .step = aligned};
}

namespace {

void gemm_impl(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
               float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
               float beta, float* c, std::size_t ldc, PackedOperand* kept_b, SplitSide side) {
  if (m == 0 || n == 0) return;
  // set_matmul_precision admits kBfloat16 only where bf16_gemm_available().
  const bool bf16 =
      matmul_precision() == MatmulPrecision::kBfloat16 && m * n * k >= kBf16MinMultiplyAdds;
  if (!bf16) {
    check(m <= kMaxBlasSize && n <= kMaxBlasSize && k <= kMaxBlasSize && lda <= kMaxBlasSize &&
              ldb <= kMaxBlasSize && ldc <= kMaxBlasSize,
          "gemm: sizes {} x {} x {} (leading dimensions {}, {}, {}) exceed OpenBLAS's int", m, n, k,
          lda, ldb, ldc);
    use_single_threaded_blas();
    prepare_blas_buffers();
  }
  const ProductSplit split = split_product(m, n, k, side);
  const bool avx512 = bf16 && bf16_kernel() == Bf16Kernel::kAvx512 && k > 0 && alpha != 0.0f;
  if (avx512 && (split.chunks > 1 || kept_b != nullptr)) {
    const std::uint16_t* packed_b =
        kept_b != nullptr ? kept_b->bf16_b(trans_b, b, ldb, n, k) : nullptr;
    gemm_bf16_avx512_chunked(split, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                             packed_b);
    return;
  }
  if (split.chunks == 1) {
    gemm_block(bf16, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // Chunk i is rows (or columns) [i step, (i + 1) step) of C: op(A)'s rows or op(B)'s columns.
  compute_pool().run(split.chunks, [&](std::size_t i) {
    const std::size_t begin = i * split.step;
    if (split.rows) {
      const std::size_t rows = std::min(split.step, m - begin);
      const float* a_rows = trans_a == Transpose::kYes ? a + begin : a + begin * lda;
      gemm_block(bf16, trans_a, trans_b, rows, n, k, alpha, a_rows, lda, b, ldb, beta,
                 c + begin * ldc, ldc);
    } else {
      const std::size_t cols = std::min(split.step, n - begin);
      const float* b_cols = trans_b == Transpose::kYes ? b + begin * ldb : b + begin;
      gemm_block(bf16, trans_a, trans_b, m, cols, k, alpha, a, lda, b_cols, ldb, beta, c + begin,
                 ldc);
    }
  });
}

}  // namespace

void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc, SplitSide side) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nullptr, side);
}

void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc, PackedOperand& kept_b, SplitSide side) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &kept_b, side);
}

void gemm_reference(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                    std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                    std::size_t ldb, float beta, float* c, std::size_t ldc) {
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t p = 0; p < k; ++p) {
        float av = trans_a == Transpose::kYes ? a[p * lda + i] : a[i * lda + p];
        float bv = trans_b == Transpose::kYes ? b[j * ldb + p] : b[p * ldb + j];
        sum += static_cast<double>(av) * bv;
      }
      float prior = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
      c[i * ldc + j] = alpha * static_cast<float>(sum) + prior;
    }
  }
}

}  // namespace axon
