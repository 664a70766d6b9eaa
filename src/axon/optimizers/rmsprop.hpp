// Rmsprop: gradient steps divided by a running root mean square of the gradient (Tieleman and
// Hinton, "Lecture 6.5 - rmsprop", COURSERA: Neural Networks for Machine Learning, 2012); the
// centered variant subtracts the squared running mean (Graves, "Generating Sequences With
// Recurrent Neural Networks", arXiv:1308.0850, 2013). The update is torch.optim.RMSprop's.
#pragma once

#include <string>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct RmspropOptions {
  float learning_rate = 0.01f;
  double alpha = 0.99;        ///< in [0, 1): decay of the running averages (a double, as in
                              ///< PyTorch, so 1 - alpha is exact before rounding)
  float eps = 1e-8f;          ///< > 0, added to the root mean square
  float momentum = 0.0f;      ///< mu >= 0
  bool centered = false;      ///< divide by the running standard deviation instead
  float weight_decay = 0.0f;  ///< lambda >= 0, an L2 penalty added to the gradient
  bool decay_bias = true;     ///< decay biases and scales too, as PyTorch does
};

/// Per parameter p with gradient g, learning rate lr (PyTorch 1.13, torch.optim.RMSprop):
///   g = g + lambda p                          (decayed parameters, when lambda > 0)
///   v = alpha v + (1 - alpha) g^2             (v starts at 0)
///   centered:  a = alpha a + (1 - alpha) g,   d = sqrt(v - a^2) + eps     (a starts at 0)
///   otherwise: d = sqrt(v) + eps
///   mu > 0:    b = mu b + g / d,  p = p - lr b                            (b starts at 0)
///   otherwise: p = p - lr g / d
class Rmsprop : public Optimizer {
 public:
  using Options = RmspropOptions;
  explicit Rmsprop(const RmspropOptions& options = {});

  static constexpr const char* kName = "rmsprop";
  std::string name() const override { return kName; }
  void step(ParameterStore& store) override;
  /// v, then b when momentum > 0, then a when centered.
  std::vector<Tensor*> state() override;
  const RmspropOptions& options() const { return options_; }
  /// Its settings by name (the learning rate aside), for model files and the registry.
  template <typename Options, typename Visit>
  static void visit_options(Options& o, Visit&& visit) {
    visit("alpha", o.alpha);
    visit("eps", o.eps);
    visit("momentum", o.momentum);
    visit("centered", o.centered);
    visit("weight_decay", o.weight_decay);
    visit("decay_bias", o.decay_bias);
  }
  void check_state() const override { check_non_negative_state(square_avg_, "square_avg"); }
  HyperParameters hyper_parameters() const override {
    return collect_hyper_parameters<Rmsprop>(options_);
  }

 private:
  RmspropOptions options_;
  Tensor square_avg_{Shape{0}};
  Tensor momentum_buffer_{Shape{0}};
  Tensor grad_avg_{Shape{0}};
};

}  // namespace axon
