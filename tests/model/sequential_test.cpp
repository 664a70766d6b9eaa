// Sequential: building, a whole-model gradient check, the summary table, determinism, and errors.
#include "axon/model/sequential.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "axon/layers/activations.hpp"
#include "axon/layers/dense.hpp"
#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(SequentialTest, MlpFromSizesBuildsDenseAndActivations) {
  Sequential model = Sequential::mlp({4, 8, 3}, {.activation = "tanh", .output = "softmax"});
  ASSERT_EQ(model.size(), 4u);
  EXPECT_EQ(model.layer(0).name(), "dense");
  EXPECT_EQ(model.layer(1).name(), "tanh");
  EXPECT_EQ(model.layer(3).name(), "softmax");
  model.build();
  EXPECT_EQ(model.parameter_count(), 4u * 8 + 8 + 8 * 3 + 3);
  EXPECT_EQ(model.output_features(), 3u);
}

TEST(SequentialTest, ParametersLiveInOneContiguousStore) {
  Sequential model = Sequential::mlp({3, 5, 2});
  auto named = model.named_parameters();
  ASSERT_EQ(named.size(), 4u);
  EXPECT_EQ(named[0].first, "dense_1.weight");
  EXPECT_EQ(named[3].first, "dense_2.bias");
  float* expected = model.parameters().values().data();
  for (auto& [name, p] : named) {
    EXPECT_EQ(p->value, expected) << name;
    expected += p->size();
  }
}

TEST(SequentialTest, WholeModelGradientMatchesFiniteDifferences) {
  Sequential model(Dense(4, 6, {.init = Initializer::xavier_normal()}), Tanh(), Dense(6, 5),
                   Sigmoid(), Dense(5, 3), Softmax());
  model.build();
  const Tensor x = testing::random_tensor(Shape{7, 4}, -1, 1, 5);
  const Tensor g = testing::random_tensor(Shape{7, 3}, -1, 1, 6);
  auto f = [&] {
    const Tensor& y = model.forward(x, true);
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += static_cast<double>(g[i]) * y[i];
    return s;
  };
  model.zero_grad();
  model.forward(x, true);
  model.backward(g);
  std::vector<float> analytic(model.parameters().grads().begin(), model.parameters().grads().end());
  testing::expect_gradient_matches(f, model.parameters().values(), analytic, "model");
}

TEST(SequentialTest, SameSeedSameWeightsDifferentSeedDifferentWeights) {
  auto weights = [](std::uint64_t seed) {
    Sequential m = Sequential::mlp({3, 4, 2}, {.seed = seed});
    m.build();
    return std::vector<float>(m.parameters().values().begin(), m.parameters().values().end());
  };
  EXPECT_EQ(weights(1), weights(1));
  EXPECT_NE(weights(1), weights(2));
}

TEST(SequentialTest, SummaryListsLayersShapesAndTotals) {
  Sequential model = Sequential::mlp({784, 128, 64, 10}, {.output = "softmax"});
  const std::string s = model.summary();
  EXPECT_THAT(s, HasSubstr("dense_1 (dense)"));
  EXPECT_THAT(s, HasSubstr("(None, 128)"));
  EXPECT_THAT(s, HasSubstr("100,480"));
  EXPECT_THAT(s, HasSubstr("Total params: 109,386"));
}

TEST(SequentialTest, MismatchedLayersAreRejectedAtBuild) {
  Sequential model(Dense(4, 3), ReLU(), Dense(5, 2));
  try {
    model.build();
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("layer 3"));
    EXPECT_THAT(e.what(), HasSubstr("expects 5 input features, got 3"));
  }
}

TEST(SequentialTest, WrongInputWidthIsRejected) {
  Sequential model = Sequential::mlp({3, 2});
  EXPECT_THROW(model.forward(Tensor(Shape{2, 4}), false), Error);
}

