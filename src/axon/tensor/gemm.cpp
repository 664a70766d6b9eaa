// Matrix products through OpenBLAS's CBLAS or, in bf16 precision, the AMX kernel (or its stub:
// detail/gemm_bf16_amx.hpp); and the reference loop both are tested against.
#include "axon/tensor/gemm.hpp"

#include <cblas.h>

#include <limits>

#include "axon/tensor/blas_buffers.hpp"
#include "axon/tensor/detail/gemm_bf16_amx.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {
namespace {

constexpr std::size_t kMaxBlasSize = std::numeric_limits<int>::max();

}  // namespace

bool bf16_gemm_available() { return detail::amx_unavailable_reason().empty(); }

std::string bf16_gemm_unavailable_reason() { return detail::amx_unavailable_reason(); }

void gemm_bf16(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
               float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
               float beta, float* c, std::size_t ldc) {
  check(bf16_gemm_available(), "gemm_bf16: {}", detail::amx_unavailable_reason());
  detail::gemm_bf16_amx(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  // set_matmul_precision admits kBfloat16 only where bf16_gemm_available().
  if (matmul_precision() == MatmulPrecision::kBfloat16 && m * n * k >= kBf16MinMultiplyAdds) {
    detail::gemm_bf16_amx(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  check(m <= kMaxBlasSize && n <= kMaxBlasSize && k <= kMaxBlasSize && lda <= kMaxBlasSize &&
            ldb <= kMaxBlasSize && ldc <= kMaxBlasSize,
        "gemm: sizes {} x {} x {} (leading dimensions {}, {}, {}) exceed OpenBLAS's int", m, n, k,
        lda, ldb, ldc);
  prepare_blas_buffers();
  cblas_sgemm(CblasRowMajor, trans_a == Transpose::kYes ? CblasTrans : CblasNoTrans,
              trans_b == Transpose::kYes ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
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
