// Training practice through Sequential: MLP options for batch norm and dropout, and the L2 term
// and clipping inside train_step.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/model/regularization.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> layer_names(Sequential& model) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < model.size(); ++i) names.push_back(model.layer(i).name());
  return names;
}

std::vector<float> weights(Sequential& model) {
  const auto values = model.parameters().values();
  return {values.begin(), values.end()};
}

TEST(TrainingPracticeTest, MlpDefaultsAreUnchanged) {
  Sequential model = Sequential::mlp({4, 8, 8, 3}, {.output = "softmax"});
  EXPECT_THAT(layer_names(model),
              ElementsAre("dense", "relu", "dense", "relu", "dense", "softmax"));
}

TEST(TrainingPracticeTest, MlpAddsBatchNormBeforeAndDropoutAfterEachHiddenActivation) {
  Sequential model =
      Sequential::mlp({4, 8, 6, 3}, {.output = "softmax", .batchnorm = true, .dropout = {0.2f}});
  EXPECT_THAT(layer_names(model), ElementsAre("dense", "batch_norm", "relu", "dropout", "dense",
                                              "batch_norm", "relu", "dropout", "dense", "softmax"));
  EXPECT_EQ(model.layer<BatchNorm>(5).features(), 6u);
  EXPECT_FLOAT_EQ(model.layer<Dropout>(7).p(), 0.2f);
}

TEST(TrainingPracticeTest, MlpTakesOneDropoutPerHiddenLayerAndZeroMeansNone) {
  Sequential model = Sequential::mlp({4, 8, 6, 3}, {.dropout = {0.5f, 0.0f}});
  EXPECT_THAT(layer_names(model),
              ElementsAre("dense", "relu", "dropout", "dense", "relu", "dense"));
  EXPECT_FLOAT_EQ(model.layer<Dropout>(2).p(), 0.5f);
  EXPECT_THAT(
      [] {
        Sequential::mlp({4, 8, 6, 3}, {.dropout = {0.1f, 0.2f, 0.3f}});
      },
      ThrowsMessage<Error>(HasSubstr("one per hidden layer (2), got 3")));
  EXPECT_THAT(
      [] {
        Sequential::mlp({4, 8, 3}, {.dropout = {1.0f}});
      },
      ThrowsMessage<Error>(HasSubstr("p must be in [0, 1), got 1")));
}

TEST(TrainingPracticeTest, TrainStepLossIncludesTheL2Term) {
  Sequential model = Sequential::mlp({3, 4, 2});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  const Tensor x = testing::random_tensor(Shape{5, 3}, -1, 1, 31);
  const Tensor y = testing::random_tensor(Shape{5, 2}, -1, 1, 32);
  const double data_loss = model.loss()->forward(model.forward(x, true), y);
  const double penalty = l2_penalty(model.parameters(), 0.25f);
  EXPECT_GT(penalty, 0.0);
  EXPECT_NEAR(model.train_step(x, y, {.l2 = 0.25f}), data_loss + penalty, 1e-5);
}

TEST(TrainingPracticeTest, TrainStepClipsTheUpdateToTheNorm) {
  // With SGD at learning rate 1 the step is -g: its norm is the clipped gradient's.
  Sequential model = Sequential::mlp({3, 4, 2});
  model.compile(make_loss("mse"), make_optimizer("sgd", 1.0f));
  const Tensor x = testing::random_tensor(Shape{5, 3}, -1, 1, 31);
  const Tensor y = testing::random_tensor(Shape{5, 2}, -10, 10, 32);
  model.build();
  const std::vector<float> before = weights(model);
  model.train_step(x, y, {.clip_norm = 0.01f});
  std::vector<float> step = weights(model);
  for (std::size_t i = 0; i < step.size(); ++i) step[i] -= before[i];
  EXPECT_NEAR(global_norm(step), 0.01, 1e-6);
  EXPECT_NEAR(global_norm(model.parameters().grads()), 0.01, 1e-6);
}

}  // namespace
}  // namespace axon
