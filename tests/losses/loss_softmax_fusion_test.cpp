// The fused softmax_backward of the cross-entropy losses equals the loss gradient passed back
// through the Softmax layer, and losses that cannot fuse say so.
#include <gtest/gtest.h>

#include <string>

#include "axon/layers/activations.hpp"
#include "axon/losses/loss.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using testing::random_tensor;

void expect_fused_matches_chained(const std::string& name, Reduction reduction,
                                  const Tensor& target) {
  SCOPED_TRACE(name + (reduction == Reduction::kMean ? " mean" : " sum"));
  std::unique_ptr<Loss> loss = make_loss(name, reduction);
  Softmax softmax;
  const Tensor logits = random_tensor(Shape{6, 4}, -3.0f, 3.0f, 11);
  const Tensor probabilities = softmax.forward(logits, true);

  Tensor grad_probabilities;
  loss->backward(probabilities, target, grad_probabilities);
  const Tensor chained = softmax.backward(grad_probabilities);

  Tensor fused;
  ASSERT_TRUE(loss->softmax_backward(probabilities, target, fused));
  ASSERT_EQ(fused.shape(), chained.shape());
  for (std::size_t i = 0; i < fused.size(); ++i)
    EXPECT_NEAR(fused[i], chained[i], 1e-5f + 1e-4f * std::abs(chained[i])) << "entry " << i;
}

TEST(LossSoftmaxFusion, EqualsSoftmaxBackwardOfTheLossGradient) {
  const Tensor indices(Shape{6, 1}, {3, 0, 1, 2, 2, 0});
  const Tensor one_hot(Shape{6, 4},
                       {0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0});
  const Tensor soft_rows(
      Shape{6, 4}, {0.1f, 0.2f, 0.3f, 0.4f, 0.25f, 0.25f, 0.25f, 0.25f, 0.0f, 0.5f, 0.5f, 0.0f,
                    0.7f, 0.1f, 0.1f, 0.1f, 0.0f,  0.0f,  1.0f,  0.0f,  0.4f, 0.3f, 0.2f, 0.1f});
  for (Reduction reduction : {Reduction::kMean, Reduction::kSum}) {
    expect_fused_matches_chained("categorical_crossentropy", reduction, one_hot);
    expect_fused_matches_chained("categorical_crossentropy", reduction, soft_rows);
    expect_fused_matches_chained("sparse_categorical_crossentropy", reduction, indices);
    expect_fused_matches_chained("cross_entropy", reduction, indices);
    expect_fused_matches_chained("cross_entropy", reduction, one_hot);
  }
}

TEST(LossSoftmaxFusion, IsProbabilitiesMinusTargetsOverBatch) {
  // (A - Y) / N for mean, A - Y for sum.
  const Tensor probabilities(Shape{2, 3}, {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f});
  const Tensor indices(Shape{2}, {1, 0});
  Tensor grad;
  ASSERT_TRUE(
      make_loss("sparse_categorical_crossentropy")->softmax_backward(probabilities, indices, grad));
  const float expected_mean[] = {0.1f, -0.25f, 0.15f, -0.2f, 0.15f, 0.05f};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_NEAR(grad[i], expected_mean[i], 1e-7f);
  ASSERT_TRUE(make_loss("sparse_categorical_crossentropy", Reduction::kSum)
                  ->softmax_backward(probabilities, indices, grad));
  for (std::size_t i = 0; i < 6; ++i) EXPECT_NEAR(grad[i], 2.0f * expected_mean[i], 1e-7f);
}

TEST(LossSoftmaxFusion, OtherLossesDoNotFuse) {
  const Tensor probabilities(Shape{1, 2}, {0.4f, 0.6f});
  const Tensor target(Shape{1, 2}, {0.0f, 1.0f});
  Tensor grad;
  for (const char* name : {"mse", "half_mse", "mae", "huber", "bce", "bce_logits",
                           "softmax_cross_entropy", "hinge", "kl_div"}) {
    EXPECT_FALSE(make_loss(name)->softmax_backward(probabilities, target, grad)) << name;
  }
}

}  // namespace
}  // namespace axon
