// RegressionMetrics: mean squared error, mean absolute error and the coefficient of determination
// R², accumulated batch by batch, as scikit-learn's mean_squared_error, mean_absolute_error and
// r2_score give them for (N, outputs) arrays (each averaged uniformly over the outputs):
//
//   MSE = mean (y - ŷ)²      MAE = mean |y - ŷ|      R²_j = 1 - Σ_i (y_ij - ŷ_ij)² / Σ_i (y_ij -
//   ȳ_j)²
//
// An output whose targets are all equal has R²_j = 1 if predicted exactly, else 0.
#pragma once

#include <cstddef>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon {

class RegressionMetrics {
 public:
  /// Adds a batch: `prediction` and `target` of one shape (N, outputs), the same outputs as every
  /// batch before.
  void add(const Tensor& prediction, const Tensor& target);

  /// Rows added so far.
  std::size_t rows() const { return rows_; }
  /// The metrics over every row added; each needs at least one row.
  double mse() const;
  double mae() const;
  double r2() const;

 private:
  void require_rows(const char* metric) const;

  std::size_t rows_ = 0;
  double squared_error_ = 0.0;
  double absolute_error_ = 0.0;
  // Per output: the sum of squared residuals, and the running mean and sum of squared deviations
  // of the targets (Welford), so R² needs one pass.
  std::vector<double> residual_squares_;
  std::vector<double> target_mean_;
  std::vector<double> target_deviation_squares_;
};

}  // namespace axon
