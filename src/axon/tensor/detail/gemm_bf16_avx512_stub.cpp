// Stands in for the AVX512-BF16 kernel in builds without it (AXON_AVX512_BF16=OFF, the default
// off x86-64): the kernel reports itself unavailable with this reason.
#include "axon/tensor/detail/gemm_bf16_avx512.hpp"

#include "axon/tensor/error.hpp"

namespace axon::detail {

const std::string& avx512_bf16_unavailable_reason() {
  static const std::string reason =
      "this build of axon has no AVX512-BF16 kernel (it was configured with "
      "-DAXON_AVX512_BF16=OFF)";
  return reason;
}

void gemm_bf16_avx512(Transpose /*trans_a*/, Transpose /*trans_b*/, std::size_t /*m*/,
                      std::size_t /*n*/, std::size_t /*k*/, float /*alpha*/, const float* /*a*/,
                      std::size_t /*lda*/, const float* /*b*/, std::size_t /*ldb*/, float /*beta*/,
                      float* /*c*/, std::size_t /*ldc*/) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

void pack_bf16_a(Transpose, const float*, std::size_t, std::size_t, std::size_t, std::uint16_t*) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

void pack_bf16_b(Transpose, const float*, std::size_t, std::size_t, std::size_t, std::uint16_t*) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

void gemm_bf16_avx512_packed(std::size_t, std::size_t, std::size_t, float, const std::uint16_t*,
                             const std::uint16_t*, float, float*, std::size_t) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

std::uint16_t* bf16_scratch_a(std::size_t) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

std::uint16_t* bf16_scratch_b(std::size_t) {
  throw Error("gemm_bf16: " + avx512_bf16_unavailable_reason());
}

}  // namespace axon::detail
