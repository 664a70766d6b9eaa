// Flatten and Unflatten: shapes, values in order, gradients passed back, and errors.
#include "axon/layers/flatten.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/layers/layer_registry.hpp"
#include "axon/layers/unflatten.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(FlattenTest, KeepsTheValuesInChannelOrder) {
  Flatten flatten;
  const Tensor x = testing::random_tensor(Shape{2, 3, 2, 2}, -1, 1, 1);
  const Tensor& y = flatten.forward(x, true);
  EXPECT_EQ(y.shape(), (Shape{2, 12}));
  EXPECT_EQ(y.to_vector(), x.to_vector());
  const Tensor g = testing::random_tensor(Shape{2, 12}, -1, 1, 2);
  const Tensor& dx = flatten.backward(g);
  EXPECT_EQ(dx.shape(), x.shape());
  EXPECT_EQ(dx.to_vector(), g.to_vector());
  EXPECT_EQ(flatten.output_shape(Shape{64, 5, 5}), Shape{1600});
}

TEST(UnflattenTest, ReadsRowsAsImages) {
  Unflatten unflatten(3, 2, 2);
  const Tensor x = testing::random_tensor(Shape{2, 12}, -1, 1, 3);
  const Tensor& y = unflatten.forward(x, true);
  EXPECT_EQ(y.shape(), (Shape{2, 3, 2, 2}));
  EXPECT_EQ(y.to_vector(), x.to_vector());
  EXPECT_EQ(unflatten.backward(y).shape(), (Shape{2, 12}));
  EXPECT_EQ(unflatten.input_features(), 12u);
  EXPECT_EQ(unflatten.output_shape(Shape{3, 2, 2}), (Shape{3, 2, 2}));
  testing::expect_layer_gradients(unflatten, x);
  const auto copy = LayerRegistry::global().make("unflatten", unflatten.config());
  EXPECT_EQ(copy->output_shape(Shape{12}), (Shape{3, 2, 2}));
}

TEST(UnflattenTest, ErrorsNameTheShapes) {
  using test::error_of;
  EXPECT_THAT(error_of([] { Unflatten(1, 0, 28); }), HasSubstr("got (1, 0, 28)"));
  Unflatten unflatten(1, 28, 28);
  EXPECT_THAT(error_of([&] {
                unflatten.forward(Tensor(Shape{4, 10}), false);
              }),
              HasSubstr("unflatten(1, 28, 28): expects 784 values per sample, got (10)"));
}

}  // namespace
}  // namespace axon
