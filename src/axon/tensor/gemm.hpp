// Matrix products. `gemm` is the tuned path (OpenBLAS's sgemm); `gemm_reference` is the plain
// triple loop it is tested against.
//
//   C = alpha * op(A) op(B) + beta * C     op(A): (m, k)   op(B): (k, n)   C: (m, n)
//
// All matrices are row-major; `lda`, `ldb`, `ldc` are row strides in elements.
#pragma once

#include <cstddef>

namespace axon {

enum class Transpose { kNo, kYes };

void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc);

void gemm_reference(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                    std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                    std::size_t ldb, float beta, float* c, std::size_t ldc);

}  // namespace axon
