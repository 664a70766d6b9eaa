// Accuracy: the share of rows whose predicted class is the actual one. A row of several outputs
// predicts its argmax; a single output predicts class 1 when it is above a threshold (0.5 on
// probabilities, 0 on logits: Loss::decision_threshold()).
#pragma once

#include <cstddef>

#include "axon/tensor/tensor.hpp"

namespace axon {

/// The class one row of `count` outputs predicts: the argmax (the first of equal values), or for
/// a single output 1 when it is above `threshold`, else 0.
std::size_t predicted_class(const float* outputs, std::size_t count, float threshold);

/// The class row `row` of `target` names, for a model of `outputs` outputs: a one-hot row's
/// argmax, or a class index in one column (with a single output, 1 when above 0.5). Throws for a
/// negative or fractional index.
std::size_t target_class(const Tensor& target, std::size_t row, std::size_t outputs);

/// Rows whose predicted class is the target's. `prediction` (N, K); `target` (N, 1) class indices
/// or (N, K) one-hot rows.
std::size_t count_correct(const Tensor& prediction, const Tensor& target, float threshold);

/// count_correct over the number of rows, in [0, 1].
double accuracy(const Tensor& prediction, const Tensor& target, float threshold);

}  // namespace axon
