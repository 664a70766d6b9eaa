// Process-wide settings of the compute backend: thread count, the precision of the matrix
// products and denormal handling.
#pragma once

#include <string>

namespace axon {

/// Sets the threads of the matrix products, the Adam and SGD updates and zeroing the gradients
/// (axon's compute pool, thread_pool.hpp, parallel_ranges.hpp; OpenBLAS runs single-threaded inside
/// each chunk). Results do not depend on it: the same seed gives the same weights on 1 thread and
/// on 2. `threads` must be >= 1; the default is one per core.
void set_num_threads(int threads);
int num_threads();

/// What the matrix products compute in. kFloat32 (the default) is OpenBLAS's sgemm. kBfloat16
/// rounds the inputs of each product to bfloat16 (8 significant bits) and accumulates in float32
/// on the CPU's AMX tiles or with its AVX512-BF16 dot products (gemm_bf16.hpp); weights,
/// gradients and optimizer state stay float32, as in mixed-precision training. Products too small
/// to gain stay float32.
enum class MatmulPrecision { kFloat32, kBfloat16 };
/// Throws naming what is missing when kBfloat16 is asked on a CPU without AMX-BF16 or
/// AVX512-BF16.
void set_matmul_precision(MatmulPrecision precision);
MatmulPrecision matmul_precision();
/// "fp32" or "bf16", as the command's --matmul flag spells them.
MatmulPrecision parse_matmul_precision(const std::string& name);
std::string to_string(MatmulPrecision precision);

/// Sets the matrix-product precision while it lives, restoring the previous one after.
class MatmulPrecisionScope {
 public:
  explicit MatmulPrecisionScope(MatmulPrecision precision);
  ~MatmulPrecisionScope();
  MatmulPrecisionScope(const MatmulPrecisionScope&) = delete;
  MatmulPrecisionScope& operator=(const MatmulPrecisionScope&) = delete;

 private:
  MatmulPrecision saved_;
};

/// Flushes denormal floats to zero on this thread (FTZ/DAZ). Tiny Adam moments otherwise slow
/// training by 10-25% on x86 for no change in accuracy.
void enable_flush_to_zero();

/// Turns flush-to-zero on for the calling thread while it lives and restores the thread's previous
/// setting when it ends; Sequential::fit and train_step hold one.
class FlushToZeroScope {
 public:
  FlushToZeroScope();
  ~FlushToZeroScope();
  FlushToZeroScope(const FlushToZeroScope&) = delete;
  FlushToZeroScope& operator=(const FlushToZeroScope&) = delete;

 private:
  unsigned int saved_ = 0;
};

}  // namespace axon
