// The text `axon predict` writes: a header line, then one line (CSV) or object (JSON) per sample.
//   classification: class,p0,p1,...    (one sigmoid output: class,p1; --classes: class only;
//                   class is the class's name when the model has names)
//   regression:     value              (several targets: y0,y1,...)
#pragma once

#include <string>
#include <vector>

#include "axon/metrics/task.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::cli {

enum class PredictionFormat { kCsv, kJson };

struct PredictionLayout {
  Task task = Task::kClassification;
  float threshold = 0.5f;     ///< for one output: class 1 at or above it
  bool classes_only = false;  ///< the class column alone
  PredictionFormat format = PredictionFormat::kCsv;
  /// The name of each class (text labels); empty: classes are shown as their numbers.
  std::vector<std::string> class_names;
};

/// Parses "csv" or "json"; throws naming the choices.
PredictionFormat parse_prediction_format(const std::string& text);

/// The predictions `outputs` (N, k) (probabilities or values) as text in `layout`.
std::string format_predictions(const Tensor& outputs, const PredictionLayout& layout);

}  // namespace axon::cli
