// AvgPool2D and GlobalAvgPool2D: hand-worked images, finite-difference gradients, PyTorch 1.13
// nn.AvgPool2d values (tests/fixtures/conv.txt, tests/reference/conv.py), settings and errors.
#include "axon/layers/avg_pool2d.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/layer_registry.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"
#include "support/reference_cases.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AvgPool2DTest, HandWorkedImage) {
  AvgPool2D pool(2);
  const Tensor x(Shape{1, 1, 3, 4}, {1, 3, 2, 2,  //
                                     5, 7, 4, 0,  //
                                     9, 9, 9, 9});
  const Tensor& y = pool.forward(x, true);
  EXPECT_EQ(y.shape(), (Shape{1, 1, 1, 2}));
  EXPECT_THAT(y.to_vector(), ElementsAre(4, 2));
  const Tensor& dx = pool.backward(Tensor(Shape{1, 1, 1, 2}, {4, 8}));
  EXPECT_THAT(dx.to_vector(), ElementsAre(1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0));
}

TEST(AvgPool2DTest, GradientsMatchFiniteDifferences) {
  AvgPool2D pool(2);
  testing::expect_layer_gradients(pool, testing::random_tensor(Shape{2, 3, 5, 4}, -1, 1, 5));
  AvgPool2D overlapping({3, 2}, {2, 1});
  testing::expect_layer_gradients(overlapping, testing::random_tensor(Shape{1, 2, 7, 6}, -1, 1, 6));
}

TEST(AvgPool2DTest, MatchesPyTorchAvgPool2d) {
  const auto cases = testing::load_reference_cases("conv.txt", "avg_pool2d");
  ASSERT_EQ(cases.size(), 2u);
  for (const testing::ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    AvgPool2D pool({c.count("kh"), c.count("kw")}, {c.count("sh"), c.count("sw")});
    const Tensor x(Shape{c.count("n"), c.count("c"), c.count("h"), c.count("w")}, c.at("x"));
    const Tensor& y = pool.forward(x, true);
    testing::expect_close_to_reference(y.values(), c.at("y"), "y");
    const Tensor& dx = pool.backward(Tensor(y.shape(), c.at("g")));
    testing::expect_close_to_reference(dx.values(), c.at("dx"), "dx");
  }
}

TEST(AvgPool2DTest, SettingsAndErrors) {
  AvgPool2D pool({3, 2}, {2, 1});
  const auto copy = LayerRegistry::global().make("avg_pool2d", pool.config());
  EXPECT_EQ(copy->config().values(), pool.config().values());
  EXPECT_EQ(copy->output_shape(Shape{2, 7, 6}), (Shape{2, 3, 5}));
  EXPECT_THAT(test::error_of([] { AvgPool2D(Size2(2, 0)); }),
              HasSubstr("kernel must be > 0, got 2x0"));
}

TEST(GlobalAvgPool2DTest, ChannelMeansAndTheirGradient) {
  GlobalAvgPool2D pool;
  const Tensor x(Shape{1, 2, 2, 2}, {1, 2, 3, 6, -1, -1, -1, 3});
  const Tensor& y = pool.forward(x, true);
  EXPECT_EQ(y.shape(), (Shape{1, 2}));
  EXPECT_THAT(y.to_vector(), ElementsAre(3, 0));
  EXPECT_THAT(pool.backward(Tensor(Shape{1, 2}, {4, 8})).to_vector(),
              ElementsAre(1, 1, 1, 1, 2, 2, 2, 2));
  testing::expect_layer_gradients(pool, testing::random_tensor(Shape{3, 2, 3, 5}, -1, 1, 7));
  EXPECT_EQ(pool.output_shape(Shape{64, 7, 7}), Shape{64});
  EXPECT_THAT(test::error_of([&] {
                pool.forward(Tensor(Shape{2, 8}), false);
              }),
              HasSubstr("expects input of shape (N, C, H, W), got (2, 8)"));
}

}  // namespace
}  // namespace axon
