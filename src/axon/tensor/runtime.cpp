// Backend settings: the compute pool's threads, the products' precision and the x86 MXCSR
// denormal flags.
#include "axon/tensor/runtime.hpp"

#include <atomic>

#if defined(__x86_64__) || defined(__i386__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#endif

#include "axon/tensor/blas_buffers.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/thread_pool.hpp"

namespace axon {

void set_num_threads(int threads) {
  check(threads >= 1, "threads must be >= 1, got {}", threads);
  // Under an address-space limit, only the threads whose buffers fit (blas_buffers.hpp): each
  // thread of the pool calls sgemm, and OpenBLAS maps a buffer for each concurrent call.
  resize_compute_pool(blas_threads_that_fit(threads));
  reset_blas_buffers();  // more threads may need more buffers
}

int num_threads() { return compute_pool_threads(); }

namespace {
std::atomic<MatmulPrecision> g_matmul_precision{MatmulPrecision::kFloat32};
}  // namespace

void set_matmul_precision(MatmulPrecision precision) {
  check(precision == MatmulPrecision::kFloat32 || bf16_gemm_available(),
        "bf16 matrix products are unavailable: {}; use fp32", bf16_gemm_unavailable_reason());
  g_matmul_precision.store(precision, std::memory_order_relaxed);
}

MatmulPrecision matmul_precision() { return g_matmul_precision.load(std::memory_order_relaxed); }

MatmulPrecision parse_matmul_precision(const std::string& name) {
  if (name == "fp32" || name == "float32") return MatmulPrecision::kFloat32;
  if (name == "bf16" || name == "bfloat16") return MatmulPrecision::kBfloat16;
  throw Error(fmt::format("unknown matmul precision '{}' (expected fp32 or bf16)", name));
}

std::string to_string(MatmulPrecision precision) {
  return precision == MatmulPrecision::kBfloat16 ? "bf16" : "fp32";
}

MatmulPrecisionScope::MatmulPrecisionScope(MatmulPrecision precision) : saved_(matmul_precision()) {
  set_matmul_precision(precision);
}

MatmulPrecisionScope::~MatmulPrecisionScope() { set_matmul_precision(saved_); }

void enable_flush_to_zero() {
#if defined(__x86_64__) || defined(__i386__)
  _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
  _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
#endif
}

FlushToZeroScope::FlushToZeroScope() {
#if defined(__x86_64__) || defined(__i386__)
  saved_ = _mm_getcsr();
#endif
  enable_flush_to_zero();
}

FlushToZeroScope::~FlushToZeroScope() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_setcsr(saved_);
#endif
}

}  // namespace axon
