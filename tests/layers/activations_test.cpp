// Activations: values against closed forms, numerical stability, and finite-difference checks.
#include "axon/layers/activations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

Tensor row(std::initializer_list<float> v) { return Tensor(Shape{1, v.size()}, v); }

TEST(ActivationValues, MatchClosedForms) {
  Tensor z = row({-2.0f, -0.5f, 0.0f, 0.5f, 2.0f});
  auto check_values = [&](Layer& layer, auto fn) {
    const Tensor& y = layer.forward(z, false);
    for (std::size_t i = 0; i < z.size(); ++i)
      EXPECT_NEAR(y[i], fn(static_cast<double>(z[i])), 1e-6) << layer.name() << " at " << z[i];
  };
  ReLU relu;
  check_values(relu, [](double x) { return x > 0 ? x : 0; });
  LeakyReLU leaky(0.1f);
  check_values(leaky, [](double x) { return x > 0 ? x : 0.1 * x; });
  Sigmoid sigmoid;
  check_values(sigmoid, [](double x) { return 1 / (1 + std::exp(-x)); });
  Tanh tanh_layer;
  check_values(tanh_layer, [](double x) { return std::tanh(x); });
  ELU elu;
  check_values(elu, [](double x) { return x > 0 ? x : std::exp(x) - 1; });
  GELU gelu;
  check_values(gelu, [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); });
  Softplus softplus;
  check_values(softplus, [](double x) { return std::log(1 + std::exp(x)); });
  Identity identity;
  check_values(identity, [](double x) { return x; });
}

TEST(ActivationValues, SigmoidIsStableForLargeInputs) {
  Sigmoid sigmoid;
  const Tensor& y = sigmoid.forward(row({-1000.0f, -88.0f, 88.0f, 1000.0f}), false);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_GT(y[1], 0.0f);
  EXPECT_LT(y[1], 1e-37f);
  EXPECT_EQ(y[2], 1.0f);
  EXPECT_EQ(y[3], 1.0f);
}

TEST(ActivationValues, SoftmaxIsStableAndSumsToOne) {
  Softmax softmax;
  const Tensor& y = softmax.forward(Tensor(Shape{2, 3}, {1000, 1001, 1002, -5, 0, 5}), false);
  // e^0, e^1, e^2 normalized
  const double s = 1 + std::exp(1.0) + std::exp(2.0);
  EXPECT_NEAR(y[0], 1 / s, 1e-6);
  EXPECT_NEAR(y[2], std::exp(2.0) / s, 1e-6);
  EXPECT_NEAR(y[3] + y[4] + y[5], 1.0, 1e-6);
  for (float v : y.values()) EXPECT_TRUE(std::isfinite(v));
}

// Inputs keep away from 0 so the kinks of relu, leaky relu and elu are not straddled.
Tensor check_input() { return testing::random_tensor_away_from_zero(Shape{4, 5}, 2.0f, 0.05f, 3); }

TEST(ActivationGradients, ReLU) {
  ReLU layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, LeakyReLU) {
  LeakyReLU layer(0.2f);
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, Sigmoid) {
  Sigmoid layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, Tanh) {
  Tanh layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, Identity) {
  Identity layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, ELU) {
  ELU layer(0.7f);
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, GELU) {
  GELU layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, Softplus) {
  Softplus layer;
  testing::expect_layer_gradients(layer, check_input());
}
TEST(ActivationGradients, Softmax) {
  Softmax layer;
  testing::expect_layer_gradients(layer, check_input());
}

TEST(ActivationFactory, BuildsByNameAndRejectsUnknown) {
  for (const char* name :
       {"relu", "leaky_relu", "sigmoid", "tanh", "identity", "elu", "gelu", "softplus", "softmax"})
    EXPECT_EQ(make_activation(name)->name(), name);
  try {
    make_activation("swish");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("swish"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("relu"));
  }
  EXPECT_THROW(ELU(-1.0f), Error);
  EXPECT_THROW(LeakyReLU(-0.1f), Error);
}

}  // namespace
}  // namespace axon
