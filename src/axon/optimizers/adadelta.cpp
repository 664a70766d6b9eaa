// Adadelta: one pass over the flat blocks per decay range.
#include "axon/optimizers/adadelta.hpp"

#include <cmath>

#include "axon/optimizers/weight_decay.hpp"

namespace axon {

Adadelta::Adadelta(const AdadeltaOptions& options)
    : Optimizer(options.learning_rate), options_(options) {
  check_fraction("rho", options.rho);
  check_positive("eps", options.eps);
  check_non_negative("weight_decay", options.weight_decay);
}

void Adadelta::step(ParameterStore& store) {
  prepare_state(square_avg_, store.size());
  prepare_state(acc_delta_, store.size());
  const float rho = static_cast<float>(options_.rho);
  // PyTorch takes 1 - rho in double from the user's value and rounds it once to float.
  const float mix = static_cast<float>(1.0 - options_.rho);
  const float eps = options_.eps;
  const float lr = learning_rate_;
  float* p = store.values().data();
  const float* grad = store.grads().data();
  float* v = square_avg_.data();
  float* u = acc_delta_.data();
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         const std::size_t end = begin + size;
                         for (std::size_t i = begin; i < end; ++i) {
                           const float g = grad[i] + decay * p[i];
                           v[i] = rho * v[i] + mix * g * g;
                           const float d = std::sqrt(u[i] + eps) / std::sqrt(v[i] + eps) * g;
                           u[i] = rho * u[i] + mix * d * d;
                           p[i] -= lr * d;
                         }
                       });
  ++steps_;
}

}  // namespace axon
