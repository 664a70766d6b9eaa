// Matrix products. `gemm` is the tuned path (OpenBLAS's sgemm, or a bf16 kernel: gemm_bf16.hpp),
// run in chunks of C on axon's compute pool (thread_pool.hpp); `gemm_reference` is the plain
// triple loop it is tested against.
//
//   C = alpha * op(A) op(B) + beta * C     op(A): (m, k)   op(B): (k, n)   C: (m, n)
//
// All matrices are row-major; `lda`, `ldb`, `ldc` are row strides in elements.
#pragma once

#include <cstddef>

namespace axon {

enum class Transpose { kNo, kYes };

class PackedOperand;  // packed_operand.hpp

/// Products of fewer multiply-adds than this are one chunk, on the calling thread.
inline constexpr std::size_t kChunkMultiplyAdds = std::size_t{2} << 20;
inline constexpr std::size_t kMaxChunks = 4;
/// Chunks are whole multiples of this many rows or columns (the kernels' register blocks).
inline constexpr std::size_t kChunkAlign = 16;

/// Which side of C gemm cuts into chunks. kLonger: the longer one, so that the operand every
/// chunk packs again is the smaller. A layer names a side to keep its parameters' rows on one
/// thread from step to step (the compute pool runs chunk i of equal jobs on the same thread):
/// Dense cuts Z = X W^T by columns and dW = dZ^T X by rows, so one thread reads and updates rows
/// of W, dW and the optimizer's moments that no other thread touches (docs/performance.md).
enum class SplitSide { kLonger, kRows, kColumns };

/// How gemm cuts C into chunks: `chunks` runs of `step` rows (or columns when !rows), the last
/// shorter. A function of the shape and the side asked for alone, never of the thread count, so a
/// product's result is the same whichever threads and how many run its chunks.
struct ProductSplit {
  bool rows;
  std::size_t chunks;
  std::size_t step;
};
ProductSplit split_product(std::size_t m, std::size_t n, std::size_t k,
                           SplitSide side = SplitSide::kLonger);

void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc, SplitSide side = SplitSide::kLonger);

/// gemm with op(B) kept packed in `kept_b` for later products with the same B: packed on the
/// first call and after each kept_b.reset(), reused by the calls in between. The caller resets
/// kept_b whenever B may have changed. The result is bit for bit gemm's; only the AVX512-BF16
/// kernel keeps a packing (fp32, AMX and products too small for bf16 ignore kept_b).
void gemm(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta,
          float* c, std::size_t ldc, PackedOperand& kept_b, SplitSide side = SplitSide::kLonger);

void gemm_reference(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                    std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                    std::size_t ldb, float beta, float* c, std::size_t ldc);

}  // namespace axon
