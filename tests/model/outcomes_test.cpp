// End-to-end outcomes of the seed notebooks: what each example must reach, trained through the
// public API (generators, Sequential, losses, optimizers) with fixed seeds.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "axon/axon.hpp"
#include "axon/data/generators.hpp"
#include "axon/data/standardizer.hpp"
#include "axon/train/trainer.hpp"

namespace axon {
namespace {

double accuracy(Sequential& model, const Dataset& data) { return *model.evaluate(data).accuracy; }

TEST(Outcomes, Seed002ForwardExampleGivesTheNotebooksProbability) {
  // inputs (3, 4) -> ReLU(W1 x + b1) = (4.3, 0) -> sigmoid(W2 a + b2) = sigmoid(1.82)
  Sequential model(Dense(2, 2), ReLU(), Dense(2, 1), Sigmoid());
  model.build();
  const float w1[] = {0.2f, 0.8f, 0.6f, -0.5f}, b1[] = {0.5f, -0.2f}, w2[] = {0.4f, 0.9f};
  std::copy(std::begin(w1), std::end(w1), model.layer<Dense>(0).weight().value);
  std::copy(std::begin(b1), std::end(b1), model.layer<Dense>(0).bias().value);
  std::copy(std::begin(w2), std::end(w2), model.layer<Dense>(2).weight().value);
  model.layer<Dense>(2).bias().value[0] = 0.1f;
  const Tensor x(Shape{1, 2}, {3.0f, 4.0f});
  const Tensor& hidden = model.layer(1).forward(model.layer(0).forward(x, false), false);
  EXPECT_FLOAT_EQ(hidden[0], 4.3f);
  EXPECT_FLOAT_EQ(hidden[1], 0.0f);
  EXPECT_FLOAT_EQ(model.forward(x)[0], static_cast<float>(0.86056612703835));
}

TEST(Outcomes, Seed002LearnsYEquals2X) {
  // The complete example: x = 0..3, y = 2x, Dense(1, 1), MSE, SGD at 0.1 for 100 epochs. Runs
  // with seeds 0-5 all end with |w - 2| < 0.004; the notebook predicts 9.996 for x = 5.
  Rng rng(0);
  const Dataset line = data::linear(rng, {.start = 0.0f});
  Sequential model(0);
  model.add(Dense(1, 1));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  Trainer(model, {.epochs = 100, .batch_size = line.size(), .shuffle = false}).fit(line);
  EXPECT_NEAR(model.layer<Dense>(0).weight().value[0], 2.0f, 0.05f);
  EXPECT_NEAR(model.layer<Dense>(0).bias().value[0], 0.0f, 0.1f);
  EXPECT_NEAR(model.forward(Tensor(Shape{1, 1}, {5.0f}))[0], 10.0f, 0.1f);
}

TEST(Outcomes, Seed000TwoGaussiansAreSeparated) {
  // Means 1.0 and 0.5 in 4 features with std 0.1: along (1, 1, 1, 1) the classes are 10 std
  // apart, so any trained classifier should make no mistakes.
  Rng rng(4);
  const Dataset train = data::blobs(rng, {.samples_per_class = 512});
  const Dataset test = data::blobs(rng);
  Sequential model = Sequential::mlp({4, 8, 1}, {.output = "sigmoid", .seed = 4});
  model.compile(make_loss("bce"), make_optimizer("sgd", 0.5f));
  const History history = Trainer(model, {.epochs = 10, .batch_size = 32}).fit(train);
  EXPECT_LT(history.back().loss, history.front().loss);
  EXPECT_EQ(accuracy(model, train), 1.0);
  EXPECT_EQ(accuracy(model, test), 1.0);
}

TEST(Outcomes, Seed001ClassificationReachesSensibleAccuracy) {
  // make_classification-like data, standardized, 80/20 split; 20-64-3 with He init, full-batch
  // SGD at 0.1. Runs with seeds 0-5 (500 epochs) reached training accuracy 0.935-0.966 and test
  // accuracy 0.815-0.905; chance is 1/3.
  Rng rng(1);
  const Dataset data = data::classification(rng);
  auto [train, test] = data.split(0.2, rng);
  data::Standardizer scaler;
  scaler.fit_transform(train.inputs);
  scaler.transform(test.inputs);
  const DenseOptions he{.init = Initializer::he_normal()};
  Sequential model(1);
  model.add(Dense(20, 64, he)).add(ReLU()).add(Dense(64, 3, he)).add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.1f));
  const History history =
      Trainer(model, {.epochs = 500, .batch_size = train.size(), .shuffle = false}).fit(train);
  EXPECT_LT(history.back().loss, 0.5 * history.front().loss);
  EXPECT_GE(*history.back().accuracy, 0.9);
  EXPECT_GE(accuracy(model, test), 0.75);
}

