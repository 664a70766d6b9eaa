// The AVX512-BF16 kernel's rounding, packing and arithmetic in portable scalar code
// (detail/bf16_packing.hpp): hand-worked bf16 bits, and the emulated kernel against the
// reference loop on bf16-rounded inputs for the three transposition cases the layers use and odd
// sizes. Runs on any CPU; gemm_bf16_test.cpp checks the vector kernel against this emulation.
#include "axon/tensor/detail/bf16_packing.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "axon/tensor/rng.hpp"

namespace axon::detail {
namespace {

TEST(Bf16Packing, RoundsToNearestEven) {
  EXPECT_EQ(to_bf16_bits(1.0f), 0x3f80);
  EXPECT_EQ(to_bf16_bits(-2.0f), 0xc000);
  // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even 1.
  EXPECT_EQ(to_bf16_bits(1.0f + std::ldexp(1.0f, -8)), 0x3f80);
  // 1 + 3 2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
  EXPECT_EQ(to_bf16_bits(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3f82);
  // Just above the first halfway point rounds up.
  EXPECT_EQ(to_bf16_bits(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20)), 0x3f81);
  EXPECT_EQ(to_bf16_bits(std::numeric_limits<float>::max()), 0x7f80);  // overflows to infinity
  EXPECT_EQ(to_bf16_bits(std::numeric_limits<float>::infinity()), 0x7f80);
  EXPECT_EQ(to_bf16_bits(-0.0f), 0x8000);
}

TEST(Bf16Packing, FlushesDenormalsAndKeepsNaN) {
  const float denormal = std::numeric_limits<float>::denorm_min() * 1000;
  EXPECT_EQ(to_bf16_bits(denormal), 0x0000);
  EXPECT_EQ(to_bf16_bits(-denormal), 0x8000);
  EXPECT_EQ(to_bf16_bits(std::numeric_limits<float>::min()), 0x0080);  // smallest normal stays
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(bf16_bits_to_float(to_bf16_bits(nan))));
  // A NaN whose payload sits only in the low 16 bits must not round to infinity.
  const float low_payload_nan = std::bit_cast<float>(std::uint32_t{0x7f800001});
  EXPECT_TRUE(std::isnan(bf16_bits_to_float(to_bf16_bits(low_payload_nan))));
}

TEST(Bf16Packing, LaysOutPairsAndPanels) {
  // op(B) = B^T for a 3 x 5 B (n = 3, k = 5): panel 0 is 16 wide, 3 k pairs (the last padded).
  std::vector<float> b(3 * 5);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i + 1);
  std::vector<std::uint16_t> packed(bf16_packed_b_size(3, 5), 0xffff);
  ASSERT_EQ(packed.size(), 16u * 3 * 2);
  pack_b_scalar(Transpose::kYes, b.data(), 5, 3, 5, packed.data());
  // Pair p, column j holds (B[j][2p], B[j][2p+1]).
  EXPECT_EQ(bf16_bits_to_float(packed[(0 * 16 + 0) * 2 + 0]), 1.0f);   // B[0][0]
  EXPECT_EQ(bf16_bits_to_float(packed[(0 * 16 + 0) * 2 + 1]), 2.0f);   // B[0][1]
  EXPECT_EQ(bf16_bits_to_float(packed[(1 * 16 + 2) * 2 + 0]), 13.0f);  // B[2][2]
  EXPECT_EQ(packed[(2 * 16 + 1) * 2 + 1], 0);                          // k = 5 is padding
  EXPECT_EQ(packed[(0 * 16 + 3) * 2 + 0], 0);                          // column 3 is padding
  // op(A) = A for a 2 x 5 A: rows of 32 values, zero after k.
  std::vector<std::uint16_t> packed_a(bf16_packed_a_size(2, 5), 0xffff);
  ASSERT_EQ(packed_a.size(), 2u * 32);
  pack_a_scalar(Transpose::kNo, b.data(), 5, 2, 5, packed_a.data());
  EXPECT_EQ(bf16_bits_to_float(packed_a[32 + 4]), 10.0f);  // A[1][4]
  EXPECT_EQ(packed_a[32 + 5], 0);
  // Widths: 40 columns are a 32 panel and a 16 one; 50 columns two 32 panels.
  EXPECT_EQ(bf16_packed_b_size(40, 2), (32u + 16) * 2);
  EXPECT_EQ(bf16_packed_b_size(50, 2), 64u * 2);
}

