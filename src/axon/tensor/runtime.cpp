// Backend settings: OpenBLAS threads and the x86 MXCSR denormal flags.
#include "axon/tensor/runtime.hpp"

#include <cblas.h>

#if defined(__x86_64__) || defined(__i386__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#endif

#include "axon/tensor/error.hpp"

namespace axon {

void set_num_threads(int threads) {
  check(threads >= 1, "threads must be >= 1, got {}", threads);
  openblas_set_num_threads(threads);
}

int num_threads() { return openblas_get_num_threads(); }

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
