// Predicted and actual classes, and the count of matches.
#include "axon/metrics/accuracy.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

std::size_t predicted_class(const float* outputs, std::size_t count, float threshold) {
  if (count == 1) return outputs[0] > threshold ? 1 : 0;
  std::size_t best = 0;
  for (std::size_t j = 1; j < count; ++j)
    if (outputs[j] > outputs[best]) best = j;
  return best;
}

std::size_t target_class(const Tensor& target, std::size_t row, std::size_t outputs) {
  if (target.cols() > 1) return predicted_class(target.row(row), target.cols(), 0.5f);
  const float label = target(row, 0);
  if (outputs == 1) return label > 0.5f ? 1 : 0;
  check(label >= 0.0f && label == std::floor(label),
        "row {}: the class label {} is not a class index (0, 1, 2, ...)", row + 1, label);
  return static_cast<std::size_t>(label);
}

std::size_t count_correct(const Tensor& prediction, const Tensor& target, float threshold) {
  const std::size_t n = prediction.rows(), k = prediction.cols();
  check(target.rows() == n && (target.cols() == 1 || target.cols() == k),
        "accuracy: {} targets of {} columns for {} predictions of {} outputs (expected one "
        "column or {})",
        target.rows(), target.cols(), n, k, k);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < n; ++i)
    correct += predicted_class(prediction.row(i), k, threshold) == target_class(target, i, k);
  return correct;
}

double accuracy(const Tensor& prediction, const Tensor& target, float threshold) {
  check(prediction.rows() > 0, "accuracy: there are no predictions");
  return static_cast<double>(count_correct(prediction, target, threshold)) /
         static_cast<double>(prediction.rows());
}

}  // namespace axon
