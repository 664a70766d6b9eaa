// ConfusionMatrix: counting and printing.
#include "confusion_matrix.hpp"

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon::cli {

std::size_t predicted_class(const float* outputs, std::size_t count, float threshold) {
  if (count == 1) return outputs[0] > threshold ? 1 : 0;
  std::size_t best = 0;
  for (std::size_t j = 1; j < count; ++j)
    if (outputs[j] > outputs[best]) best = j;
  return best;
}

ConfusionMatrix::ConfusionMatrix(std::size_t classes) : classes_(classes) {
  // A model file's class count is checked against its outputs on load; this guards the product.
  check(classes > 0 && classes <= 65536, "a confusion matrix of {} classes", classes);
  counts_.assign(classes * classes, 0);
}

void ConfusionMatrix::add(const Tensor& outputs, const Tensor& labels, float threshold) {
  for (std::size_t i = 0; i < outputs.rows(); ++i) {
    const auto actual = static_cast<std::size_t>(labels[i]);
    const std::size_t predicted = predicted_class(outputs.row(i), outputs.cols(), threshold);
    check(actual < classes_ && predicted < classes_, "row {}: class {} is not below {}", i + 1,
          std::max(actual, predicted), classes_);
    ++counts_[actual * classes_ + predicted];
  }
}

double ConfusionMatrix::class_accuracy(std::size_t actual) const {
  std::size_t total = 0;
  for (std::size_t p = 0; p < classes_; ++p) total += count(actual, p);
  return total == 0 ? 0.0 : static_cast<double>(count(actual, actual)) / total;
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

}  // namespace axon::cli
