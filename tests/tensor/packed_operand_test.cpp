// gemm with a kept packing of op(B) (PackedOperand) gives gemm's bits, packs once until reset(),
// and packs again for another B; in fp32 it keeps nothing. Chunked shapes included: a split by
// rows, and one by columns whose chunks are not whole 32-column panels.
#include "axon/tensor/packed_operand.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "axon/tensor/gemm.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {
namespace {

struct KeptCase {
  Transpose tb;
  std::size_t m, n, k;
};

std::vector<float> random_values(std::size_t count, Rng& rng) {
  std::vector<float> v(count);
  for (float& x : v) x = rng.uniform(-1, 1);
  return v;
}

// C = A op(B) + C through gemm, with `kept` when given.
std::vector<float> product(const KeptCase& c, const std::vector<float>& a,
                           const std::vector<float>& b, PackedOperand* kept) {
  std::vector<float> out(c.m * c.n, 0.5f);
  const std::size_t ldb = c.tb == Transpose::kYes ? c.k : c.n;
  if (kept != nullptr)
    gemm(Transpose::kNo, c.tb, c.m, c.n, c.k, 1.0f, a.data(), c.k, b.data(), ldb, 1.0f, out.data(),
         c.n, *kept);
  else
    gemm(Transpose::kNo, c.tb, c.m, c.n, c.k, 1.0f, a.data(), c.k, b.data(), ldb, 1.0f, out.data(),
         c.n);
  return out;
}

class PackedOperandTest : public ::testing::TestWithParam<KeptCase> {};

TEST_P(PackedOperandTest, KeptPackingGivesGemmsBits) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  const KeptCase c = GetParam();
  const MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
  Rng rng(21);
  const std::vector<float> b = random_values(c.k * c.n, rng);
  PackedOperand kept;
  for (int batch = 0; batch < 3; ++batch) {  // new rows of A each time, the same B
    const std::vector<float> a = random_values(c.m * c.k, rng);
    EXPECT_EQ(product(c, a, b, &kept), product(c, a, b, nullptr)) << "batch " << batch;
  }
  const std::size_t packings = bf16_kernel() == Bf16Kernel::kAvx512 ? 1 : 0;
  EXPECT_EQ(kept.packings(), packings);

  // B changes: after reset() the product packs it again and follows it.
  std::vector<float> changed = b;
  for (float& x : changed) x *= -2.0f;
  const std::vector<float> a = random_values(c.m * c.k, rng);
  kept.reset();
  EXPECT_EQ(product(c, a, changed, &kept), product(c, a, changed, nullptr));
  EXPECT_NE(product(c, a, changed, &kept), product(c, a, b, nullptr));
  EXPECT_EQ(kept.packings(), 2 * packings);

  // Another matrix (another address) is packed without a reset.
  EXPECT_EQ(product(c, a, b, &kept), product(c, a, b, nullptr));
  EXPECT_EQ(kept.packings(), 3 * packings);
}

TEST_P(PackedOperandTest, Float32KeepsNothing) {
  const KeptCase c = GetParam();
  Rng rng(22);
  const std::vector<float> a = random_values(c.m * c.k, rng), b = random_values(c.k * c.n, rng);
  PackedOperand kept;
  EXPECT_EQ(product(c, a, b, &kept), product(c, a, b, nullptr));
  EXPECT_EQ(kept.packings(), 0u);
}

constexpr Transpose T = Transpose::kYes, N = Transpose::kNo;

INSTANTIATE_TEST_SUITE_P(
    Shapes, PackedOperandTest,
    ::testing::Values(KeptCase{T, 40, 50, 33},     // one chunk, a 32 panel and a 16 one
                      KeptCase{N, 17, 70, 65},     // one chunk, B not transposed
                      KeptCase{T, 128, 128, 784},  // Z = X W^T: split by rows
                      KeptCase{T, 32, 560, 784},   // split by columns, chunks of 144
                      KeptCase{N, 24, 600, 500}),  // the same with B not transposed
    [](const ::testing::TestParamInfo<KeptCase>& info) {
      const KeptCase& c = info.param;
      return std::string(c.tb == T ? "NT_" : "NN_") + std::to_string(c.m) + "x" +
             std::to_string(c.n) + "x" + std::to_string(c.k);
    });

}  // namespace
}  // namespace axon
