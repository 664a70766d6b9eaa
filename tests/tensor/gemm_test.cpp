// The tuned matrix product against the reference loop, for every transpose combination.
#include "axon/tensor/gemm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "axon/tensor/rng.hpp"

namespace axon {
namespace {

struct GemmCase {
  Transpose ta, tb;
  std::size_t m, n, k;
};

// "NT_33x17x65": the transposes of A and B, then m x n x k.
std::string case_name(const GemmCase& c) {
  return std::string(c.ta == Transpose::kYes ? "T" : "N") + (c.tb == Transpose::kYes ? "T" : "N") +
         "_" + std::to_string(c.m) + "x" + std::to_string(c.n) + "x" + std::to_string(c.k);
}

// How GoogleTest (and so the test list) shows a case.
void PrintTo(const GemmCase& c, std::ostream* out) { *out << case_name(c); }

class GemmTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(GemmTest, MatchesReference) {
  const GemmCase c = GetParam();
  Rng rng(7);
  std::vector<float> a(c.m * c.k), b(c.k * c.n), fast(c.m * c.n), slow(c.m * c.n);
  for (float& v : a) v = rng.uniform(-1, 1);
  for (float& v : b) v = rng.uniform(-1, 1);
  for (std::size_t i = 0; i < fast.size(); ++i) fast[i] = slow[i] = rng.uniform(-1, 1);
  const std::size_t lda = c.ta == Transpose::kYes ? c.m : c.k;
  const std::size_t ldb = c.tb == Transpose::kYes ? c.k : c.n;
  gemm(c.ta, c.tb, c.m, c.n, c.k, 0.5f, a.data(), lda, b.data(), ldb, 0.25f, fast.data(), c.n);
  gemm_reference(c.ta, c.tb, c.m, c.n, c.k, 0.5f, a.data(), lda, b.data(), ldb, 0.25f, slow.data(),
                 c.n);
  for (std::size_t i = 0; i < fast.size(); ++i)
    ASSERT_NEAR(fast[i], slow[i], 1e-5f * std::sqrt(static_cast<float>(c.k)) + 1e-6f) << i;
}

INSTANTIATE_TEST_SUITE_P(
    AllTransposes, GemmTest,
    ::testing::Values(GemmCase{Transpose::kNo, Transpose::kNo, 7, 5, 3},
                      GemmCase{Transpose::kNo, Transpose::kYes, 33, 17, 65},
                      GemmCase{Transpose::kYes, Transpose::kNo, 16, 31, 128},
                      GemmCase{Transpose::kYes, Transpose::kYes, 9, 40, 11},
                      GemmCase{Transpose::kNo, Transpose::kYes, 128, 128, 784}),
    [](const ::testing::TestParamInfo<GemmCase>& info) { return case_name(info.param); });

TEST(GemmReferenceTest, HandWorked) {
  // [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50]
  const float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8};
  float c[4] = {};
  gemm_reference(Transpose::kNo, Transpose::kNo, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
  EXPECT_FLOAT_EQ(c[0], 19);
  EXPECT_FLOAT_EQ(c[1], 22);
  EXPECT_FLOAT_EQ(c[2], 43);
  EXPECT_FLOAT_EQ(c[3], 50);
}

}  // namespace
}  // namespace axon
