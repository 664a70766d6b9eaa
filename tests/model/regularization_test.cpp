// Regularization: the L2 penalty by hand and against finite differences (alone and through a
// whole model), and global-norm clipping against torch.nn.utils.clip_grad_norm_'s formula.
#include "axon/model/regularization.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/model/sequential.hpp"
#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

// Dense(2, 2) then BatchNorm(2): a weight, a bias, a scale and a shift in one store.
Sequential small_model() {
  Sequential model(Dense(2, 2), BatchNorm(2));
  model.build();
  const std::vector<float> values = {1, 2, 3, 4, 0.5f, -1, 2, 3, 7, 8};
  std::copy(values.begin(), values.end(), model.parameters().values().begin());
  return model;
}

TEST(RegularizationTest, L2PenaltyByHandCoversWeightsOnly) {
  Sequential model = small_model();
  // lambda / 2 (1 + 4 + 9 + 16) = 0.1 / 2 * 30
  EXPECT_NEAR(l2_penalty(model.parameters(), 0.1f), 1.5, 1e-6);
  // with biases, scales and shifts: + 0.25 + 1 + 4 + 9 + 49 + 64
  EXPECT_NEAR(l2_penalty(model.parameters(), 0.1f, true), 0.05 * 157.25, 1e-6);
  EXPECT_EQ(l2_penalty(model.parameters(), 0.0f), 0.0);
}

TEST(RegularizationTest, L2GradientIsLambdaTimesTheWeights) {
  Sequential model = small_model();
  model.zero_grad();
  const double penalty = add_l2_penalty(model.parameters(), 0.1f);
  EXPECT_NEAR(penalty, 1.5, 1e-6);
  const std::vector<float> grads(model.parameters().grads().begin(),
                                 model.parameters().grads().end());
  const std::vector<float> expected = {0.1f, 0.2f, 0.3f, 0.4f, 0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < grads.size(); ++i) EXPECT_FLOAT_EQ(grads[i], expected[i]) << i;
}

TEST(RegularizationTest, L2GradientMatchesFiniteDifferences) {
  for (const bool include_bias : {false, true}) {
    Sequential model = small_model();
    ParameterStore& store = model.parameters();
    store.zero_grad();
    add_l2_penalty(store, 0.3f, include_bias);
    const std::vector<float> analytic(store.grads().begin(), store.grads().end());
    testing::expect_gradient_matches([&] { return l2_penalty(store, 0.3f, include_bias); },
                                     store.values(), analytic, "l2 penalty");
  }
}

TEST(RegularizationTest, TrainStepGradientIncludesTheL2Term) {
  // f = MSE(model(x), y) + lambda / 2 sum ||W||^2, differentiated through the whole model.
  Sequential model(Dense(3, 4), BatchNorm(4), Dense(4, 2));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  model.build();
  const Tensor x = testing::random_tensor(Shape{6, 3}, -1, 1, 11);
  const Tensor y = testing::random_tensor(Shape{6, 2}, -1, 1, 12);
  const float lambda = 0.5f;
  auto f = [&] {
    return static_cast<double>(model.loss()->forward(model.forward(x, true), y)) +
           l2_penalty(model.parameters(), lambda);
  };
  model.zero_grad();
  Tensor grad;
  model.loss()->backward(model.forward(x, true), y, grad);
  model.backward(grad);
  add_l2_penalty(model.parameters(), lambda);
  const std::vector<float> analytic(model.parameters().grads().begin(),
                                    model.parameters().grads().end());
  testing::expect_gradient_matches(f, model.parameters().values(), analytic, "loss + l2");
}

TEST(RegularizationTest, ClippingScalesToTheMaximumNormLikePyTorch) {
  // ||g|| = 13; PyTorch multiplies by max_norm / (13 + 1e-6).
  std::vector<float> g = {3, 4, 12};
  const double norm = clip_grad_norm(g, 1.0f);
  EXPECT_DOUBLE_EQ(norm, 13.0);
  const float factor = static_cast<float>(1.0 / (13.0 + 1e-6));
  EXPECT_FLOAT_EQ(g[0], 3 * factor);
  EXPECT_FLOAT_EQ(g[1], 4 * factor);
  EXPECT_FLOAT_EQ(g[2], 12 * factor);
  EXPECT_NEAR(global_norm(g), 1.0, 1e-6);
  EXPECT_LE(global_norm(g), 1.0);
}

TEST(RegularizationTest, ClippingLeavesSmallGradientsUntouched) {
  std::vector<float> g = {0.3f, -0.4f};  // norm 0.5
  const std::vector<float> before = g;
  EXPECT_NEAR(clip_grad_norm(g, 1.0f), 0.5, 1e-7);
  EXPECT_EQ(g, before);
  std::vector<float> at_limit = {0.6f, 0.8f};  // norm 1 (to float rounding): factor >= 1 - 1e-6
  const std::vector<float> limit_before = at_limit;
  clip_grad_norm(at_limit, 1.0f);
  EXPECT_NEAR(global_norm(at_limit), 1.0, 2e-6);
  EXPECT_NEAR(at_limit[0], limit_before[0], 1e-6);
}

TEST(RegularizationTest, ErrorsQuoteTheBadValue) {
  Sequential model = small_model();
  std::vector<float> g = {1, 2};
  EXPECT_THAT([&] { l2_penalty(model.parameters(), -0.1f); },
              ThrowsMessage<Error>(HasSubstr("l2 must be >= 0, got -0.1")));
  EXPECT_THAT([&] { add_l2_penalty(model.parameters(), -1.0f); },
              ThrowsMessage<Error>(HasSubstr("l2 must be >= 0, got -1")));
  EXPECT_THAT([&] { clip_grad_norm(g, 0.0f); },
              ThrowsMessage<Error>(HasSubstr("clip_norm must be > 0, got 0")));
  EXPECT_THAT([&] { clip_grad_norm(g, -2.0f); },
              ThrowsMessage<Error>(HasSubstr("clip_norm must be > 0, got -2")));
}

}  // namespace
}  // namespace axon
