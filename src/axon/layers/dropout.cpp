// Dropout: mask drawn from the layer's own Rng, applied forward and backward.
#include "axon/layers/dropout.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

Dropout::Dropout(float p) : p_(p) {
  check(std::isfinite(p) && p >= 0.0f && p < 1.0f, "dropout: p must be in [0, 1), got {}", p);
}

void Dropout::seed_from(Rng& rng) { rng_ = Rng(rng.next_u64()); }

const Tensor& Dropout::forward(const Tensor& x, bool training) {
  identity_ = !training || p_ == 0.0f;
  if (identity_) return x;
  // Keep with probability 1 - p (u uniform in [0, 1)), scaled so that E[Y] = X.
  const float keep = 1.0f - p_;
  const float scale = 1.0f / keep;
  mask_.resize(x.shape());
  output_.resize(x.shape());
  float* m = mask_.data();
  float* y = output_.data();
  const float* in = x.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) {
    m[i] = rng_.uniform() < keep ? scale : 0.0f;
    y[i] = in[i] * m[i];
  }
  return output_;
}

const Tensor& Dropout::backward(const Tensor& grad_output) {
  if (identity_) return grad_output;
  check_same_shape(grad_output.shape(), mask_.shape(), "dropout backward: dY vs mask");
  grad_input_.resize(mask_.shape());
  const float* dy = grad_output.data();
  const float* m = mask_.data();
  float* dx = grad_input_.data();
  for (std::size_t i = 0, n = mask_.size(); i < n; ++i) dx[i] = dy[i] * m[i];
  return grad_input_;
}

}  // namespace axon
