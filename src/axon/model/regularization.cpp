// Regularization: L2 penalty over the store's segments, and global-norm gradient clipping.
#include "axon/model/regularization.hpp"

#include <cmath>

#include "axon/optimizers/weight_decay.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

void check_lambda(float lambda) {
  check(std::isfinite(lambda) && lambda >= 0.0f, "l2 must be >= 0, got {}", lambda);
}

}  // namespace

double l2_penalty(const ParameterStore& store, float lambda, bool include_bias) {
  check_lambda(lambda);
  const std::span<const float> values = store.values();
  double squares = 0.0;
  for (const ParameterStore::Segment& segment : store.segments()) {
    if (!decays(segment.kind, include_bias)) continue;
    for (std::size_t i = segment.offset; i < segment.offset + segment.size; ++i)
      squares += static_cast<double>(values[i]) * values[i];
  }
  return 0.5 * lambda * squares;
}

double add_l2_penalty(ParameterStore& store, float lambda, bool include_bias) {
  check_lambda(lambda);
  const std::span<const float> values = store.values();
  const std::span<float> grads = store.grads();
  double squares = 0.0;
  for (const ParameterStore::Segment& segment : store.segments()) {
    if (!decays(segment.kind, include_bias)) continue;
    for (std::size_t i = segment.offset; i < segment.offset + segment.size; ++i) {
      squares += static_cast<double>(values[i]) * values[i];
      grads[i] += lambda * values[i];
    }
  }
  return 0.5 * lambda * squares;
}

double global_norm(std::span<const float> grads) {
  double squares = 0.0;
  for (const float g : grads) squares += static_cast<double>(g) * g;
  return std::sqrt(squares);
}

double clip_grad_norm(std::span<float> grads, float max_norm) {
  check(std::isfinite(max_norm) && max_norm > 0.0f, "clip_norm must be > 0, got {}", max_norm);
  const double norm = global_norm(grads);
  const double factor = max_norm / (norm + 1e-6);
  if (factor < 1.0) {
    const float f = static_cast<float>(factor);
    for (float& g : grads) g *= f;
  }
  return norm;
}

}  // namespace axon
