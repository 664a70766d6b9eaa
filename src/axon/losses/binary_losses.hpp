// Losses for one output per class decision: binary cross-entropy on probabilities and on logits,
// and the hinge loss on raw scores. kMean averages over every element of the batch, as PyTorch's
// reduction='mean'; kSum adds them.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "axon/losses/elementwise_loss.hpp"
#include "axon/losses/loss_checks.hpp"

namespace axon {

/// On probabilities a in [0, 1] (after a sigmoid), targets y in [0, 1]:      (PyTorch BCELoss)
///   l = -[y log(a) + (1 - y) log(1 - a)]        dl/da = (a - y) / (a (1 - a))
/// As in PyTorch, each log is clamped to >= -100 and the denominator to >= 1e-12, so a = 0 or 1
/// gives a large finite loss instead of inf.
class BinaryCrossEntropy : public ElementwiseLoss<BinaryCrossEntropy> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "bce"; }
  Task task() const override { return Task::kClassification; }

  static float value(float a, float y) {
    const float log_a = std::max(std::log(a), detail::kLogFloor);
    const float log_1ma = std::max(std::log(1.0f - a), detail::kLogFloor);
    return -(y * log_a + (1.0f - y) * log_1ma);
  }
  static float derivative(float a, float y) {
    return (a - y) / std::max((1.0f - a) * a, detail::kDenominatorFloor);
  }
  /// Predictions must be probabilities; anything else means the last layer is not a sigmoid.
  void check_values(const Tensor& prediction, const Tensor& target) const;
};

/// On logits z (no sigmoid before it), targets y in [0, 1]:      (PyTorch BCEWithLogitsLoss)
///   l = -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))]
///     = max(z, 0) - z y + log(1 + e^-|z|)       written so e^x never overflows
///   dl/dz = sigmoid(z) - y
class BinaryCrossEntropyWithLogits : public ElementwiseLoss<BinaryCrossEntropyWithLogits> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "bce_logits"; }
  Task task() const override { return Task::kClassification; }
  /// sigmoid(z) > 0.5 exactly when z > 0.
  float decision_threshold() const override { return 0.0f; }

  static float value(float z, float y) {
    return std::max(z, 0.0f) - z * y + std::log1p(std::exp(-std::abs(z)));
  }
  static float derivative(float z, float y) {
    const float e = std::exp(-std::abs(z));  // sigmoid(z) from e^-|z| <= 1
    const float sigmoid = z >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
    return sigmoid - y;
  }
};

/// On raw scores a, labels t in {-1, +1} (targets given as {-1, +1} or {0, 1}; 0 means -1):
///   l = max(0, 1 - t a)                          dl/da = -t if t a < 1, else 0
/// The soft-margin loss of linear SVMs: zero once a sample is on the right side by a margin of 1.
class Hinge : public ElementwiseLoss<Hinge> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "hinge"; }
  Task task() const override { return Task::kClassification; }
  /// The sign of the score is the class.
  float decision_threshold() const override { return 0.0f; }

  static float value(float a, float y) { return std::max(0.0f, 1.0f - label(y) * a); }
  static float derivative(float a, float y) {
    const float t = label(y);
    return t * a < 1.0f ? -t : 0.0f;
  }
  /// Targets must be -1, 0 or 1.
  void check_values(const Tensor& prediction, const Tensor& target) const;

 private:
  static float label(float y) { return y > 0.0f ? 1.0f : -1.0f; }
};

}  // namespace axon
