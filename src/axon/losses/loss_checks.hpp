// Argument checks and small functions shared by the loss implementations. Each check names the loss
// and quotes the offending shape or value; the loss's name is only built when a check fails.
#pragma once

#include <cstddef>

#include "axon/losses/loss.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::detail {

/// log(x) is clamped to >= kLogFloor and denominators to >= kDenominatorFloor, as PyTorch's
/// BCELoss does, so a probability of exactly 0 or 1 gives a large finite loss, never inf or NaN.
inline constexpr float kLogFloor = -100.0f;
inline constexpr float kDenominatorFloor = 1e-12f;

/// Throws unless `prediction` has a batch axis and at least one element.
void check_batch(const Loss& loss, const Tensor& prediction);

/// check_batch, then throws unless `target` has the rows and columns of `prediction` (so (N) and
/// (N, 1) match, but nothing is broadcast).
void check_same_layout(const Loss& loss, const Tensor& prediction, const Tensor& target);

/// check_batch, then throws unless `target` holds one class index per row of `prediction`:
/// shape (N) or (N, 1).
void check_index_layout(const Loss& loss, const Tensor& prediction, const Tensor& target);

/// Entry `row` of index targets, checked to be a whole number in [0, classes).
std::size_t class_index(const Loss& loss, const Tensor& target, std::size_t row,
                        std::size_t classes);

/// True when `target` holds class indices for `prediction` rather than one-hot rows: a single
/// target column against several prediction columns.
inline bool holds_class_indices(const Tensor& prediction, const Tensor& target) {
  return target.cols() == 1 && prediction.cols() > 1;
}

/// The batch loss from the sum of its terms: sum / count for kMean, sum for kSum.
inline float reduce(double sum, Reduction reduction, std::size_t count) {
  return static_cast<float>(reduction == Reduction::kMean ? sum / static_cast<double>(count) : sum);
}

/// The factor applied to each term's gradient: 1 / count for kMean, 1 for kSum.
inline float reduction_scale(Reduction reduction, std::size_t count) {
  return reduction == Reduction::kMean ? 1.0f / static_cast<float>(count) : 1.0f;
}

}  // namespace axon::detail
