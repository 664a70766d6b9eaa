// ElementwiseLoss: the shared loops of losses that add one term per element,
//   L = s * sum_i l(a_i, y_i)      dL/da_i = s * dl/da(a_i, y_i)
// with s = 1 / count for kMean (count = elements, or samples where the derived loss says so) and
// s = 1 for kSum. `Derived` provides value(a, y) and derivative(a, y) (static dispatch, so the
// loops have no virtual call per element).
#pragma once

#include <cstddef>

#include "axon/losses/loss.hpp"
#include "axon/losses/loss_checks.hpp"

namespace axon {

template <typename Derived>
class ElementwiseLoss : public Loss {
 public:
  explicit ElementwiseLoss(Reduction reduction = Reduction::kMean) : Loss(reduction) {}

  float forward(const Tensor& prediction, const Tensor& target) override {
    const Derived& self = checked(prediction, target);
    const float* a = prediction.data();
    const float* y = target.data();
    double sum = 0.0;  // double, so a large batch adds up without drift
    for (std::size_t i = 0, n = prediction.size(); i < n; ++i) sum += self.value(a[i], y[i]);
    return detail::reduce(sum, reduction_, self.mean_count(prediction));
  }

  void backward(const Tensor& prediction, const Tensor& target, Tensor& grad) override {
    const Derived& self = checked(prediction, target);
    grad.resize(prediction.shape());
    const float s = detail::reduction_scale(reduction_, self.mean_count(prediction));
    const float* a = prediction.data();
    const float* y = target.data();
    float* g = grad.data();
    for (std::size_t i = 0, n = prediction.size(); i < n; ++i)
      g[i] = s * self.derivative(a[i], y[i]);
  }

  /// What kMean divides by: every element, as PyTorch's reduction='mean'.
  std::size_t mean_count(const Tensor& prediction) const { return prediction.size(); }
  /// Extra checks on the values (such as probabilities in [0, 1]); none by default.
  void check_values(const Tensor& /*prediction*/, const Tensor& /*target*/) const {}

 private:
  const Derived& checked(const Tensor& prediction, const Tensor& target) const {
    detail::check_same_layout(*this, prediction, target);
    const auto& self = static_cast<const Derived&>(*this);
    self.check_values(prediction, target);
    return self;
  }
};

}  // namespace axon
