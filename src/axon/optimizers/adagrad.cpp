// Adagrad: one pass over the flat blocks per decay range.
#include "axon/optimizers/adagrad.hpp"

#include <cmath>

#include "axon/optimizers/weight_decay.hpp"

namespace axon {

Adagrad::Adagrad(const AdagradOptions& options)
    : Optimizer(options.learning_rate), options_(options) {
  check_non_negative("lr_decay", options.lr_decay);
  check_non_negative("weight_decay", options.weight_decay);
  check_non_negative("initial_accumulator_value", options.initial_accumulator_value);
  check_positive("eps", options.eps);
}

void Adagrad::step(ParameterStore& store) {
  prepare_state(sum_, store.size(), options_.initial_accumulator_value);
  const double t = static_cast<double>(steps_ + 1);
  const float lr = static_cast<float>(static_cast<double>(learning_rate_) /
                                      (1.0 + (t - 1.0) * static_cast<double>(options_.lr_decay)));
  const float eps = options_.eps;
  float* p = store.values().data();
  const float* grad = store.grads().data();
  float* s = sum_.data();
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         const std::size_t end = begin + size;
                         for (std::size_t i = begin; i < end; ++i) {
                           const float g = grad[i] + decay * p[i];
                           s[i] += g * g;
                           p[i] -= lr * g / (std::sqrt(s[i]) + eps);
                         }
                       });
  ++steps_;
}

}  // namespace axon
