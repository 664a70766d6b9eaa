// Finite-difference checks of every loss's backward, with both reductions. Inputs stay clear of
// the kinks (mae at a = y, huber at |a - y| = delta, hinge at t a = 1) by more than the step.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "axon/losses/loss.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using testing::expect_loss_gradient;
using testing::random_tensor;
using testing::random_tensor_away_from_zero;

struct GradientCase {
  std::string loss;
  Tensor prediction;
  Tensor target;
};

Tensor plus(const Tensor& a, const Tensor& b) {
  Tensor sum = a;
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += b[i];
  return sum;
}

/// Rows of non-negative weights summing to 1, with one exact zero.
Tensor probability_rows(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  Tensor t = random_tensor(Shape{rows, cols}, 0.05f, 1.0f, seed);
  t(0, 0) = 0.0f;
  for (std::size_t i = 0; i < rows; ++i) {
    float total = 0.0f;
    for (std::size_t j = 0; j < cols; ++j) total += t(i, j);
    for (std::size_t j = 0; j < cols; ++j) t(i, j) /= total;
  }
  return t;
}

std::vector<GradientCase> gradient_cases() {
  const Shape shape{5, 3};
  const Tensor values = random_tensor(shape, -2.0f, 2.0f, 1);
  const Tensor offsets = random_tensor_away_from_zero(shape, 2.0f, 0.1f, 2);
  const Tensor probabilities = random_tensor(shape, 0.2f, 0.9f, 3);
  const Tensor logits = random_tensor(shape, -4.0f, 4.0f, 4);
  const Tensor soft = random_tensor(shape, 0.0f, 1.0f, 5);
  const Tensor soft_rows = probability_rows(5, 3, 6);
  const Tensor one_hot(shape, {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0});
  const Tensor indices(Shape{5, 1}, {0, 2, 1, 2, 0});
  const Tensor binary(shape, {1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1});
  // |a - y| in both of huber's regions, away from delta = 1.
  const Tensor huber_offsets(
      shape, {-2.5, -1.3, -0.8, -0.4, -0.1, 0.1, 0.3, 0.7, 1.2, 2.0, 3.1, -3.0, 0.5, -0.6, 1.6});
  // Scores with t a away from 1 for t = +-1.
  const Tensor scores(
      shape, {-2.0, -1.3, -0.7, -0.2, 0.3, 0.8, 1.4, 2.2, -0.5, 0.6, -1.6, 1.1, 0.05, -0.9, 1.8});
  // The same at half the size, for delta = 0.5.
  Tensor half_huber_offsets = huber_offsets;
  for (float& v : half_huber_offsets.values()) v *= 0.5f;
  Tensor plus_minus = binary;
  for (float& v : plus_minus.values()) v = 2.0f * v - 1.0f;

  return {
      {"mse", values, plus(values, offsets)},
      {"half_mse", values, plus(values, offsets)},
      {"mae", values, plus(values, offsets)},
      {"huber", values, plus(values, huber_offsets)},
      {"huber:0.5", values, plus(values, half_huber_offsets)},
      {"bce", probabilities, binary},
      {"bce", probabilities, soft},
      {"bce_logits", logits, binary},
      {"bce_logits", logits, soft},
      {"categorical_crossentropy", probabilities, one_hot},
      {"categorical_crossentropy", probabilities, soft_rows},
      {"sparse_categorical_crossentropy", probabilities, indices},
      {"cross_entropy", probabilities, indices},
      {"cross_entropy", probabilities, one_hot},
      {"softmax_cross_entropy", logits, indices},
      {"softmax_cross_entropy", logits, one_hot},
      {"softmax_cross_entropy", logits, soft_rows},
      {"hinge", scores, plus_minus},
      {"hinge", scores, binary},
      {"kl_div", probabilities, soft_rows},
  };
}

TEST(LossGradient, MatchesFiniteDifferencesForEveryLoss) {
  for (const GradientCase& c : gradient_cases()) {
    for (Reduction reduction : {Reduction::kMean, Reduction::kSum}) {
      SCOPED_TRACE(c.loss + (reduction == Reduction::kMean ? " mean" : " sum"));
      std::unique_ptr<Loss> loss = make_loss(c.loss, reduction);
      expect_loss_gradient(*loss, c.prediction, c.target);
    }
  }
}

TEST(LossGradient, BackwardReusesTheGradientBuffer) {
  std::unique_ptr<Loss> loss = make_loss("softmax_cross_entropy");
  const Tensor logits = random_tensor(Shape{8, 4}, -1.0f, 1.0f, 7);
  const Tensor indices(Shape{8, 1}, {0, 1, 2, 3, 3, 2, 1, 0});
  Tensor grad;
  loss->backward(logits, indices, grad);
  const float* buffer = grad.data();
  // A smaller last batch fits in the capacity already there.
  const Tensor small = random_tensor(Shape{3, 4}, -1.0f, 1.0f, 8);
  loss->backward(small, Tensor(Shape{3, 1}, {2, 0, 1}), grad);
  EXPECT_EQ(grad.data(), buffer);
  EXPECT_EQ(grad.shape(), small.shape());
}

}  // namespace
}  // namespace axon
