// Sgd: one pass over the flat parameter and gradient blocks per decay range.
#include "axon/optimizers/sgd.hpp"

#include "axon/optimizers/weight_decay.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/parallel_ranges.hpp"
#include "axon/tensor/vector_clones.hpp"

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

AXON_VECTOR_CLONES
void sgd_update(SgdStep s, std::size_t size, float* p, const float* grad, float* b) {
  if (b == nullptr) {
    for (std::size_t i = 0; i < size; ++i) p[i] -= s.lr * (grad[i] + s.decay * p[i]);
    return;
  }
  for (std::size_t i = 0; i < size; ++i) {
    const float g = grad[i] + s.decay * p[i];
    b[i] = s.keep * b[i] + s.mix * g;
    p[i] -= s.lr * (s.nesterov ? g + s.mu * b[i] : b[i]);
  }
}

void Sgd::step(ParameterStore& store) {
  float* p = store.values().data();
  const float* grad = store.grads().data();
  float* b = nullptr;
  SgdStep s{.lr = learning_rate_, .mu = options_.momentum, .nesterov = options_.nesterov};
  if (options_.momentum != 0.0f) {
    // The first step starts the buffer at g: b = 0 b + 1 g.
    const bool first = prepare_state(momentum_buffer_, store.size());
    b = momentum_buffer_.data();
    s.keep = first ? 0.0f : options_.momentum;
    // PyTorch takes 1 - dampening in double and rounds it once to float.
    s.mix = first ? 1.0f : static_cast<float>(1.0 - options_.dampening);
  }
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         s.decay = decay;
                         // In fixed runs on the compute pool, as Adam (parallel_ranges.hpp).
                         parallel_ranges(size, [&](std::size_t from, std::size_t to) {
                           const std::size_t at = begin + from;
                           sgd_update(s, to - from, p + at, grad + at,
                                      b == nullptr ? nullptr : b + at);
                         });
                       });
  ++steps_;
}

std::vector<Tensor*> Sgd::state() {
  if (options_.momentum == 0.0f) return {};
  return {&momentum_buffer_};
}

}  // namespace axon
