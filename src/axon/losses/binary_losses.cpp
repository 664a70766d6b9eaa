// Binary losses: the value checks (the formulas are inline in the header).
#include "axon/losses/binary_losses.hpp"

#include "axon/tensor/error.hpp"

namespace axon {

void BinaryCrossEntropy::check_values(const Tensor& prediction, const Tensor& /*target*/) const {
  const float* a = prediction.data();
  for (std::size_t i = 0, n = prediction.size(); i < n; ++i) {
    // Written so that NaN fails too.
    if (!(a[i] >= 0.0f && a[i] <= 1.0f))
      throw Error(fmt::format(
          "bce: prediction {} at index {} is not a probability in [0, 1] (use bce_logits on "
          "outputs without a sigmoid)",
          a[i], i));
  }
}

void Hinge::check_values(const Tensor& /*prediction*/, const Tensor& target) const {
  const float* y = target.data();
  for (std::size_t i = 0, n = target.size(); i < n; ++i) {
    if (y[i] != -1.0f && y[i] != 0.0f && y[i] != 1.0f)
      throw Error(
          fmt::format("hinge: target {} at index {} is not a label in {{-1, 0, 1}}", y[i], i));
  }
}

}  // namespace axon
