// Matrix products through OpenBLAS's CBLAS or, in bf16 precision, the AMX kernel; the check that
// the CPU and the OS allow AMX; and the reference loop both are tested against.
#include "axon/tensor/gemm.hpp"

#include <cblas.h>

#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/runtime.hpp"

#if AXON_HAVE_AMX
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace axon {

namespace detail {
// gemm_bf16.cpp, compiled for AMX.
void gemm_bf16_amx(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                   std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                   std::size_t ldb, float beta, float* c, std::size_t ldc);
}  // namespace detail

namespace {

#if AXON_HAVE_AMX
// CPUID: OSXSAVE, AVX-512 F, BW and VL (packing), AVX512-BF16 (the rounding), AMX-TILE and
// AMX-BF16; XCR0 must show the OS saving the AVX-512 state. Linux then hands out the 8 KiB of
// tile data only on request (arch_prctl ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA); without it the
// first tile instruction raises SIGILL. The permission covers every thread of the process.
bool detect_amx_bf16() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !((ecx >> 27) & 1)) return false;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  const bool avx512 = ((ebx >> 16) & 1) && ((ebx >> 30) & 1) && ((ebx >> 31) & 1);
  const bool amx = ((edx >> 22) & 1) && ((edx >> 24) & 1);
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return false;
  const bool avx512_bf16 = (eax >> 5) & 1;
  if (!(avx512 && amx && avx512_bf16)) return false;
  unsigned xcr0_low = 0, xcr0_high = 0;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0xe6) != 0xe6) return false;  // SSE, AVX and the three AVX-512 states
  constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtileData = 18;
  return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtileData) == 0;
}
#endif

}  // namespace

bool bf16_gemm_available() {
#if AXON_HAVE_AMX
  static const bool available = detect_amx_bf16();
  return available;
#else
  return false;
#endif
}

void gemm_bf16(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
               float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
               float beta, float* c, std::size_t ldc) {
  check(bf16_gemm_available(), "gemm_bf16: this CPU has no usable AMX-BF16 tiles");
#if AXON_HAVE_AMX
  detail::gemm_bf16_amx(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#endif
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
