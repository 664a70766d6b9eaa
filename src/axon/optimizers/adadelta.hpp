// Adadelta: steps whose size is the ratio of running root mean squares of past updates and of
// gradients, so no global rate needs tuning (Zeiler, "ADADELTA: An Adaptive Learning Rate Method",
// arXiv:1212.5701, 2012). The update is torch.optim.Adadelta's, which adds a learning rate.
#pragma once

#include <string>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct AdadeltaOptions {
  float learning_rate = 1.0f;
  double rho = 0.9;           ///< in [0, 1): decay of both running averages
  float eps = 1e-6f;          ///< > 0, added inside both roots
  float weight_decay = 0.0f;  ///< lambda >= 0, an L2 penalty added to the gradient
  bool decay_bias = true;     ///< decay biases and scales too, as PyTorch does
};

/// Per parameter p with gradient g, learning rate lr (PyTorch 1.13, torch.optim.Adadelta; v and u
/// start at 0):
///   g = g + lambda p                          (decayed parameters, when lambda > 0)
///   v = rho v + (1 - rho) g^2
///   d = sqrt(u + eps) / sqrt(v + eps) g
///   u = rho u + (1 - rho) d^2
///   p = p - lr d
class Adadelta : public Optimizer {
 public:
  using Options = AdadeltaOptions;
  explicit Adadelta(const AdadeltaOptions& options = {});

  static constexpr const char* kName = "adadelta";
  std::string name() const override { return kName; }
  void step(ParameterStore& store) override;
  /// v (squared gradients), then u (squared updates).
  std::vector<Tensor*> state() override { return {&square_avg_, &acc_delta_}; }
  const AdadeltaOptions& options() const { return options_; }
  /// Its settings by name (the learning rate aside), for model files and the registry.
  template <typename Options, typename Visit>
  static void visit_options(Options& o, Visit&& visit) {
    visit("rho", o.rho);
    visit("eps", o.eps);
    visit("weight_decay", o.weight_decay);
    visit("decay_bias", o.decay_bias);
  }
  void check_state() const override {
    check_non_negative_state(square_avg_, "square_avg");
    check_non_negative_state(acc_delta_, "acc_delta");
  }
  HyperParameters hyper_parameters() const override {
    return collect_hyper_parameters<Adadelta>(options_);
  }

 private:
  AdadeltaOptions options_;
  Tensor square_avg_{Shape{0}};
  Tensor acc_delta_{Shape{0}};
};

}  // namespace axon
