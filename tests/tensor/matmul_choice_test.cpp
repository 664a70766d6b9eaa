// --matmul: the choices parse, the largest product of a step is found by hand, and auto takes
// bf16 only where it is available and a product reaches kBf16MinMultiplyAdds.
#include "axon/tensor/matmul_choice.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "axon/tensor/gemm_bf16.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

TEST(MatmulChoice, Parses) {
  EXPECT_EQ(parse_matmul_choice("auto"), MatmulChoice::kAuto);
  EXPECT_EQ(parse_matmul_choice("fp32"), MatmulChoice::kFloat32);
  EXPECT_EQ(parse_matmul_choice("bfloat16"), MatmulChoice::kBfloat16);
  EXPECT_EQ(test::error_of([] { parse_matmul_choice("fp16"); }),
            "unknown matmul precision 'fp16' (expected fp32, bf16 or auto)");
}

TEST(MatmulChoice, LargestProductOfAStep) {
  // 784-128-64-10 on batches of 32: 32 x 784 x 128 = 3,211,264 is the largest.
  const std::vector<std::size_t> seed_mlp = {784, 128, 64, 10};
  EXPECT_EQ(largest_dense_multiply_adds(seed_mlp, 32), 3211264u);
  const std::vector<std::size_t> wide_last = {2, 4, 100};
  EXPECT_EQ(largest_dense_multiply_adds(wide_last, 10), 4000u);
  EXPECT_EQ(largest_dense_multiply_adds(std::vector<std::size_t>{5}, 10), 0u);
}

TEST(MatmulChoice, FixedChoicesPassThrough) {
  EXPECT_EQ(choose_matmul_precision(MatmulChoice::kFloat32, 1u << 30), MatmulPrecision::kFloat32);
  EXPECT_EQ(choose_matmul_precision(MatmulChoice::kBfloat16, 1), MatmulPrecision::kBfloat16);
}

TEST(MatmulChoice, AutoTakesBf16WhereAvailableAndLargeEnough) {
  EXPECT_EQ(choose_matmul_precision(MatmulChoice::kAuto, kBf16MinMultiplyAdds - 1),
            MatmulPrecision::kFloat32);
  EXPECT_EQ(choose_matmul_precision(MatmulChoice::kAuto, kBf16MinMultiplyAdds),
            bf16_gemm_available() ? MatmulPrecision::kBfloat16 : MatmulPrecision::kFloat32);
}

TEST(MatmulChoice, UnavailableBf16HasAReason) {
  EXPECT_EQ(bf16_gemm_unavailable_reason().empty(), bf16_gemm_available());
  if (bf16_gemm_available()) return;
  const std::string error =
      test::error_of([] { set_matmul_precision(MatmulPrecision::kBfloat16); });
  EXPECT_EQ(error, "bf16 matrix products are unavailable: " + bf16_gemm_unavailable_reason() +
                       "; use fp32");
  EXPECT_EQ(matmul_precision(), MatmulPrecision::kFloat32);
}

}  // namespace
}  // namespace axon
