// Checked size arithmetic: overflowing products and sums, and sizes past the tensor limit, are
// errors naming what was computed; shapes, tensors, layers and parameter stores use them.
#include "axon/tensor/checked_arithmetic.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "axon/layers/dense.hpp"
#include "axon/tensor/tensor.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

TEST(CheckedArithmetic, ReturnsExactResultsThatFit) {
  EXPECT_EQ(checked_mul(std::uint64_t{1} << 31, std::uint64_t{1} << 32, "x"),
            std::uint64_t{1} << 63);
  EXPECT_EQ(checked_add(kMax - 1, 1, "x"), kMax);
  EXPECT_EQ(checked_values(1000, 784, "x"), 784000u);
}

TEST(CheckedArithmetic, OverflowNamesWhatWasComputed) {
  EXPECT_EQ(error_of([] { checked_mul(std::uint64_t{1} << 62, 4, "the weight"); }),
            "the weight is too large: 4611686018427387904 x 4 overflows");
  EXPECT_EQ(error_of([] { checked_add(kMax, 1, "the total"); }),
            "the total is too large: 18446744073709551615 + 1 overflows");
  EXPECT_NE(error_of([] {
              checked_values(kMaxTensorValues + 1, "a tensor");
            }).find("a tensor is too large: 288230376151711745 values"),
            std::string::npos);
}

TEST(CheckedArithmetic, ShapesBeyondTheTensorLimitAreRefused) {
  EXPECT_NE(error_of([] {
              Shape{std::size_t{1} << 30, std::size_t{1} << 30};
            }).find("a shape is too large"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Shape{std::size_t{1} << 62, 4};
            }).find("more elements than a size"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              Shape{4, 4}.with_rows(std::size_t{1} << 60);
            }).find("too large"),
            std::string::npos);
  EXPECT_NO_THROW((Shape{std::size_t{1} << 29, std::size_t{1} << 29}));  // declared, not allocated
}

TEST(CheckedArithmetic, TensorTooLargeForMemoryIsAnErrorNotACrash) {
  // 2^56 floats are 256 PB: refused by the memory budget before the allocator is asked.
  const std::string message = error_of([] {
    Tensor t(Shape{std::size_t{1} << 28, std::size_t{1} << 28});
  });
  EXPECT_NE(message.find("a tensor of 72057594037927936 values needs 288 PB of memory"),
            std::string::npos)
      << message;
}

TEST(CheckedArithmetic, DenseLayerSizesAreChecked) {
  const std::string message = error_of([] { Dense layer(4, std::size_t{1} << 62); });
  EXPECT_NE(message.find("dense(4, 4611686018427387904)'s weight is too large"), std::string::npos)
      << message;
  Dense wide(std::size_t{1} << 24, std::size_t{1} << 24);  // 2^48 weights declared, none allocated
  EXPECT_EQ(wide.parameter_count(), (std::size_t{1} << 48) + (std::size_t{1} << 24));
}

}  // namespace
}  // namespace axon
