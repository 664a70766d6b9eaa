// Rng: determinism per seed and the moments of its distributions.
#include "axon/tensor/rng.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace axon {
namespace {

TEST(RngTest, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(3), b(3), c(4);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(RngTest, UniformAndNormalMoments) {
  Rng rng(11);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    su += u;
    const double z = rng.normal(2.0f, 3.0f);
    sn += z;
    sn2 += z * z;
  }
  EXPECT_NEAR(su / n, 0.5, 0.005);
  const double mean = sn / n;
  EXPECT_NEAR(mean, 2.0, 0.03);
  EXPECT_NEAR(std::sqrt(sn2 / n - mean * mean), 3.0, 0.03);
}

TEST(RngTest, ShuffleIsAPermutationAndBelowIsInRange) {
  Rng rng(5);
  std::vector<std::size_t> v(1000);
  std::iota(v.begin(), v.end(), std::size_t{0});
  rng.shuffle(v);
  EXPECT_FALSE(std::is_sorted(v.begin(), v.end()));
  std::sort(v.begin(), v.end());
  for (std::size_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], i);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[rng.below(7)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

}  // namespace
}  // namespace axon
