// Cross-entropy losses: row loops for one-hot and index targets, on probabilities and on logits.
#include "axon/losses/categorical_losses.hpp"

#include <algorithm>
#include <cmath>

#include "axon/losses/loss_checks.hpp"

namespace axon {
namespace {

using detail::kDenominatorFloor;
using detail::kLogFloor;

float clamped_log(float a) { return std::max(std::log(a), kLogFloor); }

/// log sum_k e^(z_k) = m + log sum_k e^(z_k - m), m = max_k z_k, so no exponential overflows.
float log_sum_exp(const float* z, std::size_t k) {
  const float m = *std::max_element(z, z + k);
  float sum = 0.0f;
  for (std::size_t j = 0; j < k; ++j) sum += std::exp(z[j] - m);
  return m + std::log(sum);
}

/// softmax(z) into p, the same way as the Softmax layer.
void softmax_row(const float* z, std::size_t k, float* p) {
  const float m = *std::max_element(z, z + k);
  float sum = 0.0f;
  for (std::size_t j = 0; j < k; ++j) {
    p[j] = std::exp(z[j] - m);
    sum += p[j];
  }
  const float inv = 1.0f / sum;
  for (std::size_t j = 0; j < k; ++j) p[j] *= inv;
}

}  // namespace

// ---- CategoricalCrossEntropy ----

float CategoricalCrossEntropy::forward(const Tensor& prediction, const Tensor& target) {
  detail::check_same_layout(*this, prediction, target);
  const float* a = prediction.data();
  const float* y = target.data();
  double sum = 0.0;
  for (std::size_t i = 0, n = prediction.size(); i < n; ++i) sum -= y[i] * clamped_log(a[i]);
  return detail::reduce(sum, reduction_, prediction.rows());
}

void CategoricalCrossEntropy::backward(const Tensor& prediction, const Tensor& target,
                                       Tensor& grad) {
  detail::check_same_layout(*this, prediction, target);
  grad.resize(prediction.shape());
  const float s = detail::reduction_scale(reduction_, prediction.rows());
  const float* a = prediction.data();
  const float* y = target.data();
  float* g = grad.data();
  for (std::size_t i = 0, n = prediction.size(); i < n; ++i)
    g[i] = -s * y[i] / std::max(a[i], kDenominatorFloor);
}

bool CategoricalCrossEntropy::softmax_backward(const Tensor& probabilities, const Tensor& target,
                                               Tensor& grad_logits) {
  detail::check_same_layout(*this, probabilities, target);
  grad_logits.resize(probabilities.shape());
  const float s = detail::reduction_scale(reduction_, probabilities.rows());
  const std::size_t n = probabilities.rows(), k = probabilities.cols();
  for (std::size_t i = 0; i < n; ++i) {
    const float* a = probabilities.row(i);
    const float* y = target.row(i);
    float* g = grad_logits.row(i);
    float total = 0.0f;  // 1 for one-hot rows; kept so soft targets get the exact gradient
    for (std::size_t j = 0; j < k; ++j) total += y[j];
    for (std::size_t j = 0; j < k; ++j) g[j] = s * (a[j] * total - y[j]);
  }
  return true;
}

// ---- SparseCategoricalCrossEntropy ----

float SparseCategoricalCrossEntropy::forward(const Tensor& prediction, const Tensor& target) {
  detail::check_index_layout(*this, prediction, target);
  const std::size_t n = prediction.rows(), k = prediction.cols();
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    sum -= clamped_log(prediction(i, detail::class_index(*this, target, i, k)));
  return detail::reduce(sum, reduction_, n);
}

void SparseCategoricalCrossEntropy::backward(const Tensor& prediction, const Tensor& target,
                                             Tensor& grad) {
  detail::check_index_layout(*this, prediction, target);
  grad.resize(prediction.shape());
  grad.fill(0.0f);
  const std::size_t n = prediction.rows(), k = prediction.cols();
  const float s = detail::reduction_scale(reduction_, n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t t = detail::class_index(*this, target, i, k);
    grad(i, t) = -s / std::max(prediction(i, t), kDenominatorFloor);
  }
}

bool SparseCategoricalCrossEntropy::softmax_backward(const Tensor& probabilities,
                                                     const Tensor& target, Tensor& grad_logits) {
  detail::check_index_layout(*this, probabilities, target);
  grad_logits.resize(probabilities.shape());
  const std::size_t n = probabilities.rows(), k = probabilities.cols();
  const float s = detail::reduction_scale(reduction_, n);
  const float* a = probabilities.data();
  float* g = grad_logits.data();
  for (std::size_t i = 0, size = probabilities.size(); i < size; ++i) g[i] = s * a[i];
  for (std::size_t i = 0; i < n; ++i) grad_logits(i, detail::class_index(*this, target, i, k)) -= s;
  return true;
}

// ---- CrossEntropy ----

CrossEntropy::CrossEntropy(Reduction reduction)
    : Loss(reduction), one_hot_(reduction), sparse_(reduction) {}

Loss& CrossEntropy::pick(const Tensor& prediction, const Tensor& target) {
  // Shapes are checked here too, so their errors carry this loss's name.
  if (detail::holds_class_indices(prediction, target)) {
    detail::check_index_layout(*this, prediction, target);
    return sparse_;
  }
  detail::check_same_layout(*this, prediction, target);
  return one_hot_;
}

float CrossEntropy::forward(const Tensor& prediction, const Tensor& target) {
  return pick(prediction, target).forward(prediction, target);
}

void CrossEntropy::backward(const Tensor& prediction, const Tensor& target, Tensor& grad) {
  pick(prediction, target).backward(prediction, target, grad);
}

bool CrossEntropy::softmax_backward(const Tensor& probabilities, const Tensor& target,
                                    Tensor& grad_logits) {
  return pick(probabilities, target).softmax_backward(probabilities, target, grad_logits);
}

// ---- SoftmaxCrossEntropy ----

float SoftmaxCrossEntropy::forward(const Tensor& prediction, const Tensor& target) {
  const bool sparse = detail::holds_class_indices(prediction, target);
  if (sparse)
    detail::check_index_layout(*this, prediction, target);
  else
    detail::check_same_layout(*this, prediction, target);
  const std::size_t n = prediction.rows(), k = prediction.cols();
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float* z = prediction.row(i);
    const float lse = log_sum_exp(z, k);
    if (sparse) {
      sum += lse - z[detail::class_index(*this, target, i, k)];
    } else {
      // -sum_j y_j (z_j - lse)
      const float* y = target.row(i);
      float row = 0.0f;
      for (std::size_t j = 0; j < k; ++j) row += y[j] * (lse - z[j]);
      sum += row;
    }
  }
  return detail::reduce(sum, reduction_, n);
}

void SoftmaxCrossEntropy::backward(const Tensor& prediction, const Tensor& target, Tensor& grad) {
  const bool sparse = detail::holds_class_indices(prediction, target);
  if (sparse)
    detail::check_index_layout(*this, prediction, target);
  else
    detail::check_same_layout(*this, prediction, target);
  grad.resize(prediction.shape());
  const std::size_t n = prediction.rows(), k = prediction.cols();
  const float s = detail::reduction_scale(reduction_, n);
  for (std::size_t i = 0; i < n; ++i) {
    float* g = grad.row(i);
    softmax_row(prediction.row(i), k, g);
    if (sparse) {
      for (std::size_t j = 0; j < k; ++j) g[j] *= s;
      g[detail::class_index(*this, target, i, k)] -= s;
    } else {
      const float* y = target.row(i);
      float total = 0.0f;
      for (std::size_t j = 0; j < k; ++j) total += y[j];
      for (std::size_t j = 0; j < k; ++j) g[j] = s * (g[j] * total - y[j]);
    }
  }
}

}  // namespace axon
