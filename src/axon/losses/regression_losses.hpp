// Regression losses on predictions A and targets Y of the same shape: squared error (PyTorch's
// form and the seeds' half form), absolute error and Huber. kMean averages over every element of
// the batch, as PyTorch's reduction='mean'; kSum adds them.
#pragma once

#include <cmath>
#include <string>

#include "axon/losses/elementwise_loss.hpp"

namespace axon {

/// l = (a - y)^2                        dl/da = 2 (a - y)                  (PyTorch MSELoss)
class MSE : public ElementwiseLoss<MSE> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "mse"; }
  static float value(float a, float y) { return (a - y) * (a - y); }
  static float derivative(float a, float y) { return 2.0f * (a - y); }
};

/// l = 1/2 (y - a)^2                    dl/da = a - y
/// The seeds' cost (notebooks 000 and 003): the 1/2 cancels the 2 of the derivative.
class HalfMSE : public ElementwiseLoss<HalfMSE> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "half_mse"; }
  static float value(float a, float y) { return 0.5f * (y - a) * (y - a); }
  static float derivative(float a, float y) { return a - y; }
};

/// l = |a - y|                          dl/da = sign(a - y), 0 at a = y    (PyTorch L1Loss)
class MAE : public ElementwiseLoss<MAE> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "mae"; }
  static float value(float a, float y) { return std::abs(a - y); }
  static float derivative(float a, float y) { return static_cast<float>((a > y) - (a < y)); }
};

/// With d = a - y:                                                         (PyTorch HuberLoss)
///   l = 1/2 d^2                  if |d| <= delta      dl/da = clamp(d, -delta, delta)
///   l = delta (|d| - 1/2 delta)  otherwise
/// Quadratic near zero like MSE, linear in the tails like MAE, so outliers pull less.
class Huber : public ElementwiseLoss<Huber> {
 public:
  explicit Huber(float delta = 1.0f, Reduction reduction = Reduction::kMean);
  std::string name() const override { return "huber"; }
  std::string spec() const override;
  float delta() const { return delta_; }

  float value(float a, float y) const {
    const float d = std::abs(a - y);
    return d <= delta_ ? 0.5f * d * d : delta_ * (d - 0.5f * delta_);
  }
  float derivative(float a, float y) const {
    const float d = a - y;
    return d < -delta_ ? -delta_ : (d > delta_ ? delta_ : d);
  }

 private:
  float delta_;
};

}  // namespace axon
