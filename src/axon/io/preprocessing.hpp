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

/// A raw column of a table: numeric (no categories) or text one-hot encoded over `categories`.
struct FeatureColumn {
  std::string name;
  std::vector<std::string> categories;  ///< sorted; empty: a numeric column
};

struct Preprocessing {
  Task task = Task::kClassification;
  std::size_t classes = 0;   ///< class count for classification, 0 for regression
  float pixel_scale = 1.0f;  ///< raw inputs are multiplied by this first (1/255 for images)
  std::vector<float> mean;   ///< then, when not empty, x = (x - mean) / stddev per feature
  std::vector<float> stddev;
  /// Table sources: the raw feature columns (text ones one-hot encoded before the above);
  /// empty when not recorded (images, generators, files of format version 1 and 2).
  std::vector<FeatureColumn> columns;
  /// Names of the classes (text labels), empty when the classes are numbered.
  std::vector<std::string> class_names;
  /// Regression: targets were standardized, t = (y - target_mean) / target_stddev per output;
  /// empty: targets were used as they are.
  std::vector<float> target_mean;
  std::vector<float> target_stddev;

  /// Applies pixel scaling, then standardization, to `inputs` (N, features) in place. NaN inputs
  /// (missing values filled with the mean) become the training mean, 0 after standardization.
  void apply(Tensor& inputs) const;
  /// Standardizes regression targets (N, outputs) in place; nothing without target scaling.
  void scale_targets(Tensor& targets) const;
  /// Restores the units of regression outputs (N, outputs) in place.
  void restore_targets(Tensor& outputs) const;
  /// Class `k`'s name: its text label, or its number.
  std::string class_name(std::size_t k) const;
  /// Encoded feature count the columns give (one per numeric column, one per category).
  std::size_t encoded_width() const;
};

}  // namespace axon
