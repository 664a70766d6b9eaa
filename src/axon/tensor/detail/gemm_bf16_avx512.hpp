// The AVX512-BF16 kernel behind gemm_bf16 where the CPU has no AMX, and whether it can run here.
// Internal (not installed): with AXON_AVX512_BF16=ON it is gemm_bf16_avx512.cpp and
// avx512_bf16_support.cpp, else gemm_bf16_avx512_stub.cpp.
#pragma once

#include <cstddef>
#include <string>

#include "axon/tensor/gemm.hpp"

namespace axon::detail {

/// Empty when the kernel is compiled in and this CPU (AVX-512 F, BW, VL and BF16) and operating
/// system (the AVX-512 state saved) let it run; otherwise the reason it cannot. Checked once.
const std::string& avx512_bf16_unavailable_reason();

/// C = alpha op(A) op(B) + beta C on bf16-rounded inputs (gemm_bf16.hpp), computed as
/// gemm_bf16_emulated (bf16_packing.hpp) does. Only when avx512_bf16_unavailable_reason() is
/// empty; the stub throws axon::Error with that reason.
void gemm_bf16_avx512(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                      std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                      std::size_t ldb, float beta, float* c, std::size_t ldc);

}  // namespace axon::detail
