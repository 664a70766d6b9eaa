// Standardizer: per-feature z-scores, x' = (x - mean) / std, like scikit-learn's StandardScaler.
// Fit on the training inputs only, then apply the same mean and std to every later input; the
// command-line trainer saves both with the model.
#pragma once

#include <cstddef>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon::data {

class Standardizer {
 public:
  Standardizer() = default;
  /// A standardizer with saved statistics; sizes must match and every std must be > 0.
  Standardizer(std::vector<float> mean, std::vector<float> stddev);

  /// mean_j = (1/N) sum_i x_ij     std_j = sqrt((1/N) sum_i (x_ij - mean_j)^2)   (population std)
  /// A constant feature (std = 0) gets std = 1, so it maps to 0 rather than to NaN.
  void fit(const Tensor& inputs);
  /// x_ij <- (x_ij - mean_j) / std_j in place; `inputs` must have features() columns.
  void transform(Tensor& inputs) const;
  /// x_ij <- x_ij std_j + mean_j in place: undoes transform.
  void inverse_transform(Tensor& inputs) const;
  /// fit(inputs), then transform(inputs).
  void fit_transform(Tensor& inputs);

  bool fitted() const { return !mean_.empty(); }
  std::size_t features() const { return mean_.size(); }
  const std::vector<float>& mean() const { return mean_; }
  const std::vector<float>& stddev() const { return stddev_; }

 private:
  void check_features(const Tensor& inputs, const char* what) const;

  std::vector<float> mean_;
  std::vector<float> stddev_;
};

}  // namespace axon::data
