// --matmul: parsing the choice and the auto rule.
#include "axon/tensor/matmul_choice.hpp"

#include <algorithm>

#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm_bf16.hpp"

namespace axon {

MatmulChoice parse_matmul_choice(const std::string& name) {
  if (name == "auto") return MatmulChoice::kAuto;
  if (name == "fp32" || name == "float32") return MatmulChoice::kFloat32;
  if (name == "bf16" || name == "bfloat16") return MatmulChoice::kBfloat16;
  throw Error(fmt::format("unknown matmul precision '{}' (expected fp32, bf16 or auto)", name));
}

std::size_t largest_dense_multiply_adds(std::span<const std::size_t> sizes, std::size_t batch) {
  std::size_t largest = 0;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i)
    largest = std::max(largest, batch * sizes[i] * sizes[i + 1]);
  return largest;
}

MatmulPrecision choose_matmul_precision(MatmulChoice choice, std::size_t largest_multiply_adds) {
  switch (choice) {
    case MatmulChoice::kFloat32:
      return MatmulPrecision::kFloat32;
    case MatmulChoice::kBfloat16:
      return MatmulPrecision::kBfloat16;
    case MatmulChoice::kAuto:
      break;
  }
  return bf16_gemm_available() && largest_multiply_adds >= kBf16MinMultiplyAdds
             ? MatmulPrecision::kBfloat16
             : MatmulPrecision::kFloat32;
}

}  // namespace axon
