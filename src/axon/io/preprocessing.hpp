// Preprocessing: what was done to the raw data before training, saved with the model so that
// evaluation and prediction transform new data the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "axon/metrics/task.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

struct Preprocessing {
  Task task = Task::kClassification;
  std::size_t classes = 0;   ///< class count for classification, 0 for regression
  float pixel_scale = 1.0f;  ///< raw inputs are multiplied by this first (1/255 for images)
  std::vector<float> mean;   ///< then, when not empty, x = (x - mean) / stddev per feature
  std::vector<float> stddev;

  /// Applies pixel scaling, then standardization, to `inputs` (N, features) in place.
  void apply(Tensor& inputs) const;
};

}  // namespace axon
