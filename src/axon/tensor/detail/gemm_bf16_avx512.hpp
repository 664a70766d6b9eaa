// The AVX512-BF16 kernel behind gemm_bf16 where the CPU has no AMX, and whether it can run here.
// Internal (not installed): with AXON_AVX512_BF16=ON it is gemm_bf16_avx512.cpp and
// avx512_bf16_support.cpp, else gemm_bf16_avx512_stub.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
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

/// The vector packings of op(A) and op(B), laid out and rounded as pack_a_scalar and
/// pack_b_scalar (bf16_packing.hpp) do; `out` holds bf16_packed_a_size or bf16_packed_b_size
/// values.
void pack_bf16_a(Transpose trans, const float* a, std::size_t lda, std::size_t m, std::size_t k,
                 std::uint16_t* out);
void pack_bf16_b(Transpose trans, const float* b, std::size_t ldb, std::size_t n, std::size_t k,
                 std::uint16_t* out);

/// C = alpha A B + beta C from packed operands (k >= 1): lets a product split in chunks pack the
/// operand all chunks share once.
void gemm_bf16_avx512_packed(std::size_t m, std::size_t n, std::size_t k, float alpha,
                             const std::uint16_t* packed_a, const std::uint16_t* packed_b,
                             float beta, float* c, std::size_t ldc);

/// This thread's packing buffers of at least `elems` values, 64-byte aligned (reused by later
/// calls on the thread, gemm_bf16_avx512's included).
std::uint16_t* bf16_scratch_a(std::size_t elems);
std::uint16_t* bf16_scratch_b(std::size_t elems);

}  // namespace axon::detail
