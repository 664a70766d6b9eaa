// Dense: a hand-worked forward and backward, the finite-difference check, and bad shapes.
#include "axon/layers/dense.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

// X = [1 2 3]  W = [[1 0 -1], [2 1 0]]  B = [0.5 -1]
// Z = X W^T + B = [1 - 3 + 0.5, 2 + 2 - 1] = [-1.5, 3]
Dense hand_layer() {
  Dense layer(3, 2);
  const float w[] = {1, 0, -1, 2, 1, 0};
  std::copy(std::begin(w), std::end(w), layer.weight().value);
  layer.bias().value[0] = 0.5f;
  layer.bias().value[1] = -1.0f;
  return layer;
}

TEST(DenseTest, ForwardByHand) {
  Dense layer = hand_layer();
  Tensor x(Shape{1, 3}, {1, 2, 3});
  const Tensor& z = layer.forward(x, false);
  ASSERT_EQ(z.shape(), (Shape{1, 2}));
  EXPECT_FLOAT_EQ(z[0], -1.5f);
  EXPECT_FLOAT_EQ(z[1], 3.0f);
}

TEST(DenseTest, BackwardByHand) {
  // dZ = [1 -2]: dW = dZ^T X = [[1 2 3], [-2 -4 -6]], dB = [1 -2], dX = dZ W = [1-4, 0-2, -1-0]
  Dense layer = hand_layer();
  Tensor x(Shape{1, 3}, {1, 2, 3});
  layer.forward(x, true);
  layer.zero_grad();
  const Tensor& dx = layer.backward(Tensor(Shape{1, 2}, {1, -2}));
  const float dw[] = {1, 2, 3, -2, -4, -6};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(layer.weight().grad[i], dw[i]);
  EXPECT_FLOAT_EQ(layer.bias().grad[0], 1.0f);
  EXPECT_FLOAT_EQ(layer.bias().grad[1], -2.0f);
  EXPECT_FLOAT_EQ(dx[0], -3.0f);
  EXPECT_FLOAT_EQ(dx[1], -2.0f);
  EXPECT_FLOAT_EQ(dx[2], -1.0f);
}

TEST(DenseTest, BackwardAccumulatesUntilZeroed) {
  Dense layer = hand_layer();
  Tensor x(Shape{1, 3}, {1, 2, 3});
  layer.zero_grad();
  for (int i = 0; i < 2; ++i) {
    layer.forward(x, true);
    layer.backward(Tensor(Shape{1, 2}, {1, -2}));
  }
  EXPECT_FLOAT_EQ(layer.bias().grad[1], -4.0f);
}

TEST(DenseTest, GradientsMatchFiniteDifferences) {
  Dense layer(5, 4, {.init = Initializer::xavier_normal()});
  Rng rng(1);
  layer.initialize(rng);
  for (float& b : layer.bias().values()) b = rng.uniform(-0.5f, 0.5f);
  testing::expect_layer_gradients(layer, testing::random_tensor(Shape{6, 5}, -1, 1, 2));
}

TEST(DenseTest, WithoutBiasHasOnlyWeight) {
  Dense layer(3, 2, {.bias = false});
  EXPECT_EQ(layer.parameters().size(), 1u);
  EXPECT_EQ(layer.parameter_count(), 6u);
  testing::expect_layer_gradients(layer, testing::random_tensor(Shape{4, 3}, -1, 1, 3));
}

TEST(DenseTest, WrongInputWidthNamesShapes) {
  Dense layer(3, 2);
  try {
    layer.forward(Tensor(Shape{4, 5}), false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("(4, 5)"));
    EXPECT_THAT(e.what(), HasSubstr("expected 3"));
  }
}

TEST(DenseTest, ZeroSizesRejected) {
  EXPECT_THROW(Dense(0, 3), Error);
  EXPECT_THROW(Dense(3, 0), Error);
}

TEST(InitializerTest, ScalesFollowFanInAndOut) {
  Rng rng(9);
  std::vector<float> w(200 * 100);
  auto stddev = [&] {
    double s = 0, s2 = 0;
    for (float v : w) s += v, s2 += static_cast<double>(v) * v;
    const double m = s / w.size();
    return std::sqrt(s2 / w.size() - m * m);
  };
  Initializer::he_normal().fill_weight(w, 100, 200, rng);
  EXPECT_NEAR(stddev(), std::sqrt(2.0 / 100), 0.005);
  Initializer::xavier_uniform().fill_weight(w, 100, 200, rng);
  EXPECT_NEAR(stddev(), std::sqrt(6.0 / 300) / std::sqrt(3.0), 0.005);
  Initializer::normal(0.01f).fill_weight(w, 100, 200, rng);
  EXPECT_NEAR(stddev(), 0.01, 0.0005);
  Initializer::torch_default().fill_weight(w, 100, 200, rng);
  for (float v : w) ASSERT_LE(std::abs(v), 0.1f);
  EXPECT_EQ(Initializer::parse("normal:0.05").scale, 0.05f);
  EXPECT_EQ(Initializer::parse("he").kind, Initializer::Kind::kHeNormal);
  EXPECT_THROW(Initializer::parse("lecun"), Error);
  EXPECT_THROW(Initializer::parse("normal:-1"), Error);
}

}  // namespace
}  // namespace axon
