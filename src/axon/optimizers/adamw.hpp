// AdamW: Adam with weight decay decoupled from the gradient (Loshchilov and Hutter, "Decoupled
// Weight Decay Regularization", ICLR 2019). The update is torch.optim.AdamW's.
#pragma once

#include "axon/optimizers/adam.hpp"

namespace axon {

struct AdamWOptions {
  float learning_rate = 0.001f;
  double beta1 = 0.9;          ///< in [0, 1): decay of the first moment
  double beta2 = 0.999;        ///< in [0, 1): decay of the second moment
  float eps = 1e-8f;           ///< > 0, added to the root of the second moment
  float weight_decay = 0.01f;  ///< lambda >= 0: p shrinks by lr lambda p each step
  bool amsgrad = false;        ///< divide by the largest second moment seen so far
  bool decay_bias = true;      ///< decay biases and scales too, as PyTorch does
};

/// Per parameter p with gradient g (PyTorch 1.13, torch.optim.AdamW):
///   p = p (1 - lr lambda)                     (decayed parameters; 1 - lr lambda in double)
///   then Adam's update with no L2 term: m, v, v_max, c1, c2 and s exactly as in Adam.
/// Unlike an L2 penalty, the decay is not divided by sqrt(v), so every weight shrinks at the same
/// rate whatever its gradient history.
class AdamW : public Adam {
 public:
  using Options = AdamWOptions;
  static constexpr const char* kName = "adamw";
  explicit AdamW(const AdamWOptions& options = {})
      : Adam(AdamOptions{.learning_rate = options.learning_rate,
                         .beta1 = options.beta1,
                         .beta2 = options.beta2,
                         .eps = options.eps,
                         .weight_decay = options.weight_decay,
                         .amsgrad = options.amsgrad,
                         .decay_bias = options.decay_bias},
             true) {}
};

}  // namespace axon
