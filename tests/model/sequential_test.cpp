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
