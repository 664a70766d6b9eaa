// Dropout: identity in evaluation, the scaled mask in training (values, keep rate, expectation),
// the matching backward, and masks decided by the seed.
#include "axon/layers/dropout.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "axon/model/sequential.hpp"
#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(DropoutTest, EvaluationIsTheIdentityForwardAndBackward) {
  Dropout dropout(0.5f);
  const Tensor x = testing::random_tensor(Shape{4, 3}, -1, 1, 1);
  const Tensor& y = dropout.forward(x, false);
  EXPECT_EQ(y.to_vector(), x.to_vector());
  const Tensor g = testing::random_tensor(Shape{4, 3}, -1, 1, 2);
  EXPECT_EQ(dropout.backward(g).to_vector(), g.to_vector());
}

TEST(DropoutTest, ZeroProbabilityKeepsEverythingWhileTraining) {
  Dropout dropout(0.0f);
  const Tensor x = testing::random_tensor(Shape{4, 3}, -1, 1, 1);
  EXPECT_EQ(dropout.forward(x, true).to_vector(), x.to_vector());
}

TEST(DropoutTest, TrainingZeroesAboutPAndScalesTheRestByOneOverOneMinusP) {
  const float p = 0.3f;
  Dropout dropout(p);
  const Tensor x(Shape{200, 100}, 2.0f);
  const Tensor& y = dropout.forward(x, true);
  std::size_t zeros = 0;
  for (const float v : y.values()) {
    if (v == 0.0f) {
      ++zeros;
    } else {
      EXPECT_FLOAT_EQ(v, 2.0f / (1.0f - p));
    }
  }
  // Binomial(20000, 0.3): standard deviation 65; allow 5 of them.
  EXPECT_NEAR(static_cast<double>(zeros), 0.3 * 20000, 5 * 65);
}

TEST(DropoutTest, ScaledOutputsAverageToTheInputs) {
  // Each element of y is x / (1 - p) with probability 1 - p, else 0: its mean over many draws
  // is x, with standard deviation |x| sqrt(p / (1 - p) / draws).
  const float p = 0.5f;
  const std::size_t draws = 20000;
  Dropout dropout(p);
  const Tensor x(Shape{1, 4}, {1.0f, -2.0f, 0.5f, 3.0f});
  std::vector<double> sum(4, 0.0);
  for (std::size_t d = 0; d < draws; ++d) {
    const Tensor& y = dropout.forward(x, true);
    for (std::size_t j = 0; j < 4; ++j) sum[j] += y[j];
  }
  for (std::size_t j = 0; j < 4; ++j) {
    const double sigma = std::abs(x[j]) * std::sqrt(p / (1.0 - p) / draws);
    EXPECT_NEAR(sum[j] / draws, x[j], 5 * sigma) << j;
  }
}

TEST(DropoutTest, BackwardAppliesTheSameMask) {
  Dropout dropout(0.4f);
  const Tensor x = testing::random_tensor_away_from_zero(Shape{8, 5}, 1, 0.1f, 3);
  const Tensor y = dropout.forward(x, true);
  const Tensor g = testing::random_tensor(Shape{8, 5}, -1, 1, 4);
  const Tensor& dx = dropout.backward(g);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_FLOAT_EQ(dx[i], g[i] * (y[i] / x[i])) << i;
}

TEST(DropoutTest, MasksAreDecidedByTheSeed) {
  const Tensor x(Shape{6, 10}, 1.0f);
  auto mask = [&](std::uint64_t seed) {
    Dropout dropout(0.5f);
    dropout.set_seed(seed);
    return dropout.forward(x, true).to_vector();
  };
  EXPECT_EQ(mask(7), mask(7));
  EXPECT_NE(mask(7), mask(8));
}

TEST(DropoutTest, AModelsSeedDrivesItsDropoutMasks) {
  const Tensor x = testing::random_tensor(Shape{16, 4}, -1, 1, 5);
  // Models of seeds 3, 3 and 4, all given the weights of the first: only the masks can differ.
  Sequential a = Sequential::mlp({4, 32, 2}, {.seed = 3, .dropout = {0.5f}});
  Sequential same = Sequential::mlp({4, 32, 2}, {.seed = 3, .dropout = {0.5f}});
  Sequential other = Sequential::mlp({4, 32, 2}, {.seed = 4, .dropout = {0.5f}});
  for (Sequential* m : {&a, &same, &other}) m->build();
  for (Sequential* m : {&same, &other})
    std::ranges::copy(a.parameters().values(), m->parameters().values().begin());
  const std::vector<float> y = a.forward(x, true).to_vector();
  EXPECT_EQ(same.forward(x, true).to_vector(), y);
  EXPECT_NE(other.forward(x, true).to_vector(), y);
  EXPECT_EQ(other.forward(x, false).to_vector(), a.forward(x, false).to_vector());
  // Two training passes of one model draw different masks; evaluation draws none.
  Sequential model = Sequential::mlp({4, 32, 2}, {.dropout = {0.5f}});
  const std::vector<float> first = model.forward(x, true).to_vector();
  EXPECT_NE(model.forward(x, true).to_vector(), first);
  EXPECT_EQ(model.forward(x, false).to_vector(), model.forward(x, false).to_vector());
}

TEST(DropoutTest, DropoutDoesNotChangeTheInitialWeights) {
  auto weights = [](std::vector<float> dropout) {
    Sequential model = Sequential::mlp({4, 8, 8, 2}, {.seed = 9, .dropout = dropout});
    model.build();
    const auto values = model.parameters().values();
    return std::vector<float>(values.begin(), values.end());
  };
  EXPECT_EQ(weights({}), weights({0.5f, 0.2f}));
}

TEST(DropoutTest, ProbabilityOutsideZeroToOneIsRejected) {
  EXPECT_THAT([] { Dropout(-0.1f); }, ThrowsMessage<Error>(HasSubstr("got -0.1")));
  EXPECT_THAT([] { Dropout(1.0f); }, ThrowsMessage<Error>(HasSubstr("p must be in [0, 1), got 1")));
  EXPECT_THROW(Dropout{std::numeric_limits<float>::quiet_NaN()}, Error);
}

}  // namespace
}  // namespace axon