struct EmulatedCase {
  Transpose ta, tb;
  std::size_t m, n, k;
  float alpha, beta;
};

class Bf16EmulationTest : public ::testing::TestWithParam<EmulatedCase> {};

TEST_P(Bf16EmulationTest, MatchesReferenceOnRoundedInputs) {
  const EmulatedCase c = GetParam();
  Rng rng(17);
  const std::size_t a_rows = c.ta == Transpose::kYes ? c.k : c.m;
  const std::size_t a_cols = c.ta == Transpose::kYes ? c.m : c.k;
  const std::size_t b_rows = c.tb == Transpose::kYes ? c.n : c.k;
  const std::size_t b_cols = c.tb == Transpose::kYes ? c.k : c.n;
  const std::size_t lda = a_cols + 1, ldb = b_cols + 2, ldc = c.n + 3;
  std::vector<float> a(a_rows * lda), b(b_rows * ldb), a16(a.size()), b16(b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    a16[i] = bf16_bits_to_float(to_bf16_bits(a[i] = rng.uniform(-1, 1)));
  for (std::size_t i = 0; i < b.size(); ++i)
    b16[i] = bf16_bits_to_float(to_bf16_bits(b[i] = rng.uniform(-1, 1)));
  std::vector<float> fast(c.m * ldc), slow(c.m * ldc);
  for (std::size_t i = 0; i < fast.size(); ++i) fast[i] = slow[i] = rng.uniform(-1, 1);
  std::vector<std::uint16_t> packed_a(bf16_packed_a_size(c.m, c.k));
  std::vector<std::uint16_t> packed_b(bf16_packed_b_size(c.n, c.k));
  pack_a_scalar(c.ta, a.data(), lda, c.m, c.k, packed_a.data());
  pack_b_scalar(c.tb, b.data(), ldb, c.n, c.k, packed_b.data());
  gemm_bf16_emulated(c.m, c.n, c.k, c.alpha, packed_a.data(), packed_b.data(), c.beta, fast.data(),
                     ldc);
  gemm_reference(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a16.data(), lda, b16.data(), ldb, c.beta,
                 slow.data(), ldc);
  const float tolerance = 2e-6f * static_cast<float>(c.k) + 1e-6f;
  for (std::size_t i = 0; i < c.m; ++i)
    for (std::size_t j = 0; j < ldc; ++j)  // the columns past n are left alone
      ASSERT_NEAR(fast[i * ldc + j], slow[i * ldc + j], tolerance) << i << "," << j;
}

constexpr Transpose N = Transpose::kNo, T = Transpose::kYes;
INSTANTIATE_TEST_SUITE_P(
    TransposesAndOddSizes, Bf16EmulationTest,
    ::testing::Values(EmulatedCase{N, T, 1, 1, 1, 1.0f, 0.0f},
                      EmulatedCase{N, T, 9, 33, 45, 1.0f, 0.0f},    // Z = X W^T
                      EmulatedCase{T, N, 10, 47, 13, 1.0f, 1.0f},   // dW += dZ^T X
                      EmulatedCase{N, N, 17, 18, 7, -0.5f, 0.25f},  // dX = dZ W
                      EmulatedCase{N, N, 3, 70, 64, 1.0f, 0.0f}),
    [](const ::testing::TestParamInfo<EmulatedCase>& info) {
      const EmulatedCase& c = info.param;
      return std::string(c.ta == T ? "T" : "N") + (c.tb == T ? "T" : "N") + "_" +
             std::to_string(c.m) + "x" + std::to_string(c.n) + "x" + std::to_string(c.k);
    });

}  // namespace
}  // namespace axon::detail
