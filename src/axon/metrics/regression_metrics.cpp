// RegressionMetrics: one pass over each batch.
#include "axon/metrics/regression_metrics.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

void RegressionMetrics::add(const Tensor& prediction, const Tensor& target) {
  const std::size_t n = prediction.rows(), k = prediction.cols();
  check(target.rows() == n && target.cols() == k,
        "regression metrics: targets of shape ({}, {}) for predictions of shape ({}, {})",
        target.rows(), target.cols(), n, k);
  if (rows_ == 0) {
    residual_squares_.assign(k, 0.0);
    target_mean_.assign(k, 0.0);
    target_deviation_squares_.assign(k, 0.0);
  }
  check(k == residual_squares_.size(),
        "regression metrics: a batch of {} outputs after batches of {}", k,
        residual_squares_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double count = static_cast<double>(rows_ + i + 1);
    for (std::size_t j = 0; j < k; ++j) {
      const double y = target(i, j), d = static_cast<double>(prediction(i, j)) - y;
      squared_error_ += d * d;
      absolute_error_ += std::abs(d);
      residual_squares_[j] += d * d;
      const double delta = y - target_mean_[j];
      target_mean_[j] += delta / count;
      target_deviation_squares_[j] += delta * (y - target_mean_[j]);
    }
  }
  rows_ += n;
}

void RegressionMetrics::require_rows(const char* metric) const {
  check(rows_ > 0 && !residual_squares_.empty(), "{}: no predictions were added", metric);
}

double RegressionMetrics::mse() const {
  require_rows("MSE");
  return squared_error_ / static_cast<double>(rows_ * residual_squares_.size());
}

double RegressionMetrics::mae() const {
  require_rows("MAE");
  return absolute_error_ / static_cast<double>(rows_ * residual_squares_.size());
}

double RegressionMetrics::r2() const {
  require_rows("R2");
  double sum = 0.0;
  for (std::size_t j = 0; j < residual_squares_.size(); ++j) {
    const double total = target_deviation_squares_[j];
    if (total == 0.0)
      sum += residual_squares_[j] == 0.0 ? 1.0 : 0.0;
    else
      sum += 1.0 - residual_squares_[j] / total;
  }
  return sum / static_cast<double>(residual_squares_.size());
}

}  // namespace axon
