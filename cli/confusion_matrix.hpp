// ConfusionMatrix: counts of (actual class, predicted class) pairs, and the per-class accuracy
// (recall) they give, for `axon eval`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon::cli {

class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(std::size_t classes);

  /// Adds every row: `labels` (N, 1) class indices against the classes `outputs` predict.
  void add(const Tensor& outputs, const Tensor& labels, float threshold);
  std::size_t count(std::size_t actual, std::size_t predicted) const {
    return counts_[actual * classes_ + predicted];
  }
  /// Correct predictions of `actual` over the samples of `actual` (0 when there are none).
  double class_accuracy(std::size_t actual) const;
  /// Rows: actual class; columns: predicted class; then the per-class accuracy.
  std::string to_string() const;

 private:
  std::size_t classes_;
  std::vector<std::size_t> counts_;
};

/// The class a row of outputs predicts: the argmax, or (one output) whether it is above
/// `threshold`.
std::size_t predicted_class(const float* outputs, std::size_t count, float threshold);

}  // namespace axon::cli
