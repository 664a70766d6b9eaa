// ConfusionMatrix: counts of (actual class, predicted class) pairs, and the totals of its rows
// (the samples of each class) and columns (the predictions of each class).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon {

class ConfusionMatrix {
 public:
  /// An empty matrix of `classes` x `classes` counts (1 to 65536 classes).
  explicit ConfusionMatrix(std::size_t classes);

  /// Counts `times` samples of class `actual` predicted as `predicted`.
  void add(std::size_t actual, std::size_t predicted, std::size_t times = 1);
  /// Counts every row: the class `prediction` (N, K) predicts (argmax, or `threshold` for one
  /// output) against the class `target` names ((N, 1) indices or (N, K) one-hot rows).
  void add(const Tensor& prediction, const Tensor& target, float threshold);

  std::size_t classes() const { return classes_; }
  std::size_t count(std::size_t actual, std::size_t predicted) const {
    return counts_[actual * classes_ + predicted];
  }
  /// Samples of class `actual` (its row's sum).
  std::size_t actual_total(std::size_t actual) const;
  /// Samples predicted as `predicted` (its column's sum).
  std::size_t predicted_total(std::size_t predicted) const;
  /// All samples counted, and those on the diagonal.
  std::size_t total() const;
  std::size_t correct() const;
  /// correct() / total(), 0 for an empty matrix.
  double accuracy() const;
  /// Correct predictions of `actual` over its samples (its recall), 0 when it has none.
  double class_accuracy(std::size_t actual) const;
  /// Rows: actual class; columns: predicted class; then the per-class accuracy.
  std::string to_string() const;

 private:
  std::size_t classes_;
  std::vector<std::size_t> counts_;
};

}  // namespace axon
