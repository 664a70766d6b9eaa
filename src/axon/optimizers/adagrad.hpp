// Adagrad: gradient steps divided by the root of each parameter's summed squared gradients (Duchi,
// Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
// Optimization", JMLR 12, 2011). The update is torch.optim.Adagrad's.
#pragma once

#include <string>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct AdagradOptions {
  float learning_rate = 0.01f;
  float lr_decay = 0.0f;                   ///< >= 0: the rate falls as lr / (1 + (t - 1) lr_decay)
  float weight_decay = 0.0f;               ///< lambda >= 0, an L2 penalty added to the gradient
  float initial_accumulator_value = 0.0f;  ///< >= 0: where the sum of squares starts
  float eps = 1e-10f;                      ///< > 0, added to the root of the sum
  bool decay_bias = true;                  ///< decay biases and scales too, as PyTorch does
};

/// Per parameter p with gradient g, learning rate lr, at step t = 1, 2, ... (PyTorch 1.13,
/// torch.optim.Adagrad; the sum S starts at initial_accumulator_value):
///   g = g + lambda p                          (decayed parameters, when lambda > 0)
///   S = S + g^2
///   p = p - lr_t g / (sqrt(S) + eps)          with lr_t = lr / (1 + (t - 1) lr_decay) in double
class Adagrad : public Optimizer {
 public:
  using Options = AdagradOptions;
  explicit Adagrad(const AdagradOptions& options = {});

  static constexpr const char* kName = "adagrad";
  std::string name() const override { return kName; }
  void step(ParameterStore& store) override;
  /// The sum of squares S.
  std::vector<Tensor*> state() override { return {&sum_}; }
  const AdagradOptions& options() const { return options_; }
  /// Its settings by name (the learning rate aside), for model files and the registry.
  template <typename Options, typename Visit>
  static void visit_options(Options& o, Visit&& visit) {
    visit("lr_decay", o.lr_decay);
    visit("weight_decay", o.weight_decay);
    visit("initial_accumulator_value", o.initial_accumulator_value);
    visit("eps", o.eps);
    visit("decay_bias", o.decay_bias);
  }
  void check_state() const override { check_non_negative_state(sum_, "sum"); }
  HyperParameters hyper_parameters() const override {
    return collect_hyper_parameters<Adagrad>(options_);
  }

 private:
  AdagradOptions options_;
  Tensor sum_{Shape{0}};
};

}  // namespace axon
