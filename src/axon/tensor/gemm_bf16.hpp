// Matrix products on bfloat16 inputs with float32 accumulation, on Intel AMX tiles (Sapphire
// Rapids and later) or else with AVX512-BF16's VDPBF16PS (AMD Zen 4 and later, Intel Cooper
// Lake). Used by `gemm` when the precision is MatmulPrecision::kBfloat16 (runtime.hpp); call it
// directly only when bf16_gemm_available().
//
//   C = alpha * op(A) op(B) + beta * C     op(A): (m, k)   op(B): (k, n)   C: (m, n), row-major
//
// The float inputs are rounded to bf16 (8 significant bits, round to nearest even) as they are
// packed, on every call; products and sums are float32. The result therefore equals a float32
// product of the bf16-rounded inputs up to float32 summation error. bf16 flushes denormal inputs
// to zero. With beta == 0, C is not read.
#pragma once

#include <cstddef>
#include <string>

#include "axon/tensor/gemm.hpp"

namespace axon {

/// Products of fewer multiply-adds (m n k) stay float32 in MatmulPrecision::kBfloat16: below this,
/// rounding, packing and tile setup cost more than OpenBLAS's whole product.
inline constexpr std::size_t kBf16MinMultiplyAdds = 32 * 1024;

/// Which kernel runs the bf16 products: AMX tiles (CMake option AXON_AMX; this CPU has AMX-BF16
/// and the operating system lets the process use its tiles, which on Linux the first call asks
/// for), else AVX512-BF16 (option AXON_AVX512_BF16; the CPU has it), else none. Found once.
enum class Bf16Kernel { kNone, kAmx, kAvx512 };
Bf16Kernel bf16_kernel();

/// True when bf16_kernel() is not kNone.
bool bf16_gemm_available();
/// Why bf16_gemm_available() is false (no kernel in this build, no AMX-BF16 nor AVX512-BF16 on
/// this CPU, or the OS refused them); empty when it is true.
std::string bf16_gemm_unavailable_reason();

/// C = alpha op(A) op(B) + beta C on bf16-rounded inputs. Requires bf16_gemm_available(). Each
/// thread keeps its own packing buffers, grown on first use and reused after.
void gemm_bf16(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n, std::size_t k,
               float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
               float beta, float* c, std::size_t ldc);

}  // namespace axon
