// BatchNorm2D: per-channel statistics, normalization and the backward pass.
#include "axon/layers/batch_norm2d.hpp"

#include <algorithm>
#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

BatchNorm2D::BatchNorm2D(std::size_t channels, BatchNormOptions options)
    : channels_(channels), options_(options) {
  check(channels > 0, "batch_norm2d: channels must be > 0, got {}", channels);
  check(std::isfinite(options.eps) && options.eps > 0.0f, "batch_norm2d: eps must be > 0, got {}",
        options.eps);
  check(options.momentum >= 0.0f && options.momentum <= 1.0f,
        "batch_norm2d: momentum must be in [0, 1], got {}", options.momentum);
  add_parameter("weight", Shape{channels}, ParameterKind::kScale);
  add_parameter("bias", Shape{channels}, ParameterKind::kShift);
  add_buffer("running_mean", Shape{channels}, 0.0f);
  add_buffer("running_var", Shape{channels}, 1.0f);
}

std::vector<ConfigField> BatchNorm2D::config_fields() {
  return {{"channels", ConfigKind::kCount},
          {"eps", ConfigKind::kReal},
          {"momentum", ConfigKind::kReal}};
}

LayerConfig BatchNorm2D::config() const {
  return {{"channels", channels_}, {"eps", options_.eps}, {"momentum", options_.momentum}};
}

std::unique_ptr<Layer> BatchNorm2D::from_config(const LayerConfig& config) {
  return std::make_unique<BatchNorm2D>(
      config.count("channels"),
      BatchNormOptions{.eps = config.real("eps"), .momentum = config.real("momentum")});
}

void BatchNorm2D::check_state() const {
  const Tensor& var = running_var();
  for (std::size_t c = 0; c < var.size(); ++c)
    check(var[c] >= 0.0f, "batch_norm2d: running_var of channel {} is {}, a variance must be >= 0",
          c + 1, var[c]);
}

Shape BatchNorm2D::output_shape(const Shape& input) const {
  check(input.rank() == 3 && input[0] == channels_,
        "batch_norm2d({}): expects samples of shape ({}, H, W), got {}", channels_, channels_,
        input);
  return input;
}

// gamma = 1, beta = 0, running_mean = 0, running_var = 1 (PyTorch's reset_parameters).
void BatchNorm2D::initialize(Rng& /*rng*/) {
  std::fill_n(scale().value, channels_, 1.0f);
  std::fill_n(shift().value, channels_, 0.0f);
  buffer(0).fill(0.0f);
  buffer(1).fill(1.0f);
}

const Tensor& BatchNorm2D::forward(const Tensor& x, bool training) {
  check(x.rank() == 4 && x.shape()[1] == channels_,
        "batch_norm2d({}): expects input of shape (N, {}, H, W), got {}", channels_, channels_,
        x.shape());
  const std::size_t n = x.shape()[0], pixels = x.shape()[2] * x.shape()[3];
  const std::size_t count = n * pixels;  // M
  training_ = training;
  mean_.resize(channels_);
  inv_std_.resize(channels_);
  Tensor& running_mean = buffer(0);
  Tensor& running_var = buffer(1);
  if (training) {
    check(count > 1, "batch_norm2d: training needs more than one value per channel, got {}", count);
    const double m = options_.momentum;
    for (std::size_t c = 0; c < channels_; ++c) {
      double sum = 0.0, squares = 0.0;
      for (std::size_t s = 0; s < n; ++s) {
        const float* in = x.data() + (s * channels_ + c) * pixels;
        for (std::size_t k = 0; k < pixels; ++k) sum += in[k];
      }
      const double mu = sum / static_cast<double>(count);
      for (std::size_t s = 0; s < n; ++s) {
        const float* in = x.data() + (s * channels_ + c) * pixels;
        for (std::size_t k = 0; k < pixels; ++k) squares += (in[k] - mu) * (in[k] - mu);
      }
      mean_[c] = mu;
      inv_std_[c] =
          static_cast<float>(1.0 / std::sqrt(squares / static_cast<double>(count) + options_.eps));
      const double unbiased = squares / static_cast<double>(count - 1);
      running_mean[c] = static_cast<float>((1.0 - m) * running_mean[c] + m * mu);
      running_var[c] = static_cast<float>((1.0 - m) * running_var[c] + m * unbiased);
    }
  } else {
    for (std::size_t c = 0; c < channels_; ++c) {
      mean_[c] = running_mean[c];
      inv_std_[c] =
          static_cast<float>(1.0 / std::sqrt(static_cast<double>(running_var[c]) + options_.eps));
    }
  }
  normalized_.resize(x.shape());
  output_.resize(x.shape());
  const float* gamma = scale().value;
  const float* beta = shift().value;
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t c = 0; c < channels_; ++c) {
      const std::size_t at = (s * channels_ + c) * pixels;
      const float mu = static_cast<float>(mean_[c]);
      for (std::size_t k = 0; k < pixels; ++k) {
        const float xhat = (x[at + k] - mu) * inv_std_[c];
        normalized_[at + k] = xhat;
        output_[at + k] = gamma[c] * xhat + beta[c];
      }
    }
  }
  return output_;
}

// dgamma_c += sum dY Xhat      dbeta_c += sum dY          (sums over n, h, w of channel c)
// training:   dX = gamma_c / sigma_c (dY - mean dY - Xhat mean (dY Xhat))
// evaluation: dX = gamma_c / sigma_c dY                   sigma_c = sqrt(var_c + eps)
const Tensor& BatchNorm2D::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "batch_norm2d backward: dY vs Y");
  const Shape& shape = output_.shape();
  const std::size_t n = shape[0], pixels = shape[2] * shape[3];
  const double inv_count = training_ ? 1.0 / static_cast<double>(n * pixels) : 0.0;
  if (needs_input_grad_) grad_input_.resize(shape);
  const float* gamma = scale().value;
  for (std::size_t c = 0; c < channels_; ++c) {
    double sum_dy = 0.0, sum_dy_xhat = 0.0;
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t at = (s * channels_ + c) * pixels;
      for (std::size_t k = 0; k < pixels; ++k) {
        sum_dy += grad_output[at + k];
        sum_dy_xhat += static_cast<double>(grad_output[at + k]) * normalized_[at + k];
      }
    }
    scale().grad[c] += static_cast<float>(sum_dy_xhat);
    shift().grad[c] += static_cast<float>(sum_dy);
    if (!needs_input_grad_) continue;
    // In evaluation the statistics are constants: both mean terms drop out.
    const float mean_dy = static_cast<float>(sum_dy * inv_count);
    const float mean_dy_xhat = static_cast<float>(sum_dy_xhat * inv_count);
    const float factor = gamma[c] * inv_std_[c];
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t at = (s * channels_ + c) * pixels;
      for (std::size_t k = 0; k < pixels; ++k)
        grad_input_[at + k] =
            factor * (grad_output[at + k] - mean_dy - normalized_[at + k] * mean_dy_xhat);
    }
  }
  return grad_input_;
}

}  // namespace axon
