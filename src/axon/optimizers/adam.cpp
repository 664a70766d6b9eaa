// Adam and AdamW: one pass over the flat blocks per decay range. The L2 term and the decoupled
// shrink are both in the loop (one of them is the identity) so both share one kernel.
#include "axon/optimizers/adam.hpp"

#include <algorithm>
#include <cmath>

#include "axon/optimizers/weight_decay.hpp"
#include "axon/tensor/parallel_ranges.hpp"
#include "axon/tensor/vector_clones.hpp"

namespace axon {

AXON_VECTOR_CLONES
void adam_update(AdamStep s, std::size_t size, float* p, const float* grad, float* m, float* v,
                 float* v_max) {
  // s m / (sqrt(v) / sqrt(c2) + eps) = (s sqrt(c2)) m / (sqrt(v) + eps sqrt(c2)): one division
  // and one square root per parameter instead of two divisions and a root. Those three bound the
  // loop (the divider, not memory); the result moves by an ulp of the step, not of p.
  const float step = s.step_size * s.root_correction2;
  const float eps = s.eps * s.root_correction2;
  for (std::size_t i = 0; i < size; ++i) {
    const float g = grad[i] + s.l2 * p[i];
    m[i] = s.beta1 * m[i] + s.mix1 * g;
    v[i] = s.beta2 * v[i] + s.mix2 * g * g;
    float second = v[i];
    if (v_max != nullptr) second = v_max[i] = std::max(v_max[i], v[i]);
    p[i] = s.shrink * p[i] - step * m[i] / (std::sqrt(second) + eps);
  }
}

Adam::Adam(const AdamOptions& options) : Adam(options, false) {}

Adam::Adam(const AdamOptions& options, bool decoupled)
    : Optimizer(options.learning_rate), options_(options), decoupled_(decoupled) {
  check_fraction("beta1", options.beta1);
  check_fraction("beta2", options.beta2);
  check_positive("eps", options.eps);
  check_non_negative("weight_decay", options.weight_decay);
}

void Adam::step(ParameterStore& store) {
  const bool amsgrad = options_.amsgrad;
  prepare_state(exp_avg_, store.size());
  prepare_state(exp_avg_sq_, store.size());
  if (amsgrad) prepare_state(max_exp_avg_sq_, store.size());

  // Bias corrections once per step, in double as PyTorch computes them, then rounded to float.
  const double t = static_cast<double>(steps_ + 1);
  const double lr = learning_rate_;
  const double correction1 = 1.0 - std::pow(options_.beta1, t);
  const double correction2 = 1.0 - std::pow(options_.beta2, t);
  const float step_size = static_cast<float>(lr / correction1);
  const float root_correction2 = static_cast<float>(std::sqrt(correction2));
  // 1 - beta in double from the user's value, rounded once to float, as PyTorch does.
  const float beta1 = static_cast<float>(options_.beta1);
  const float beta2 = static_cast<float>(options_.beta2);
  const float mix1 = static_cast<float>(1.0 - options_.beta1);
  const float mix2 = static_cast<float>(1.0 - options_.beta2);
  const float eps = options_.eps;

  float* p = store.values().data();
  const float* grad = store.grads().data();
  float* m = exp_avg_.data();
  float* v = exp_avg_sq_.data();
  float* v_max = amsgrad ? max_exp_avg_sq_.data() : nullptr;
  for_each_decay_range(store, options_.weight_decay, options_.decay_bias,
                       [&](std::size_t begin, std::size_t size, float decay) {
                         // Adam: g += lambda p. AdamW: p *= 1 - lr lambda before the step.
                         const AdamStep step{
                             .beta1 = beta1,
                             .beta2 = beta2,
                             .mix1 = mix1,
                             .mix2 = mix2,
                             .step_size = step_size,
                             .root_correction2 = root_correction2,
                             .eps = eps,
                             .l2 = decoupled_ ? 0.0f : decay,
                             .shrink = decoupled_ ? static_cast<float>(1.0 - lr * decay) : 1.0f};
                         // In fixed runs on the compute pool (parallel_ranges.hpp): element-wise,
                         // so the same bits on any number of threads.
                         parallel_ranges(size, [&](std::size_t from, std::size_t to) {
                           const std::size_t at = begin + from;
                           adam_update(step, to - from, p + at, grad + at, m + at, v + at,
                                       v_max == nullptr ? nullptr : v_max + at);
                         });
                       });
  ++steps_;
}

std::vector<Tensor*> Adam::state() {
  std::vector<Tensor*> tensors{&exp_avg_, &exp_avg_sq_};
  if (options_.amsgrad) tensors.push_back(&max_exp_avg_sq_);
  return tensors;
}

}  // namespace axon
