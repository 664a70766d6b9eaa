// BatchNorm: statistics, normalization and the backward pass.
#include "axon/layers/batch_norm.hpp"

#include <algorithm>
#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

BatchNorm::BatchNorm(std::size_t features, BatchNormOptions options)
    : features_(features), options_(options) {
  check(features > 0, "batch_norm: features must be > 0, got {}", features);
  check(std::isfinite(options.eps) && options.eps > 0.0f, "batch_norm: eps must be > 0, got {}",
        options.eps);
  check(options.momentum >= 0.0f && options.momentum <= 1.0f,
        "batch_norm: momentum must be in [0, 1], got {}", options.momentum);
  add_parameter("weight", Shape{features}, ParameterKind::kScale);
  add_parameter("bias", Shape{features}, ParameterKind::kShift);
  add_buffer("running_mean", Shape{features}, 0.0f);
  add_buffer("running_var", Shape{features}, 1.0f);
}

std::vector<ConfigField> BatchNorm::config_fields() {
  return {{"features", ConfigKind::kCount},
          {"eps", ConfigKind::kReal},
          {"momentum", ConfigKind::kReal}};
}

LayerConfig BatchNorm::config() const {
  return {{"features", features_}, {"eps", options_.eps}, {"momentum", options_.momentum}};
}

std::unique_ptr<Layer> BatchNorm::from_config(const LayerConfig& config) {
  return std::make_unique<BatchNorm>(
      config.count("features"),
      BatchNormOptions{.eps = config.real("eps"), .momentum = config.real("momentum")});
}

void BatchNorm::check_state() const {
  const Tensor& var = running_var();
  for (std::size_t j = 0; j < var.size(); ++j)
    check(var[j] >= 0.0f, "batch_norm: running_var of feature {} is {}, a variance must be >= 0",
          j + 1, var[j]);
}

std::size_t BatchNorm::output_features(std::size_t in_features) const {
  check(in_features == features_, "batch_norm({}): expects {} input features, got {}", features_,
        features_, in_features);
  return features_;
}

// gamma = 1, beta = 0, running_mean = 0, running_var = 1 (PyTorch's reset_parameters).
void BatchNorm::initialize(Rng& /*rng*/) {
  std::fill_n(scale().value, features_, 1.0f);
  std::fill_n(shift().value, features_, 0.0f);
  running_mean_buffer().fill(0.0f);
  running_var_buffer().fill(1.0f);
}

const Tensor& BatchNorm::forward(const Tensor& x, bool training) {
  check(x.cols() == features_, "batch_norm({}): input of shape {} has {} features, expected {}",
        features_, x.shape(), x.cols(), features_);
  const std::size_t n = x.rows(), f = features_;
  training_ = training;
  Tensor& running_mean = running_mean_buffer();
  Tensor& running_var = running_var_buffer();
  // Per-feature accumulators: sized by the first batch, reused after.
  for (auto* v : {&mean_, &squares_, &sum_dy_, &sum_dy_xhat_}) v->resize(f);
  inv_std_.resize(f);
  if (training) {
    check(n > 1, "batch_norm: training needs more than one sample per batch, got {}", n);
    // mu and the biased variance, accumulated in double.
    std::fill(mean_.begin(), mean_.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < f; ++j) mean_[j] += x(i, j);
    for (std::size_t j = 0; j < f; ++j) mean_[j] /= static_cast<double>(n);
    std::fill(squares_.begin(), squares_.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < f; ++j) {
        const double d = x(i, j) - mean_[j];
        squares_[j] += d * d;
      }
    }
    const double m = options_.momentum;
    for (std::size_t j = 0; j < f; ++j) {
      const double var = squares_[j] / static_cast<double>(n);
      inv_std_[j] = static_cast<float>(1.0 / std::sqrt(var + options_.eps));
      const double unbiased = squares_[j] / static_cast<double>(n - 1);
      running_mean[j] = static_cast<float>((1.0 - m) * running_mean[j] + m * mean_[j]);
      running_var[j] = static_cast<float>((1.0 - m) * running_var[j] + m * unbiased);
    }
  } else {
    for (std::size_t j = 0; j < f; ++j) {
      mean_[j] = running_mean[j];
      inv_std_[j] =
          static_cast<float>(1.0 / std::sqrt(static_cast<double>(running_var[j]) + options_.eps));
    }
  }
  normalized_.resize(x.shape());
  output_.resize(x.shape());
  const float* gamma = scale().value;
  const float* beta = shift().value;
  for (std::size_t i = 0; i < n; ++i) {
    const float* in = x.row(i);
    float* xhat = normalized_.row(i);
    float* y = output_.row(i);
    for (std::size_t j = 0; j < f; ++j) {
      xhat[j] = static_cast<float>(in[j] - mean_[j]) * inv_std_[j];
      y[j] = gamma[j] * xhat[j] + beta[j];
    }
  }
  return output_;
}

// dgamma += column sums of dY Xhat      dbeta += column sums of dY
// training:   dX_ij = gamma_j / sigma_j (dY_ij - mean_i dY_ij - Xhat_ij mean_i (dY_ij Xhat_ij))
// evaluation: dX_ij = gamma_j / sigma_j dY_ij          sigma_j = sqrt(var_j + eps)
const Tensor& BatchNorm::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "batch_norm backward: dY vs Y");
  const std::size_t n = output_.rows(), f = features_;
  std::fill(sum_dy_.begin(), sum_dy_.end(), 0.0);
  std::fill(sum_dy_xhat_.begin(), sum_dy_xhat_.end(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const float* dy = grad_output.row(i);
    const float* xhat = normalized_.row(i);
    for (std::size_t j = 0; j < f; ++j) {
      sum_dy_[j] += dy[j];
      sum_dy_xhat_[j] += static_cast<double>(dy[j]) * xhat[j];
    }
  }
  float* dgamma = scale().grad;
  float* dbeta = shift().grad;
  for (std::size_t j = 0; j < f; ++j) {
    dgamma[j] += static_cast<float>(sum_dy_xhat_[j]);
    dbeta[j] += static_cast<float>(sum_dy_[j]);
  }
  if (!needs_input_grad_) return grad_input_;
  grad_input_.resize(output_.shape());
  const float* gamma = scale().value;
  // In evaluation the statistics are constants: both mean terms drop out.
  const double inv_n = training_ ? 1.0 / static_cast<double>(n) : 0.0;
  for (std::size_t j = 0; j < f; ++j) {
    sum_dy_[j] *= inv_n;
    sum_dy_xhat_[j] *= inv_n;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const float* dy = grad_output.row(i);
    const float* xhat = normalized_.row(i);
    float* dx = grad_input_.row(i);
    for (std::size_t j = 0; j < f; ++j) {
      const float centered = static_cast<float>(dy[j] - sum_dy_[j] - xhat[j] * sum_dy_xhat_[j]);
      dx[j] = gamma[j] * inv_std_[j] * centered;
    }
  }
  return grad_input_;
}

}  // namespace axon
