// Kullback-Leibler divergence between target and predicted distributions, one per row.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "axon/losses/elementwise_loss.hpp"
#include "axon/losses/loss_checks.hpp"

namespace axon {

/// On rows of probabilities, p = target, q = prediction (after a softmax):
///   D_KL(P || Q) = sum_j p_j log(p_j / q_j)      dD/dq_j = -p_j / q_j
/// with terms where p_j = 0 counted as 0. kMean averages over samples (rows), not elements: this
/// is PyTorch's KLDivLoss(reduction='batchmean') given log(q), the true mean divergence. kSum adds
/// every row's divergence. log(q) is clamped to >= -100 and q to >= 1e-12 in the derivative, as
/// for BinaryCrossEntropy.
class KLDivergence : public ElementwiseLoss<KLDivergence> {
 public:
  using ElementwiseLoss::ElementwiseLoss;
  std::string name() const override { return "kl_div"; }

  static float value(float q, float p) {
    return p > 0.0f ? p * (std::log(p) - std::max(std::log(q), detail::kLogFloor)) : 0.0f;
  }
  static float derivative(float q, float p) {
    return p > 0.0f ? -p / std::max(q, detail::kDenominatorFloor) : 0.0f;
  }
  std::size_t mean_count(const Tensor& prediction) const { return prediction.rows(); }
};

}  // namespace axon
