// Training practice through Sequential: MLP options for batch norm and dropout, the L2 term and
// clipping inside train_step, learning-rate schedules and early stopping inside fit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/model/early_stopping.hpp"
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

TEST(TrainingPracticeTest, FitRecordsTheScheduledLearningRate) {
  Dataset data(testing::random_tensor(Shape{20, 2}, -1, 1, 33),
               testing::random_tensor(Shape{20, 1}, -1, 1, 34));
  Sequential model = Sequential::mlp({2, 4, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  History history = model.fit(
      data, {.epochs = 5, .lr_schedule = LrSchedule::step({.step_size = 2, .gamma = 0.5f})});
  std::vector<double> rates;
  for (const EpochRecord& r : history) rates.push_back(r.learning_rate);
  EXPECT_THAT(rates,
              ElementsAre(::testing::DoubleNear(0.1, 1e-8), ::testing::DoubleNear(0.1, 1e-8),
                          ::testing::DoubleNear(0.05, 1e-8), ::testing::DoubleNear(0.05, 1e-8),
                          ::testing::DoubleNear(0.025, 1e-8)));
  EXPECT_NEAR(model.optimizer()->learning_rate(), 0.025, 1e-8);
  // The constant default leaves the optimizer's rate as it is and records it.
  History constant = model.fit(data, {.epochs = 2});
  EXPECT_NEAR(constant[1].learning_rate, 0.025, 1e-8);
  EXPECT_NEAR(model.optimizer()->learning_rate(), 0.025, 1e-8);
}

TEST(TrainingPracticeTest, ScheduledZeroRateLeavesTheWeightsAlone) {
  // cosine with T_max 1 reaches eta_min = 0 at the second epoch.
  Dataset data(testing::random_tensor(Shape{8, 2}, -1, 1, 35),
               testing::random_tensor(Shape{8, 1}, -1, 1, 36));
  Sequential model = Sequential::mlp({2, 3, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  std::vector<std::vector<float>> after;
  History history = model.fit(data, {.epochs = 2,
                                     .on_epoch_end =
                                         [&](const EpochRecord&) {
                                           after.push_back(weights(model));
                                           return true;
                                         },
                                     .lr_schedule = LrSchedule::cosine({.t_max = 1})});
  EXPECT_EQ(history[1].learning_rate, 0.0);
  EXPECT_EQ(after[1], after[0]);
}

// A line through the origin trained towards y = 2x and validated on y = x: the validation loss
// falls while the weight passes from its start towards 1, then rises as it goes on to 2.
struct OverfitCase {
  Dataset train;
  Dataset validation;
};

OverfitCase overfit_case() {
  Tensor x(Shape{16, 1});
  for (std::size_t i = 0; i < 16; ++i) x[i] = -1.0f + 2.0f * static_cast<float>(i) / 15.0f;
  Tensor twice = x, once = x;
  for (float& v : twice.values()) v *= 2.0f;
  return {Dataset(x, twice), Dataset(x, once)};
}

TEST(TrainingPracticeTest, EarlyStoppingRestoresTheBestEpochsWeights) {
  const OverfitCase data = overfit_case();
  Sequential model(Dense(1, 1, {.init = Initializer::zeros(), .bias = false}));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  std::vector<std::vector<float>> snapshots;
  const std::size_t patience = 3;
  History history = model.fit(data.train, {.epochs = 100,
                                           .batch_size = 4,
                                           .validation_data = &data.validation,
                                           .on_epoch_end =
                                               [&](const EpochRecord&) {
                                                 snapshots.push_back(weights(model));
                                                 return true;
                                               },
                                           .early_stopping_patience = patience});
  std::size_t best = 0;
  for (std::size_t e = 1; e < history.size(); ++e)
    if (*history[e].val_loss < *history[best].val_loss) best = e;
  EXPECT_GT(best, 0u);                             // it improved for a while,
  EXPECT_EQ(history.size(), best + 1 + patience);  // then ran out of patience
  EXPECT_LT(history.size(), 100u);
  EXPECT_EQ(weights(model), snapshots[best]);
  EXPECT_NE(weights(model), snapshots.back());
  EXPECT_NEAR(model.evaluate(data.validation).loss, *history[best].val_loss, 1e-7);
}

TEST(TrainingPracticeTest, EarlyStoppingCountsOnlyImprovementsBeyondMinDelta) {
  Sequential model(Dense(1, 1));
  model.build();
  EarlyStopping stopping({.patience = 2, .min_delta = 0.1});
  EXPECT_FALSE(stopping.update(1.0, model));
  EXPECT_FALSE(stopping.update(0.95, model));  // not by more than 0.1: wait 1
  EXPECT_FALSE(stopping.update(0.85, model));  // by 0.15: best, wait 0
  EXPECT_FALSE(stopping.update(0.80, model));  // wait 1
  EXPECT_TRUE(stopping.update(0.90, model));   // wait 2: stop
  EXPECT_EQ(stopping.best_epoch(), 3u);
  EXPECT_DOUBLE_EQ(stopping.best_loss(), 0.85);
  EXPECT_THAT([] { EarlyStopping({.patience = 1, .min_delta = -1.0}); },
              ThrowsMessage<Error>(HasSubstr("min_delta must be >= 0, got -1")));
}

TEST(TrainingPracticeTest, EarlyStoppingRestoresBatchNormRunningStatistics) {
  Sequential model(Dense(2, 3), BatchNorm(3));
  model.build();
  auto& bn = model.layer<BatchNorm>(1);
  bn.forward(testing::random_tensor(Shape{4, 3}, -2, 2, 37), true);
  const std::vector<float> mean = bn.running_mean().to_vector();
  const std::vector<float> values = weights(model);
  EarlyStopping stopping({.patience = 5});
  stopping.update(1.0, model);
  bn.forward(testing::random_tensor(Shape{4, 3}, -2, 2, 38), true);
  model.parameters().values()[0] += 1.0f;
  stopping.update(2.0, model);
  stopping.restore_best(model);
  EXPECT_EQ(bn.running_mean().to_vector(), mean);
  EXPECT_EQ(weights(model), values);
}

TEST(TrainingPracticeTest, BatchNormAndDropoutMlpLearnsAndIsDeterministic) {
  // Two Gaussian blobs, far apart: any working network separates them.
  Rng rng(40);
  Tensor x(Shape{200, 2}), y(Shape{200, 1});
  for (std::size_t i = 0; i < 200; ++i) {
    const float label = static_cast<float>(i % 2);
    x(i, 0) = rng.normal(label * 3.0f - 1.5f, 0.7f);
    x(i, 1) = rng.normal(1.5f - label * 3.0f, 0.7f);
    y(i, 0) = label;
  }
  const Dataset data(x, y);
  auto train = [&] {
    Sequential model = Sequential::mlp(
        {2, 16, 16, 2}, {.output = "softmax", .seed = 5, .batchnorm = true, .dropout = {0.2f}});
    model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
    History h = model.fit(data, {.epochs = 15,
                                 .batch_size = 20,
                                 .validation_split = 0.2,
                                 .l2 = 1e-3f,
                                 .clip_norm = 5.0f,
                                 .lr_schedule = LrSchedule::cosine({.t_max = 15}).with_warmup(2),
                                 .early_stopping_patience = 5});
    return std::make_pair(h, model.evaluate(data));
  };
  const auto [history, metrics] = train();
  EXPECT_GT(*metrics.accuracy, 0.95);
  EXPECT_LT(history.back().loss, history.front().loss);
  const auto [again, metrics_again] = train();
  ASSERT_EQ(again.size(), history.size());
  for (std::size_t e = 0; e < history.size(); ++e) {
    EXPECT_EQ(again[e].loss, history[e].loss);
    EXPECT_EQ(again[e].val_loss, history[e].val_loss);
  }
  EXPECT_EQ(metrics_again.loss, metrics.loss);
}

}  // namespace
}  // namespace axon
