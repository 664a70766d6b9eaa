// Adam: steps from bias-corrected running moments of the gradient (Kingma and Ba, "Adam: A Method
// for Stochastic Optimization", ICLR 2015), with the AMSGrad variant (Reddi, Kale and Kumar, "On
// the Convergence of Adam and Beyond", ICLR 2018). The update is torch.optim.Adam's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct AdamOptions {
  float learning_rate = 0.001f;
  double beta1 = 0.9;         ///< in [0, 1): decay of the first moment
  double beta2 = 0.999;       ///< in [0, 1): decay of the second moment
  float eps = 1e-8f;          ///< > 0, added to the root of the second moment
  float weight_decay = 0.0f;  ///< lambda >= 0, an L2 penalty added to the gradient
  bool amsgrad = false;       ///< divide by the largest second moment seen so far
  bool decay_bias = true;     ///< decay biases and scales too, as PyTorch does
};

/// The per-step constants of the update below, computed once per step() (l2 = lambda for Adam;
/// shrink = 1 - lr lambda for AdamW, else 1).
struct AdamStep {
  float beta1, beta2, mix1, mix2;  ///< mix = 1 - beta
  float step_size;                 ///< s = lr / c1
  float root_correction2;          ///< sqrt(c2)
  float eps, l2, shrink;
};

/// The update below on `size` parameters; `v_max` is null without amsgrad. Compiled for the
/// widest vectors the CPU has (AXON_VECTOR_CLONES).
void adam_update(AdamStep step, std::size_t size, float* p, const float* grad, float* m, float* v,
                 float* v_max);

/// Per parameter p with gradient g, learning rate lr, at step t = 1, 2, ... (PyTorch 1.13,
/// torch.optim.Adam; m, v and v_max start at 0):
///   g = g + lambda p                          (decayed parameters, when lambda > 0)
///   m = beta1 m + (1 - beta1) g
///   v = beta2 v + (1 - beta2) g^2
///   v_max = max(v_max, v) and v = v_max below  (amsgrad)
///   p = p - s m / (sqrt(v) / sqrt(c2) + eps)
/// with c1 = 1 - beta1^t, c2 = 1 - beta2^t and s = lr / c1, computed once per step in double.
/// The kernel evaluates the last line as p - (s sqrt(c2)) m / (sqrt(v) + eps sqrt(c2)), the same
/// value with one division fewer (within PyTorch's numbers to an ulp of the step).
class Adam : public Optimizer {
 public:
  using Options = AdamOptions;
  explicit Adam(const AdamOptions& options = {});

  static constexpr const char* kName = "adam";
  std::string name() const override { return decoupled_ ? "adamw" : kName; }
  void step(ParameterStore& store) override;
  /// m, v, then v_max when amsgrad.
  std::vector<Tensor*> state() override;
  const AdamOptions& options() const { return options_; }
  /// Its settings by name (the learning rate aside), for model files and the registry.
  template <typename Options, typename Visit>
  static void visit_options(Options& o, Visit&& visit) {
    visit("beta1", o.beta1);
    visit("beta2", o.beta2);
    visit("eps", o.eps);
    visit("weight_decay", o.weight_decay);
    visit("amsgrad", o.amsgrad);
    visit("decay_bias", o.decay_bias);
  }
  void check_state() const override {
    check_non_negative_state(exp_avg_sq_, "exp_avg_sq");
    check_non_negative_state(max_exp_avg_sq_, "max_exp_avg_sq");
  }
  HyperParameters hyper_parameters() const override {
    return collect_hyper_parameters<Adam>(options_);
  }

 protected:
  /// With `decoupled`, weight decay shrinks the parameters directly (AdamW) instead of adding
  /// lambda p to the gradient.
  Adam(const AdamOptions& options, bool decoupled);

 private:
  AdamOptions options_;
  bool decoupled_;
  Tensor exp_avg_{Shape{0}};
  Tensor exp_avg_sq_{Shape{0}};
  Tensor max_exp_avg_sq_{Shape{0}};
};

}  // namespace axon
