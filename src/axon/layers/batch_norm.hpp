// BatchNorm: batch normalization over features (Ioffe and Szegedy, "Batch Normalization:
// Accelerating Deep Network Training by Reducing Internal Covariate Shift", ICML 2015), as
// PyTorch's nn.BatchNorm1d on (N, features) input.
//
//   training:   mu_j = mean_i X_ij     var_j = mean_i (X_ij - mu_j)^2   (biased)
//               running_mean = (1 - m) running_mean + m mu
//               running_var  = (1 - m) running_var  + m var N / (N - 1)  (unbiased)
//   evaluation: mu = running_mean, var = running_var
//   Xhat_ij = (X_ij - mu_j) / sqrt(var_j + eps)     Y_ij = gamma_j Xhat_ij + beta_j
//   X, Xhat, Y: (N, features)    gamma, beta, mu, var: (features)
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/layer.hpp"

namespace axon {

struct BatchNormOptions {
  float eps = 1e-5f;      ///< > 0, added to the variance
  float momentum = 0.1f;  ///< m in [0, 1]: weight of the batch in the running statistics
};

class BatchNorm : public Layer {
 public:
  explicit BatchNorm(std::size_t features, BatchNormOptions options = {});

  static constexpr const char* kName = "batch_norm";
  static std::vector<ConfigField> config_fields();  ///< features, eps, momentum
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  /// running_var >= 0 (it is an average of squares).
  void check_state() const override;
  std::size_t output_features(std::size_t in_features) const override;
  std::size_t input_features() const override { return features_; }
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void initialize(Rng& rng) override;

  std::size_t features() const { return features_; }
  const BatchNormOptions& options() const { return options_; }
  /// gamma (ParameterKind::kScale), named "weight" as in PyTorch.
  Parameter& scale() { return parameters()[0]; }
  /// beta (ParameterKind::kShift), named "bias" as in PyTorch.
  Parameter& shift() { return parameters()[1]; }
  /// The buffers, running_mean then running_var (allocated once the layer has storage).
  const Tensor& running_mean() const { return buffer(0); }
  const Tensor& running_var() const { return buffer(1); }

 private:
  std::size_t features_;
  BatchNormOptions options_;
  Tensor& running_mean_buffer() { return buffer(0); }
  Tensor& running_var_buffer() { return buffer(1); }

  // Per-feature accumulators, sized once.
  std::vector<double> mean_;         // mu
  std::vector<double> squares_;      // sum_i (X_ij - mu_j)^2
  std::vector<double> sum_dy_;       // sum_i dY_ij
  std::vector<double> sum_dy_xhat_;  // sum_i dY_ij Xhat_ij
  std::vector<float> inv_std_;       // 1 / sqrt(var + eps) of the last forward
  bool training_ = false;            // the mode of the last forward
  Tensor normalized_;                // Xhat
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
