// Cross-entropy losses over C classes, one row per sample. Predictions are (N, C); targets are
// one-hot (or probability) rows (N, C) or class indices shaped (N) or (N, 1). kMean averages over
// the N samples (PyTorch's CrossEntropyLoss/NLLLoss 'mean' without class weights); kSum adds them.
#pragma once

#include <string>

#include "axon/losses/loss.hpp"

namespace axon {

/// On probabilities A (after a softmax), one-hot or probability rows Y:
///   L = s * sum_i sum_j -y_ij log(a_ij)          dL/da_ij = -s y_ij / a_ij
/// s = 1/N for kMean, 1 for kSum; log clamped to >= -100 and a_ij to >= 1e-12 in the derivative.
/// After a softmax, dL/dz = s (A sum_j y_j - Y) = s (A - Y) for rows of Y that sum to 1, which
/// softmax_backward writes directly.
class CategoricalCrossEntropy : public Loss {
 public:
  using Loss::Loss;
  std::string name() const override { return "categorical_crossentropy"; }
  Task task() const override { return Task::kClassification; }
  float forward(const Tensor& prediction, const Tensor& target) override;
  void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) override;
  bool softmax_backward(const Tensor& probabilities, const Tensor& target,
                        Tensor& grad_logits) override;
};

/// On probabilities A (after a softmax), class indices t_i in [0, C):
///   L = s * sum_i -log(a_i,t_i)                  dL/da_ij = -s [j = t_i] / a_ij
/// The categorical loss with Y the one-hot rows of t; softmax_backward writes s (A - Y).
class SparseCategoricalCrossEntropy : public Loss {
 public:
  using Loss::Loss;
  std::string name() const override { return "sparse_categorical_crossentropy"; }
  Task task() const override { return Task::kClassification; }
  float forward(const Tensor& prediction, const Tensor& target) override;
  void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) override;
  bool softmax_backward(const Tensor& probabilities, const Tensor& target,
                        Tensor& grad_logits) override;
};

/// Cross-entropy on probabilities that reads the target's shape: a single target column against
/// C > 1 prediction columns holds class indices (sparse), anything else is one-hot rows.
class CrossEntropy : public Loss {
 public:
  explicit CrossEntropy(Reduction reduction = Reduction::kMean);
  std::string name() const override { return "cross_entropy"; }
  Task task() const override { return Task::kClassification; }
  float forward(const Tensor& prediction, const Tensor& target) override;
  void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) override;
  bool softmax_backward(const Tensor& probabilities, const Tensor& target,
                        Tensor& grad_logits) override;

 private:
  Loss& pick(const Tensor& prediction, const Tensor& target);

  CategoricalCrossEntropy one_hot_;
  SparseCategoricalCrossEntropy sparse_;
};

/// On logits Z (no softmax before it), targets one-hot/probability rows or class indices as for
/// CrossEntropy:                                                       (PyTorch CrossEntropyLoss)
///   log softmax(z)_j = z_j - m - log sum_k e^(z_k - m),  m = max_k z_k   (never overflows)
///   L = s * sum_i sum_j -y_ij log softmax(z_i)_j      dL/dz_ij = s (softmax(z_i)_j sum_k y_ik -
///   y_ij)
/// which is s (softmax(Z) - Y) for one-hot rows.
class SoftmaxCrossEntropy : public Loss {
 public:
  using Loss::Loss;
  std::string name() const override { return "softmax_cross_entropy"; }
  Task task() const override { return Task::kClassification; }
  /// Logits: for a single output, z > 0 is class 1.
  float decision_threshold() const override { return 0.0f; }
  float forward(const Tensor& prediction, const Tensor& target) override;
  void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) override;
};

}  // namespace axon
