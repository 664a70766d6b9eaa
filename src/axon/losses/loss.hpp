// Loss: the interface every loss implements.
//
// forward(A, Y) returns the batch loss; backward(A, Y, dA) writes dL/dA. Targets are float
// tensors: values for regression, one-hot rows or class indices (shape (N) or (N, 1)) for
// classification, depending on the loss.
#pragma once

#include <memory>
#include <string>

#include "axon/metrics/task.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

/// How per-element (or per-sample) losses are combined into one number.
enum class Reduction { kMean, kSum };

class Loss {
 public:
  explicit Loss(Reduction reduction = Reduction::kMean) : reduction_(reduction) {}
  virtual ~Loss() = default;

  virtual std::string name() const = 0;
  /// The name with its settings, as make_loss reads it back ("huber:1.5"); the name by default.
  virtual std::string spec() const { return name(); }
  /// The batch loss for predictions `prediction` and targets `target`.
  virtual float forward(const Tensor& prediction, const Tensor& target) = 0;
  /// dL/dprediction into `grad`, resized to prediction's shape.
  virtual void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) = 0;

  /// What the loss trains a model for: kClassification where accuracy is reported too.
  virtual Task task() const { return Task::kRegression; }
  bool is_classification() const { return task() == Task::kClassification; }
  /// For a single output: the value above which the prediction counts as class 1
  /// (0.5 on probabilities, 0 on logits).
  virtual float decision_threshold() const { return 0.5f; }
  /// When the model's last layer is a softmax and this loss reads its probabilities, writes
  /// dL/dlogits = (A - Y) / N straight away (exact and stable) and returns true. Losses that
  /// cannot fuse return false and the softmax's own backward runs instead.
  virtual bool softmax_backward(const Tensor& /*probabilities*/, const Tensor& /*target*/,
                                Tensor& /*grad_logits*/) {
    return false;
  }

  Reduction reduction() const { return reduction_; }

 protected:
  Reduction reduction_;
};

/// Builds a loss by name: mse, half_mse, mae, huber[:delta], bce, bce_logits,
/// categorical_crossentropy, sparse_categorical_crossentropy, cross_entropy (sparse or one-hot
/// chosen from the target's shape), softmax_cross_entropy (on logits), hinge, kl_div.
std::unique_ptr<Loss> make_loss(const std::string& name, Reduction reduction = Reduction::kMean);

}  // namespace axon
