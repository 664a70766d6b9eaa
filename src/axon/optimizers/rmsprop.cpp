// Rmsprop: one pass over the flat blocks per decay range. Each of the four variants (centered or
// not, momentum or not) is its own loop so that each vectorizes.
#include "axon/optimizers/rmsprop.hpp"

#include <cmath>

#include "axon/optimizers/weight_decay.hpp"

namespace axon {
namespace {

struct RmspropArrays {
  float* p;
  const float* grad;
  float* v;  // running mean of g^2
  float* b;  // momentum buffer
  float* a;  // running mean of g
};

template <bool kCentered, bool kMomentum>
void rmsprop_update(const RmspropArrays& x, std::size_t begin, std::size_t end, float decay,
                    float lr, float alpha, float mix, float eps, float mu) {
  float* p = x.p;
  const float* grad = x.grad;
  float* v = x.v;
  float* b = x.b;
  float* a = x.a;
  for (std::size_t i = begin; i < end; ++i) {
    const float g = grad[i] + decay * p[i];
    v[i] = alpha * v[i] + mix * g * g;
    float d;
    if constexpr (kCentered) {
      a[i] = alpha * a[i] + mix * g;
      d = std::sqrt(v[i] - a[i] * a[i]) + eps;
    } else {
      d = std::sqrt(v[i]) + eps;
    }
    if constexpr (kMomentum) {
      b[i] = mu * b[i] + g / d;
      p[i] -= lr * b[i];
    } else {
      p[i] -= lr * g / d;
    }
  }
}

}  // namespace

Rmsprop::Rmsprop(const RmspropOptions& options)
    : Optimizer(options.learning_rate), options_(options) {
  check_fraction("alpha", options.alpha);
  check_positive("eps", options.eps);
  check_non_negative("momentum", options.momentum);
  check_non_negative("weight_decay", options.weight_decay);
}

void Rmsprop::step(ParameterStore& store) {
  const bool momentum = options_.momentum > 0.0f;
  const bool centered = options_.centered;
  prepare_state(square_avg_, store.size());
  if (momentum) prepare_state(momentum_buffer_, store.size());
  if (centered) prepare_state(grad_avg_, store.size());

  const RmspropArrays arrays{store.values().data(), store.grads().data(), square_avg_.data(),
                             momentum_buffer_.data(), grad_avg_.data()};
  const float alpha = static_cast<float>(options_.alpha);
  // PyTorch takes 1 - alpha in double from the user's value and rounds it once to float.
  const float mix = static_cast<float>(1.0 - options_.alpha);
  const float eps = options_.eps;
  const float mu = options_.momentum;
  const float lr = learning_rate_;
  auto update = centered ? (momentum ? rmsprop_update<true, true> : rmsprop_update<true, false>)
                         : (momentum ? rmsprop_update<false, true> : rmsprop_update<false, false>);
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         update(arrays, begin, begin + size, decay, lr, alpha, mix, eps, mu);
                       });
  ++steps_;
}

std::vector<Tensor*> Rmsprop::state() {
  std::vector<Tensor*> tensors{&square_avg_};
  if (options_.momentum > 0.0f) tensors.push_back(&momentum_buffer_);
  if (options_.centered) tensors.push_back(&grad_avg_);
  return tensors;
}

}  // namespace axon
