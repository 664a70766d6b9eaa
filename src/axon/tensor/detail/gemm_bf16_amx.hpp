// The AMX-BF16 kernel behind gemm_bf16, and whether it can run here. Internal (not installed):
// with AXON_AMX=ON it is gemm_bf16_amx.cpp and amx_support.cpp, else gemm_bf16_amx_stub.cpp.
#pragma once

#include <cstddef>
#include <string>

#include "axon/tensor/gemm.hpp"

namespace axon::detail {

/// Empty when the kernel is compiled in and this CPU and operating system let it run; otherwise
/// the reason it cannot. Checked once per process (on Linux the check asks for the tile state).
const std::string& amx_unavailable_reason();

/// C = alpha op(A) op(B) + beta C on bf16-rounded inputs (gemm_bf16.hpp). Only when
/// amx_unavailable_reason() is empty; the stub throws axon::Error with that reason.
void gemm_bf16_amx(Transpose trans_a, Transpose trans_b, std::size_t m, std::size_t n,
                   std::size_t k, float alpha, const float* a, std::size_t lda, const float* b,
                   std::size_t ldb, float beta, float* c, std::size_t ldc);

}  // namespace axon::detail
