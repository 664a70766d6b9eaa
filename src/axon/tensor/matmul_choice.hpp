// Choosing the precision of a training run's matrix products: fp32, bf16, or auto, which takes
// bf16 only where the CPU can and the network's products are large enough to gain from it.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "axon/tensor/runtime.hpp"

namespace axon {

/// What is asked for: a fixed precision, or kAuto to let choose_matmul_precision decide.
enum class MatmulChoice { kFloat32, kBfloat16, kAuto };

/// "fp32", "bf16" or "auto" (also "float32", "bfloat16"), as the command's --matmul flag spells
/// them; throws naming the choices.
MatmulChoice parse_matmul_choice(const std::string& name);

/// The multiply-adds of the largest matrix product in a training step of dense layers of `sizes`
/// (input first, output last) on batches of `batch` rows: the largest batch x in x out (the
/// forward product Z = X W^T; dW and dX take as many).
std::size_t largest_dense_multiply_adds(std::span<const std::size_t> sizes, std::size_t batch);

/// kFloat32 and kBfloat16 as asked (set_matmul_precision refuses bf16 with the reason where it
/// is unavailable). kAuto: bf16 where bf16_gemm_available() and the largest product has at least
/// kBf16MinMultiplyAdds multiply-adds (smaller ones would stay fp32 anyway), else fp32. Both bf16
/// kernels measured faster than OpenBLAS's fp32 on the seed MLP's products (AMX about 2.2x on a
/// Xeon, AVX512-BF16 about 3x on an AMD EPYC with AVX-512 BF16; docs/performance.md).
MatmulPrecision choose_matmul_precision(MatmulChoice choice, std::size_t largest_multiply_adds);

}  // namespace axon
