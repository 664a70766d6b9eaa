// Sgd: one pass over the flat parameter and gradient blocks per decay range.
#include "axon/optimizers/sgd.hpp"

#include "axon/optimizers/weight_decay.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

Sgd::Sgd(const SgdOptions& options) : Optimizer(options.learning_rate), options_(options) {
  check_non_negative("momentum", options.momentum);
  check(options.dampening >= 0.0f && options.dampening <= 1.0f,
        "dampening must be in [0, 1], got {}", options.dampening);
  check_non_negative("weight_decay", options.weight_decay);
  check(!options.nesterov || (options.momentum > 0.0f && options.dampening == 0.0f),
        "nesterov needs momentum > 0 and dampening 0, got momentum {} and dampening {}",
        options.momentum, options.dampening);
}

void Sgd::step(ParameterStore& store) {
  float* p = store.values().data();
  const float* grad = store.grads().data();
  const float lr = learning_rate_;
  if (options_.momentum == 0.0f) {
    for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                         [&](std::size_t begin, std::size_t size, float decay) {
                           const std::size_t end = begin + size;
                           for (std::size_t i = begin; i < end; ++i) {
                             p[i] -= lr * (grad[i] + decay * p[i]);
                           }
                         });
    ++steps_;
    return;
  }
  // The first step starts the buffer at g: b = 0 b + 1 g.
  const bool first = prepare_state(momentum_buffer_, store.size());
  float* b = momentum_buffer_.data();
  const float mu = options_.momentum;
  const float keep = first ? 0.0f : mu;
  // PyTorch takes 1 - dampening in double and rounds it once to float.
  const float mix =
      first ? 1.0f : static_cast<float>(1.0 - static_cast<double>(options_.dampening));
  const bool nesterov = options_.nesterov;
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         const std::size_t end = begin + size;
                         for (std::size_t i = begin; i < end; ++i) {
                           const float g = grad[i] + decay * p[i];
                           b[i] = keep * b[i] + mix * g;
                           p[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
                         }
                       });
  ++steps_;
}

std::vector<Tensor*> Sgd::state() {
  if (options_.momentum == 0.0f) return {};
  return {&momentum_buffer_};
}

}  // namespace axon