TEST(SequentialTest, TrainingNeedsCompile) {
  Sequential model = Sequential::mlp({2, 1});
  Dataset data(Tensor(Shape{2, 2}), Tensor(Shape{2, 1}));
  try {
    model.fit(data, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("compile"));
  }
}

TEST(SequentialTest, ImpossibleFitOptionsAreRejectedWithTheirValue) {
  Sequential model = Sequential::mlp({2, 1});
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  Dataset data(Tensor(Shape{4, 2}), Tensor(Shape{4, 1}));
  auto message = [&](FitOptions o) {
    try {
      model.fit(data, o);
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
  EXPECT_THROW(model.fit(empty, {}), Error);
  EXPECT_THROW(make_optimizer("sgd", -0.1f), Error);
}

TEST(SequentialTest, FitIsBitIdenticalForTheSameSeed) {
  auto train = [](std::uint64_t seed) {
    Rng rng(99);
    Tensor x(Shape{64, 3}), y(Shape{64, 1});
    for (std::size_t i = 0; i < 64; ++i) {
      for (std::size_t j = 0; j < 3; ++j) x(i, j) = rng.uniform(-1, 1);
      y(i, 0) = x(i, 0) - 2 * x(i, 1) + 0.5f * x(i, 2);
    }
    Sequential m = Sequential::mlp({3, 8, 1}, {.seed = seed});
    m.compile(make_loss("mse"), make_optimizer("adam", 0.01f));
    History h = m.fit(Dataset(x, y), {.epochs = 5, .batch_size = 8, .validation_split = 0.25});
    return std::vector<float>(m.parameters().values().begin(), m.parameters().values().end());
  };
  EXPECT_EQ(train(3), train(3));
  EXPECT_NE(train(3), train(4));
}

TEST(SequentialTest, FitRecordsHistoryAndPrintsEveryNEpochs) {
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
  History h = m.fit(
      Dataset(x, y),
      {.epochs = 30, .batch_size = 10, .validation_split = 0.25, .verbose_every = 10, .log = &log});
  ASSERT_EQ(h.size(), 30u);
  EXPECT_TRUE(h[0].accuracy.has_value());
  EXPECT_TRUE(h[0].val_loss.has_value());
  EXPECT_LT(h.back().loss, h.front().loss);
  EXPECT_GT(*h.back().accuracy, 0.85);
  const std::string out = log.str();
  EXPECT_THAT(out, HasSubstr("Epoch 10/30"));
  EXPECT_THAT(out, HasSubstr("Epoch 30/30"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("Epoch 11/30")));
}

}  // namespace
}  // namespace axon

namespace axon {
namespace {

TEST(SequentialMlpTest, ActivationPerHiddenLayer) {
  Sequential model = Sequential::mlp({3, 4, 5, 2}, {.activation = "relu,tanh"});
  ASSERT_EQ(model.size(), 5u);
  EXPECT_EQ(model.layer(1).name(), "relu");
  EXPECT_EQ(model.layer(3).name(), "tanh");
  try {
    Sequential::mlp({3, 4, 5, 2}, {.activation = "relu,tanh,sigmoid"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("one per hidden layer (2), got 3"));
  }
}

TEST(MakeOptimizerTest, WeightDecayReplacesTheDefault) {
  // With a zero gradient only the decay moves the parameters: p <- p - lr * wd * p for SGD, on
  // weights and biases alike, as PyTorch decays them.
  ParameterStore store;
  Parameter w{"weight", Shape{2}, ParameterKind::kWeight};
  Parameter b{"bias", Shape{1}, ParameterKind::kBias};
  store.bind({&w, &b});
  for (float& v : store.values()) v = 1.0f;
  make_optimizer("sgd", 0.1f, 0.5f)->step(store);
  EXPECT_FLOAT_EQ(w.value[0], 0.95f);
  EXPECT_FLOAT_EQ(b.value[0], 0.95f);
  make_optimizer("sgd", 0.1f)->step(store);
  EXPECT_FLOAT_EQ(w.value[0], 0.95f);
}

}  // namespace
}  // namespace axon
