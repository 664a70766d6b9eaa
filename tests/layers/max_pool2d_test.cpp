// MaxPool2D: a hand-worked image, ties and NaN, finite-difference gradients, PyTorch 1.13
// nn.MaxPool2d values (tests/fixtures/conv.txt, tests/reference/conv.py), settings and errors.
#include "axon/layers/max_pool2d.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "axon/layers/layer_registry.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"
#include "support/reference_cases.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MaxPool2DTest, HandWorkedImage) {
  MaxPool2D pool(2);
  // A 4x5 image: windows of 2x2 side by side; the last column is left out (floor).
  const Tensor x(Shape{1, 1, 4, 5}, {1, 5, 2, 0, 9,  //
                                     3, 4, 8, 1, 9,  //
                                     0, 0, 7, 7, 9,  //
                                     6, 2, 7, 3, 9});
  const Tensor& y = pool.forward(x, true);
  EXPECT_EQ(y.shape(), (Shape{1, 1, 2, 2}));
  EXPECT_THAT(y.to_vector(), ElementsAre(5, 8, 6, 7));
  // Each gradient goes to its window's maximum; a tie (the 7s) goes to the first.
  const Tensor& dx = pool.backward(Tensor(Shape{1, 1, 2, 2}, {1, 2, 3, 4}));
  EXPECT_THAT(dx.to_vector(), ElementsAre(0, 1, 0, 0, 0,  //
                                          0, 0, 2, 0, 0,  //
                                          0, 0, 4, 0, 0,  //
                                          3, 0, 0, 0, 0));
}

TEST(MaxPool2DTest, NanWinsItsWindow) {
  MaxPool2D pool(2);
  const Tensor& y = pool.forward(Tensor(Shape{1, 1, 2, 2}, {1, NAN, 3, 2}), false);
  EXPECT_TRUE(std::isnan(y[0]));
}

// Distinct values 0.05 apart, shuffled: no two in a window closer than the difference step.
Tensor spaced_values(const Shape& shape, std::uint64_t seed) {
  Tensor x(shape);
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.05f * static_cast<float>(order[i]) - 1.0f;
  return x;
}

TEST(MaxPool2DTest, GradientsMatchFiniteDifferences) {
  MaxPool2D pool(2);
  testing::expect_layer_gradients(pool, spaced_values(Shape{2, 2, 5, 6}, 3));
  MaxPool2D overlapping(3, 2);
  testing::expect_layer_gradients(overlapping, spaced_values(Shape{1, 2, 7, 7}, 4));
}

TEST(MaxPool2DTest, MatchesPyTorchMaxPool2d) {
  const auto cases = testing::load_reference_cases("conv.txt", "max_pool2d");
  ASSERT_EQ(cases.size(), 4u);
  for (const testing::ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    MaxPool2D pool({c.count("kh"), c.count("kw")}, {c.count("sh"), c.count("sw")});
    const Tensor x(Shape{c.count("n"), c.count("c"), c.count("h"), c.count("w")}, c.at("x"));
    const Tensor& y = pool.forward(x, true);
    testing::expect_close_to_reference(y.values(), c.at("y"), "y", 0.0);
    const Tensor& dx = pool.backward(Tensor(y.shape(), c.at("g")));
    testing::expect_close_to_reference(dx.values(), c.at("dx"), "dx", 1e-6);
  }
}

TEST(MaxPool2DTest, SettingsAndErrors) {
  MaxPool2D pool({3, 2}, {1, 2});
  const auto copy = LayerRegistry::global().make("max_pool2d", pool.config());
  EXPECT_EQ(copy->config().values(), pool.config().values());
  EXPECT_EQ(copy->output_shape(Shape{4, 7, 7}), (Shape{4, 5, 3}));
  EXPECT_EQ(MaxPool2D(2).stride(), Size2(2, 2));  // PyTorch's default stride: the kernel
  using test::error_of;
  EXPECT_THAT(error_of([] { MaxPool2D(0); }), HasSubstr("kernel must be > 0"));
  EXPECT_THAT(error_of([&] { pool.output_shape(Shape{784}); }),
              HasSubstr("expects samples of shape (C, H, W), got (784)"));
  EXPECT_THAT(error_of([&] {
                pool.forward(Tensor(Shape{1, 1, 2, 2}), false);
              }),
              HasSubstr("a window of 3 does not fit in an input of 2"));
}

}  // namespace
}  // namespace axon
