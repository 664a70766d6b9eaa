// Tensor and Shape: construction, shape checks and capacity reuse.
#include "axon/tensor/tensor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "axon/tensor/error.hpp"
#include "axon/tensor/parallel_ranges.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(ShapeTest, SizesAndPrinting) {
  Shape s{128, 1, 28, 28};
  EXPECT_EQ(s.rank(), 4u);
  EXPECT_EQ(s.numel(), 128u * 784u);
  EXPECT_EQ(s.rows(), 128u);
  EXPECT_EQ(s.cols(), 784u);
  EXPECT_EQ(s.to_string(), "(128, 1, 28, 28)");
  EXPECT_EQ(s.with_rows(7), (Shape{7, 1, 28, 28}));
  EXPECT_FALSE(s == (Shape{128, 784}));
}

TEST(ShapeTest, RejectsTooManyDimensions) { EXPECT_THROW((Shape{1, 2, 3, 4, 5}), Error); }

TEST(TensorTest, HoldsValuesRowMajor) {
  Tensor t(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cols(), 3u);
  EXPECT_FLOAT_EQ(t(1, 0), 4.0f);
  EXPECT_FLOAT_EQ(t.row(1)[2], 6.0f);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(t.data()) % 64, 0u);
}

TEST(TensorTest, WrongValueCountNamesBothCounts) {
  try {
    Tensor t(Shape{2, 3}, {1, 2, 3});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("(2, 3)"));
    EXPECT_THAT(e.what(), HasSubstr("got 3"));
  }
}

TEST(TensorTest, ResizeWithinCapacityKeepsBuffer) {
  Tensor t(Shape{128, 10});
  const float* before = t.data();
  t.resize(Shape{32, 10});
  EXPECT_EQ(t.data(), before);
  t.resize(Shape{128, 10});
  EXPECT_EQ(t.data(), before);
  t.resize(Shape{256, 10});
  EXPECT_NE(t.data(), nullptr);
  EXPECT_EQ(t.capacity(), 2560u);
}

TEST(TensorTest, CopiesAreDeepAndMovesSteal) {
  Tensor a(Shape{2, 2}, {1, 2, 3, 4});
  Tensor b = a;
  b[0] = 9.0f;
  EXPECT_FLOAT_EQ(a[0], 1.0f);
  const float* data = a.data();
  Tensor c = std::move(a);
  EXPECT_EQ(c.data(), data);
  EXPECT_EQ(a.size(), 0u);
}

TEST(TensorTest, ReshapeKeepsCount) {
  Tensor t(Shape{2, 6});
  t.reshape(Shape{2, 2, 3});
  EXPECT_EQ(t.cols(), 6u);
  EXPECT_THROW(t.reshape(Shape{5}), Error);
}

TEST(TensorTest, ShapeMismatchMessageNamesBoth) {
  try {
    check_same_shape(Shape{3, 4}, Shape{4, 3}, "add");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("(3, 4)"));
    EXPECT_THAT(e.what(), HasSubstr("(4, 3)"));
  }
}

TEST(AllFinite, FindsNanAndInfinityAnywhere) {
  std::vector<float> values(1000, 1.0f);
  values[3] = std::numeric_limits<float>::max();
  values[4] = std::numeric_limits<float>::denorm_min();
  values[5] = -0.0f;
  EXPECT_TRUE(all_finite(values));
  EXPECT_TRUE(all_finite({}));
  for (const float bad :
       {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity()}) {
    for (const std::size_t at : {std::size_t{0}, std::size_t{517}, std::size_t{999}}) {
      std::vector<float> copy = values;
      copy[at] = bad;
      EXPECT_FALSE(all_finite(copy)) << bad << " at " << at;
    }
  }
}

TEST(AllFinite, FindsABadValueInAnyRunOnAnyThreadCount) {
  // Larger than one run of parallel_ranges: the runs go to the compute pool's threads.
  const int saved = num_threads();
  std::vector<float> values(3 * kElementRun + 11, 0.5f);
  for (const int threads : {1, 2}) {
    set_num_threads(threads);
    EXPECT_TRUE(all_finite(values));
    for (const std::size_t at : {std::size_t{0}, kElementRun + 1, values.size() - 1}) {
      std::vector<float> copy = values;
      copy[at] = std::numeric_limits<float>::quiet_NaN();
      EXPECT_FALSE(all_finite(copy)) << "at " << at << " on " << threads << " threads";
    }
  }
  set_num_threads(saved);
}

}  // namespace
}  // namespace axon
