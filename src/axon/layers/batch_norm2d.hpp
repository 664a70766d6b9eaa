// BatchNorm2D: batch normalization per channel of NCHW images (Ioffe and Szegedy, ICML 2015), as
// PyTorch's nn.BatchNorm2d. The statistics of channel c run over the batch and every pixel: the
// M = N H W values X[., c, ., .].
//
//   training:   mu_c = mean X[.,c,.,.]     var_c = mean (X[.,c,.,.] - mu_c)^2   (biased)
//               running_mean = (1 - m) running_mean + m mu
//               running_var  = (1 - m) running_var  + m var M / (M - 1)  (unbiased)
//   evaluation: mu = running_mean, var = running_var
//   Xhat = (X - mu_c) / sqrt(var_c + eps)      Y = gamma_c Xhat + beta_c
//   X, Xhat, Y: (N, C, H, W)    gamma, beta, mu, var: (C)
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/batch_norm.hpp"
#include "axon/layers/layer.hpp"

namespace axon {

class BatchNorm2D : public Layer {
 public:
  explicit BatchNorm2D(std::size_t channels, BatchNormOptions options = {});

  static constexpr const char* kName = "batch_norm2d";
  static std::vector<ConfigField> config_fields();  ///< channels, eps, momentum
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  /// running_var >= 0 (it is an average of squares).
  void check_state() const override;
  Shape output_shape(const Shape& input) const override;
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void initialize(Rng& rng) override;

  std::size_t channels() const { return channels_; }
  const BatchNormOptions& options() const { return options_; }
  /// gamma, named "weight" as in PyTorch.
  Parameter& scale() { return parameters()[0]; }
  /// beta, named "bias" as in PyTorch.
  Parameter& shift() { return parameters()[1]; }
  const Tensor& running_mean() const { return buffer(0); }
  const Tensor& running_var() const { return buffer(1); }

 private:
  std::size_t channels_;
  BatchNormOptions options_;
  std::vector<double> mean_;    // mu per channel
  std::vector<float> inv_std_;  // 1 / sqrt(var + eps) of the last forward
  bool training_ = false;       // the mode of the last forward
  Tensor normalized_;           // Xhat
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
