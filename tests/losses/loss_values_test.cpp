// Hand-worked loss values: seed 002's printed losses, then small cases worked out on paper.
#include <gtest/gtest.h>

#include <cmath>

#include "axon/losses/binary_losses.hpp"
#include "axon/losses/categorical_losses.hpp"
#include "axon/losses/kl_divergence.hpp"
#include "axon/losses/loss.hpp"
#include "axon/losses/regression_losses.hpp"

namespace axon {
namespace {

// Seed 002 prints these with PyTorch on its example tensors.
TEST(LossValues, ReproducesSeed002) {
  const Tensor y_true_reg(Shape{4}, {2.5f, 0.0f, 2.1f, 7.8f});
  const Tensor y_pred_reg(Shape{4}, {3.0f, -0.5f, 2.0f, 7.5f});
  EXPECT_NEAR(MSE().forward(y_pred_reg, y_true_reg), 0.15000002086162567, 1e-6);
  EXPECT_NEAR(MAE().forward(y_pred_reg, y_true_reg), 0.3500000238418579, 1e-6);
  EXPECT_NEAR(Huber().forward(y_pred_reg, y_true_reg), 0.07500001043081284, 1e-6);

  const Tensor y_true_bin(Shape{3}, {1.0f, 0.0f, 1.0f});
  const Tensor y_pred_bin(Shape{3}, {0.9f, 0.2f, 0.8f});
  EXPECT_NEAR(BinaryCrossEntropy().forward(y_pred_bin, y_true_bin), 0.18388254940509796, 1e-6);

  // nn.CrossEntropyLoss applies log-softmax to its input, so the seed's "predicted
  // probabilities" act as logits: that is axon's softmax_cross_entropy.
  const Tensor y_true_cls(Shape{3}, {1.0f, 0.0f, 1.0f});
  const Tensor y_pred_cls(Shape{3, 2}, {0.3f, 0.7f, 0.6f, 0.4f, 0.2f, 0.8f});
  EXPECT_NEAR(SoftmaxCrossEntropy().forward(y_pred_cls, y_true_cls), 0.5162140727043152, 1e-6);
  EXPECT_NEAR(make_loss("softmax_cross_entropy")->forward(y_pred_cls, y_true_cls),
              0.5162140727043152, 1e-6);
}

TEST(LossValues, HalfMseIsTheSeedsCost) {
  // 1/2 (y - a)^2: terms 1/2 and 2.
  const Tensor a(Shape{2, 1}, {1.0f, 2.0f});
  const Tensor y(Shape{2, 1}, {0.0f, 4.0f});
  EXPECT_FLOAT_EQ(HalfMSE().forward(a, y), 1.25f);
  EXPECT_FLOAT_EQ(HalfMSE(Reduction::kSum).forward(a, y), 2.5f);
  Tensor grad;
  HalfMSE().backward(a, y, grad);
  EXPECT_FLOAT_EQ(grad[0], 0.5f);
  EXPECT_FLOAT_EQ(grad[1], -1.0f);
}

TEST(LossValues, HingeMapsZeroLabelsToMinusOne) {
  // t = (1, -1, -1): terms max(0, 1 - 0.5) = 0.5, max(0, 1 - 2) = 0, max(0, 1 + 3) = 4.
  const Tensor a(Shape{3, 1}, {0.5f, -2.0f, 3.0f});
  const Tensor y(Shape{3, 1}, {1.0f, 0.0f, -1.0f});
  Hinge hinge;
  EXPECT_FLOAT_EQ(hinge.forward(a, y), 1.5f);
  Tensor grad;
  hinge.backward(a, y, grad);
  EXPECT_FLOAT_EQ(grad[0], -1.0f / 3.0f);
  EXPECT_FLOAT_EQ(grad[1], 0.0f);
  EXPECT_FLOAT_EQ(grad[2], 1.0f / 3.0f);
}

TEST(LossValues, KlDivergenceAveragesOverSamples) {
  // Row 1: 0.5 log(0.5 / 0.25) + 0.5 log(0.5 / 0.75); row 2: 1 log(1 / 0.5) + 0 (p = 0 term).
  const Tensor q(Shape{2, 2}, {0.25f, 0.75f, 0.5f, 0.5f});
  const Tensor p(Shape{2, 2}, {0.5f, 0.5f, 1.0f, 0.0f});
  const double row1 = 0.5 * std::log(2.0) + 0.5 * std::log(2.0 / 3.0);
  const double row2 = std::log(2.0);
  EXPECT_NEAR(KLDivergence().forward(q, p), (row1 + row2) / 2.0, 1e-6);
  EXPECT_NEAR(KLDivergence(Reduction::kSum).forward(q, p), row1 + row2, 1e-6);
  EXPECT_FLOAT_EQ(KLDivergence().forward(p, p), 0.0f);
}

TEST(LossValues, CrossEntropyReadsTheTargetShape) {
  // -log of the true class's probability, averaged over the two samples.
  const Tensor a(Shape{2, 3}, {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f});
  const double expected = -(std::log(0.5) + std::log(0.6)) / 2.0;
  CrossEntropy loss;
  EXPECT_NEAR(loss.forward(a, Tensor(Shape{2, 1}, {1.0f, 0.0f})), expected, 1e-6);
  EXPECT_NEAR(loss.forward(a, Tensor(Shape{2}, {1.0f, 0.0f})), expected, 1e-6);
  EXPECT_NEAR(loss.forward(a, Tensor(Shape{2, 3}, {0, 1, 0, 1, 0, 0})), expected, 1e-6);
}

TEST(LossValues, StableOnExtremeInputs) {
  // Logits far past where e^z overflows float.
  const Tensor z(Shape{3, 1}, {100.0f, -100.0f, 0.0f});
  const Tensor y(Shape{3, 1}, {0.0f, 0.0f, 1.0f});
  EXPECT_NEAR(BinaryCrossEntropyWithLogits(Reduction::kSum).forward(z, y),
              100.0 + 0.0 + std::log(2.0), 1e-4);
  const Tensor logits(Shape{1, 2}, {1000.0f, 0.0f});
  EXPECT_FLOAT_EQ(SoftmaxCrossEntropy().forward(logits, Tensor(Shape{1}, {1.0f})), 1000.0f);
  EXPECT_FLOAT_EQ(SoftmaxCrossEntropy().forward(logits, Tensor(Shape{1}, {0.0f})), 0.0f);
  // Probabilities of exactly 0 and 1: each log is clamped at -100.
  const Tensor a(Shape{2, 1}, {0.0f, 1.0f});
  const Tensor t(Shape{2, 1}, {1.0f, 0.0f});
  EXPECT_FLOAT_EQ(BinaryCrossEntropy(Reduction::kSum).forward(a, t), 200.0f);
  Tensor grad;
  BinaryCrossEntropy().backward(a, t, grad);
  EXPECT_TRUE(std::isfinite(grad[0]) && std::isfinite(grad[1]));
  EXPECT_FLOAT_EQ(SparseCategoricalCrossEntropy().forward(Tensor(Shape{1, 2}, {1.0f, 0.0f}),
                                                          Tensor(Shape{1}, {1.0f})),
                  100.0f);
}

}  // namespace
}  // namespace axon
