// Sgd: stochastic gradient descent with optional momentum (Polyak, 1964), Nesterov momentum
// (Nesterov, 1983, in the form of Sutskever et al., "On the importance of initialization and
// momentum in deep learning", ICML 2013) and L2 weight decay; the update is torch.optim.SGD's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct SgdOptions {
  float learning_rate = 0.01f;
  float momentum = 0.0f;      ///< mu >= 0; 0 is plain gradient descent
  double dampening = 0.0;     ///< in [0, 1]: the share of the gradient kept out of the buffer
  bool nesterov = false;      ///< needs momentum > 0 and dampening 0
  float weight_decay = 0.0f;  ///< lambda >= 0, an L2 penalty added to the gradient
  bool decay_bias = true;     ///< decay biases and scales too, as PyTorch does
};

/// The per-step constants of the update below (keep = 0 and mix = 1 on the first step).
struct SgdStep {
  float lr = 0.0f, mu = 0.0f, keep = 0.0f, mix = 1.0f, decay = 0.0f;
  bool nesterov = false;
};

/// The update below on `size` parameters; `b` is the momentum buffer, null without momentum.
/// Compiled for the widest vectors the CPU has (AXON_VECTOR_CLONES).
void sgd_update(SgdStep step, std::size_t size, float* p, const float* grad, float* b);

/// Per parameter p with gradient g, learning rate lr (PyTorch 1.13, torch.optim.SGD):
///   g = g + lambda p                          (decayed parameters, when lambda > 0)
///   b = g on the first step, else b = mu b + (1 - dampening) g       (when mu > 0)
///   g = g + mu b if nesterov, else g = b                             (when mu > 0)
///   p = p - lr g
/// Full-batch, mini-batch and per-sample (stochastic) gradient descent are all this update; they
/// differ only in the batch size the gradient was averaged over.
class Sgd : public Optimizer {
 public:
  using Options = SgdOptions;
  explicit Sgd(const SgdOptions& options = {});

  static constexpr const char* kName = "sgd";
  std::string name() const override { return kName; }
  void step(ParameterStore& store) override;
  /// The momentum buffer b when momentum > 0, else nothing.
  std::vector<Tensor*> state() override;
  const SgdOptions& options() const { return options_; }
  /// Its settings by name (the learning rate aside), for model files and the registry.
  template <typename Options, typename Visit>
  static void visit_options(Options& o, Visit&& visit) {
    visit("momentum", o.momentum);
    visit("dampening", o.dampening);
    visit("nesterov", o.nesterov);
    visit("weight_decay", o.weight_decay);
    visit("decay_bias", o.decay_bias);
  }
  HyperParameters hyper_parameters() const override {
    return collect_hyper_parameters<Sgd>(options_);
  }

 private:
  SgdOptions options_;
  Tensor momentum_buffer_{Shape{0}};
};

}  // namespace axon
