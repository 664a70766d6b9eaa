// Stands in for the AMX kernel in builds without it (AXON_AMX=OFF, the default off x86-64):
// bf16_gemm_available() is false and asking for bf16 products is refused with this reason.
#include "axon/tensor/detail/gemm_bf16_amx.hpp"

#include "axon/tensor/error.hpp"

namespace axon::detail {

const std::string& amx_unavailable_reason() {
  static const std::string reason =
      "this build of axon has no AMX-BF16 kernel (it was configured with -DAXON_AMX=OFF)";
  return reason;
}

void gemm_bf16_amx(Transpose /*trans_a*/, Transpose /*trans_b*/, std::size_t /*m*/,
                   std::size_t /*n*/, std::size_t /*k*/, float /*alpha*/, const float* /*a*/,
                   std::size_t /*lda*/, const float* /*b*/, std::size_t /*ldb*/, float /*beta*/,
                   float* /*c*/, std::size_t /*ldc*/) {
  throw Error("gemm_bf16: " + amx_unavailable_reason());
}

}  // namespace axon::detail
