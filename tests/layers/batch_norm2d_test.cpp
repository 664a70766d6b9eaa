// BatchNorm2D: statistics over batch and pixels by hand, finite-difference gradients in training
// and evaluation, PyTorch 1.13 nn.BatchNorm2d values (forward, backward and running statistics;
// tests/fixtures/conv.txt, tests/reference/conv.py), settings and errors.
//
// Tolerance against PyTorch: 2e-6 of the largest magnitude, as for BatchNorm (both compute the
// statistics in double and round once); an unbiased variance for the biased one, or statistics
// taken per pixel instead of per channel, are errors of 1e-2 or more. The parameter gradients are
// sums of N H W terms of order 1 that partly cancel, and are compared to 1e-5 absolute.
#include "axon/layers/batch_norm2d.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "axon/layers/layer_registry.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"
#include "support/reference_cases.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(BatchNorm2DTest, StatisticsRunOverBatchAndPixels) {
  // Channel 0 holds 1, 3 (sample 1) and 1, 3 (sample 2): mean 2, biased var 1, unbiased 4/3.
  // Channel 1 holds 5 everywhere: var 0.
  BatchNorm2D bn(2);
  const Tensor x(Shape{2, 2, 1, 2}, {1, 3, 5, 5, 1, 3, 5, 5});
  const Tensor& y = bn.forward(x, true);
  const float s = 1.0f / std::sqrt(1.0f + 1e-5f);
  EXPECT_FLOAT_EQ(y[0], -s);
  EXPECT_FLOAT_EQ(y[1], s);
  EXPECT_FLOAT_EQ(y[2], 0.0f);
  EXPECT_FLOAT_EQ(bn.running_mean()[0], 0.2f);
  EXPECT_FLOAT_EQ(bn.running_mean()[1], 0.5f);
  EXPECT_FLOAT_EQ(bn.running_var()[0], 0.9f + 0.1f * 4.0f / 3.0f);
  EXPECT_FLOAT_EQ(bn.running_var()[1], 0.9f);
}

TEST(BatchNorm2DTest, GradientsMatchFiniteDifferences) {
  BatchNorm2D bn(3);
  std::ranges::copy(testing::random_tensor(Shape{3}, 0.5f, 1.5f, 31).values(), bn.scale().value);
  std::ranges::copy(testing::random_tensor(Shape{3}, -1, 1, 32).values(), bn.shift().value);
  testing::expect_layer_gradients(bn, testing::random_tensor(Shape{2, 3, 3, 2}, -2, 2, 33), true);
  bn.scale().value[1] = 0.7f;
  testing::expect_layer_gradients(bn, testing::random_tensor(Shape{2, 3, 2, 3}, -2, 2, 34), false);
}

TEST(BatchNorm2DTest, MatchesPyTorchBatchNorm2d) {
  const auto cases = testing::load_reference_cases("conv.txt", "batch_norm2d");
  ASSERT_EQ(cases.size(), 2u);
  for (const testing::ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Shape shape{c.count("n"), c.count("c"), c.count("h"), c.count("w")};
    BatchNorm2D bn(c.count("c"), {.eps = std::stof(c.settings.at("eps")),
                                  .momentum = std::stof(c.settings.at("momentum"))});
    std::ranges::copy(c.at("weight"), bn.scale().value);
    std::ranges::copy(c.at("bias"), bn.shift().value);
    bn.zero_grad();
    testing::expect_close_to_reference(bn.forward(Tensor(shape, c.at("x1")), true).values(),
                                       c.at("y1"), "y1", 2e-6);
    testing::expect_close_to_reference(bn.backward(Tensor(shape, c.at("g1"))).values(), c.at("dx1"),
                                       "dx1", 2e-6);
    testing::expect_close_to_reference(bn.scale().grads(), c.at("dweight1"), "dweight1", 2e-6,
                                       1e-5);
    testing::expect_close_to_reference(bn.shift().grads(), c.at("dbias1"), "dbias1", 2e-6, 1e-5);
    testing::expect_close_to_reference(bn.running_mean().values(), c.at("running_mean1"),
                                       "running_mean1", 2e-6);
    testing::expect_close_to_reference(bn.running_var().values(), c.at("running_var1"),
                                       "running_var1", 2e-6);
    bn.zero_grad();
    testing::expect_close_to_reference(bn.forward(Tensor(shape, c.at("x3")), false).values(),
                                       c.at("y3"), "y3", 2e-6);
    testing::expect_close_to_reference(bn.backward(Tensor(shape, c.at("g3"))).values(), c.at("dx3"),
                                       "dx3", 2e-6);
    testing::expect_close_to_reference(bn.scale().grads(), c.at("dweight3"), "dweight3", 2e-6,
                                       1e-5);
    testing::expect_close_to_reference(bn.shift().grads(), c.at("dbias3"), "dbias3", 2e-6, 1e-5);
  }
}

TEST(BatchNorm2DTest, SettingsAndErrors) {
  BatchNorm2D bn(4, {.eps = 1e-3f, .momentum = 0.2f});
  const auto copy = LayerRegistry::global().make("batch_norm2d", bn.config());
  EXPECT_EQ(copy->config().values(), bn.config().values());
  using test::error_of;
  EXPECT_THAT(error_of([] { BatchNorm2D(0); }), HasSubstr("channels must be > 0, got 0"));
  EXPECT_THAT(error_of([] { BatchNorm2D(2, {.momentum = 2.0f}); }),
              HasSubstr("momentum must be in [0, 1], got 2"));
  EXPECT_THAT(error_of([&] {
                bn.forward(Tensor(Shape{2, 3, 4, 4}), true);
              }),
              HasSubstr("expects input of shape (N, 4, H, W), got (2, 3, 4, 4)"));
  EXPECT_THAT(error_of([&] {
                bn.forward(Tensor(Shape{1, 4, 1, 1}), true);
              }),
              HasSubstr("more than one value per channel, got 1"));
}

}  // namespace
}  // namespace axon
