// The Trainer: option checks, determinism, history, schedules, and early stopping as a callback.
#include "axon/train/trainer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/early_stopping.hpp"
#include "axon/train/epoch_logger.hpp"
#include "axon/train/lambda_callback.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<float> weights(Sequential& model) {
  const auto values = model.parameters().values();
  return {values.begin(), values.end()};
}

TEST(TrainerTest, TrainingNeedsCompile) {
  Sequential model = Sequential::mlp({2, 1});
  Dataset data(Tensor(Shape{2, 2}), Tensor(Shape{2, 1}));
  try {
    Trainer(model, {}).fit(data);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("compile"));
  }
}

TEST(TrainerTest, ImpossibleOptionsAreRejectedWithTheirValue) {
  Sequential model = Sequential::mlp({2, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  Dataset data(Tensor(Shape{4, 2}), Tensor(Shape{4, 1}));
  auto message = [&](TrainerOptions o) {
    try {
      Trainer(model, o).fit(data);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message({.epochs = 0}), HasSubstr("epochs must be > 0, got 0"));
  EXPECT_THAT(message({.batch_size = 0}), HasSubstr("batch_size must be > 0, got 0"));
  EXPECT_THAT(message({.validation_split = 1.5}), HasSubstr("validation_split"));
  EXPECT_THAT(message({.epochs = 1}), HasSubstr("no error"));
  Dataset empty;
  EXPECT_THROW(Trainer(model, {}).fit(empty), Error);
}

TEST(TrainerTest, IsBitIdenticalForTheSameSeed) {
  auto train = [](std::uint64_t seed) {
    Rng rng(99);
    Tensor x(Shape{64, 3}), y(Shape{64, 1});
    for (std::size_t i = 0; i < 64; ++i) {
      for (std::size_t j = 0; j < 3; ++j) x(i, j) = rng.uniform(-1, 1);
      y(i, 0) = x(i, 0) - 2 * x(i, 1) + 0.5f * x(i, 2);
    }
    Sequential m = Sequential::mlp({3, 8, 1}, {.seed = seed});
    m.compile(make_loss("mse"), make_optimizer("adam", 0.01f));
    Trainer(m, {.epochs = 5, .batch_size = 8, .validation_split = 0.25}).fit(Dataset(x, y));
    return std::vector<float>(m.parameters().values().begin(), m.parameters().values().end());
  };
  EXPECT_EQ(train(3), train(3));
  EXPECT_NE(train(3), train(4));
}

TEST(TrainerTest, RecordsHistoryAndEpochLoggerPrintsEveryNEpochs) {
  Rng rng(1);
  Tensor x(Shape{40, 2}), y(Shape{40, 1});
  for (std::size_t i = 0; i < 40; ++i) {
    x(i, 0) = rng.uniform(-1, 1);
    x(i, 1) = rng.uniform(-1, 1);
    y(i, 0) = x(i, 0) + x(i, 1) > 0 ? 1.0f : 0.0f;
  }
  Sequential m = Sequential::mlp({2, 8, 2}, {.output = "softmax"});
  m.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.05f));
  std::ostringstream log;
  EpochLogger logger(log, 10);
  History h = Trainer(m, {.epochs = 30, .batch_size = 10, .validation_split = 0.25})
                  .add(logger)
                  .fit(Dataset(x, y));
  ASSERT_EQ(h.size(), 30u);
  EXPECT_TRUE(h[0].accuracy.has_value());
  EXPECT_TRUE(h[0].val_loss.has_value());
  EXPECT_LT(h.back().loss, h.front().loss);
  EXPECT_GT(*h.back().accuracy, 0.85);
  const std::string out = log.str();
  EXPECT_THAT(out, HasSubstr("Epoch 1/30  loss "));
  EXPECT_THAT(out, HasSubstr("Epoch 10/30"));
  EXPECT_THAT(out, HasSubstr("Epoch 30/30"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("Epoch 11/30")));
}

TEST(TrainerTest, RecordsTheScheduledLearningRate) {
  Dataset data(testing::random_tensor(Shape{20, 2}, -1, 1, 33),
               testing::random_tensor(Shape{20, 1}, -1, 1, 34));
  Sequential model = Sequential::mlp({2, 4, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  History history =
      Trainer(model,
              {.epochs = 5, .lr_schedule = LrSchedule::step({.step_size = 2, .gamma = 0.5f})})
          .fit(data);
  std::vector<double> rates;
  for (const EpochRecord& r : history) rates.push_back(r.learning_rate);
  EXPECT_THAT(rates,
              ElementsAre(::testing::DoubleNear(0.1, 1e-8), ::testing::DoubleNear(0.1, 1e-8),
                          ::testing::DoubleNear(0.05, 1e-8), ::testing::DoubleNear(0.05, 1e-8),
                          ::testing::DoubleNear(0.025, 1e-8)));
  EXPECT_NEAR(model.optimizer()->learning_rate(), 0.025, 1e-8);
  // The constant default leaves the optimizer's rate as it is and records it.
  History constant = Trainer(model, {.epochs = 2}).fit(data);
  EXPECT_NEAR(constant[1].learning_rate, 0.025, 1e-8);
  EXPECT_NEAR(model.optimizer()->learning_rate(), 0.025, 1e-8);
}

TEST(TrainerTest, ScheduledZeroRateLeavesTheWeightsAlone) {
  // cosine with T_max 1 reaches eta_min = 0 at the second epoch.
  Dataset data(testing::random_tensor(Shape{8, 2}, -1, 1, 35),
               testing::random_tensor(Shape{8, 1}, -1, 1, 36));
  Sequential model = Sequential::mlp({2, 3, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  std::vector<std::vector<float>> after;
  LambdaCallback record({.on_epoch_end = [&](Trainer& t, const EpochRecord&) {
    after.push_back(weights(t.model()));
  }});
  History history = Trainer(model, {.epochs = 2, .lr_schedule = LrSchedule::cosine({.t_max = 1})})
                        .add(record)
                        .fit(data);
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

TEST(EarlyStoppingTest, RestoresTheBestEpochsWeights) {
  const OverfitCase data = overfit_case();
  Sequential model(Dense(1, 1, {.init = Initializer::zeros(), .bias = false}));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  std::vector<std::vector<float>> snapshots;
  const std::size_t patience = 3;
  EarlyStopping stopping({.patience = patience});
  LambdaCallback snapshot({.on_epoch_end = [&](Trainer& t, const EpochRecord&) {
    snapshots.push_back(weights(t.model()));
  }});
  Trainer trainer(model, {.epochs = 100, .batch_size = 4, .validation_data = &data.validation});
  History history = trainer.add(stopping).add(snapshot).fit(data.train);
  std::size_t best = 0;
  for (std::size_t e = 1; e < history.size(); ++e)
    if (*history[e].val_loss < *history[best].val_loss) best = e;
  EXPECT_GT(best, 0u);                             // it improved for a while,
  EXPECT_EQ(history.size(), best + 1 + patience);  // then ran out of patience
  EXPECT_LT(history.size(), 100u);
  EXPECT_TRUE(stopping.stopped());
  EXPECT_TRUE(trainer.stop_requested());
  EXPECT_EQ(trainer.stop_reason(), "no improvement in 3 epochs");
  EXPECT_EQ(stopping.best_epoch(), best + 1);
  EXPECT_EQ(best_epoch(history)->epoch, best + 1);
  EXPECT_EQ(weights(model), snapshots[best]);
  EXPECT_NE(weights(model), snapshots.back());
  EXPECT_NEAR(model.evaluate(data.validation).loss, *history[best].val_loss, 1e-7);
}

TEST(EarlyStoppingTest, CountsOnlyImprovementsBeyondMinDelta) {
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

TEST(EarlyStoppingTest, RestoresBatchNormRunningStatistics) {
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

TEST(TrainerTest, BatchNormAndDropoutMlpLearnsAndIsDeterministic) {
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
    EarlyStopping stopping({.patience = 5});
    History h = Trainer(model, {.epochs = 15,
                                .batch_size = 20,
                                .validation_split = 0.2,
                                .lr_schedule = LrSchedule::cosine({.t_max = 15}).with_warmup(2),
                                .step = {.l2 = 1e-3f, .clip_norm = 5.0f}})
                    .add(stopping)
                    .fit(data);
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