TEST(Outcomes, Seed003SineNetworkFitsTheCurve) {
  // [1, 10, 10, 1], ReLU and sigmoid, all parameters ~ N(0, 0.1^2), per-sample SGD at 0.01 on
  // the half squared error. After 300 epochs, runs with seeds 0-5 gave MSE 0.0116, 0.0137,
  // 0.0127, 0.094 (one slow start), 0.0129 and 0.0116; predicting the mean scores
  // var(y) = 0.125. The bound is twice the typical run.
  Rng rng(0);
  const Dataset data = data::sine(rng);
  Sequential model =
      Sequential::mlp({1, 10, 10, 1}, {.activation = "relu", .output = "sigmoid", .seed = 0});
  model.build();
  for (float& v : model.parameters().values()) v = rng.normal(0.0f, 0.1f);
  model.compile(make_loss("half_mse"), make_optimizer("sgd", 0.01f));
  Trainer(model, {.epochs = 300, .batch_size = 1, .shuffle = false}).fit(data);
  EXPECT_LT(*model.evaluate(data).mse, 0.025);
}

TEST(Outcomes, Seed004OneHiddenLayerSolvesXor) {
  // 2-4-2, sigmoid and softmax, summed cross-entropy, SGD at 0.5 for 5000 full-batch epochs.
  // With weights ~ N(0, 1) every one of 40 seeds tried reached 100%; with the notebook's
  // N(0, 0.01^2) none did: the loss stays at the saddle ln 2 (checked below).
  Rng rng(0);
  const Dataset xor_data = data::xor_gate(rng);
  for (float scale : {1.0f, 0.01f}) {
    for (std::uint64_t seed = 0; seed < 3; ++seed) {
      const DenseOptions init{.init = Initializer::normal(scale)};
      Sequential model(seed);
      model.add(Dense(2, 4, init)).add(Sigmoid()).add(Dense(4, 2, init)).add(Softmax());
      model.compile(make_loss("cross_entropy", Reduction::kSum), make_optimizer("sgd", 0.5f));
      const History history = Trainer(model, {.epochs = 5000, .batch_size = 4}).fit(xor_data);
      SCOPED_TRACE(::testing::Message() << "scale " << scale << ", seed " << seed);
      if (scale == 1.0f) {
        EXPECT_EQ(accuracy(model, xor_data), 1.0);
      } else {
        EXPECT_NEAR(history.back().loss / 4.0, std::log(2.0), 1e-3);
      }
    }
  }
}

TEST(Outcomes, Seed004MultiLayerNetworkSolvesXor) {
  // [2, 8, 4, 2], Xavier init, ReLU, softmax, SGD at 0.05, batch 4, 2000 epochs. In 40 seeds
  // tried, 34 reached 100% and the rest stopped at 75% (a local minimum with dead units); seed 42
  // is the example's default and must solve it, and most of ten others must too.
  Rng rng(0);
  const Dataset xor_data = data::xor_gate(rng);
  auto train = [&](std::uint64_t seed) {
    Sequential model = Sequential::mlp({2, 8, 4, 2}, {.activation = "relu",
                                                      .output = "softmax",
                                                      .init = Initializer::xavier_normal(),
                                                      .seed = seed});
    model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.05f));
    Trainer(model, {.epochs = 2000, .batch_size = 4}).fit(xor_data);
    return accuracy(model, xor_data);
  };
  EXPECT_EQ(train(42), 1.0);
  int solved = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) solved += train(seed) == 1.0;
  EXPECT_GE(solved, 7);
}

}  // namespace
}  // namespace axon
