// ConfusionMatrix: counting, totals and printing.
#include "axon/metrics/confusion_matrix.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/metrics/accuracy.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

ConfusionMatrix::ConfusionMatrix(std::size_t classes) : classes_(classes) {
  // A model file's class count is checked against its outputs on load; this guards the product.
  check(classes > 0 && classes <= 65536, "a confusion matrix needs 1 to 65536 classes, got {}",
        classes);
  counts_.assign(classes * classes, 0);
}

void ConfusionMatrix::add(std::size_t actual, std::size_t predicted, std::size_t times) {
  check(actual < classes_ && predicted < classes_,
        "confusion matrix: class {} is not below the {} classes", std::max(actual, predicted),
        classes_);
  counts_[actual * classes_ + predicted] += times;
}

void ConfusionMatrix::add(const Tensor& prediction, const Tensor& target, float threshold) {
  const std::size_t k = prediction.cols();
  check(target.rows() == prediction.rows() && (target.cols() == 1 || target.cols() == k),
        "confusion matrix: {} targets of {} columns for {} predictions of {} outputs",
        target.rows(), target.cols(), prediction.rows(), k);
  for (std::size_t i = 0; i < prediction.rows(); ++i) {
    const std::size_t actual = target_class(target, i, k);
    const std::size_t predicted = predicted_class(prediction.row(i), k, threshold);
    check(actual < classes_ && predicted < classes_, "row {}: class {} is not below {}", i + 1,
          std::max(actual, predicted), classes_);
    ++counts_[actual * classes_ + predicted];
  }
}

std::size_t ConfusionMatrix::actual_total(std::size_t actual) const {
  std::size_t total = 0;
  for (std::size_t p = 0; p < classes_; ++p) total += count(actual, p);
  return total;
}

std::size_t ConfusionMatrix::predicted_total(std::size_t predicted) const {
  std::size_t total = 0;
  for (std::size_t a = 0; a < classes_; ++a) total += count(a, predicted);
  return total;
}

std::size_t ConfusionMatrix::total() const {
  std::size_t total = 0;
  for (std::size_t c : counts_) total += c;
  return total;
}

std::size_t ConfusionMatrix::correct() const {
  std::size_t correct = 0;
  for (std::size_t c = 0; c < classes_; ++c) correct += count(c, c);
  return correct;
}

double ConfusionMatrix::accuracy() const {
  const std::size_t n = total();
  return n == 0 ? 0.0 : static_cast<double>(correct()) / static_cast<double>(n);
}

double ConfusionMatrix::class_accuracy(std::size_t actual) const {
  const std::size_t n = actual_total(actual);
  return n == 0 ? 0.0 : static_cast<double>(count(actual, actual)) / static_cast<double>(n);
}

std::string ConfusionMatrix::to_string() const {
  std::size_t widest = 1;
  for (std::size_t c : counts_) widest = std::max(widest, std::to_string(c).size());
  const std::size_t width = std::max<std::size_t>(widest, std::to_string(classes_).size()) + 1;
  std::string out = fmt::format("Confusion matrix (rows: actual, columns: predicted)\n{:>8}", "");
  for (std::size_t p = 0; p < classes_; ++p) out += fmt::format("{:>{}}", p, width);
  out += fmt::format("{:>12}\n", "accuracy");
  for (std::size_t a = 0; a < classes_; ++a) {
    out += fmt::format("{:>8}", a);
    for (std::size_t p = 0; p < classes_; ++p) out += fmt::format("{:>{}}", count(a, p), width);
    out += fmt::format("{:>12.4f}\n", class_accuracy(a));
  }
  return out;
}

}  // namespace axon
