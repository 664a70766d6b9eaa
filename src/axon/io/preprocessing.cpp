// Preprocessing: task names and the transform of raw inputs.
#include "axon/io/preprocessing.hpp"

#include "axon/data/standardizer.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

std::string to_string(Task task) {
  return task == Task::kClassification ? "classification" : "regression";
}

Task parse_task(const std::string& text) {
  if (text == "classification" || text == "class") return Task::kClassification;
  if (text == "regression" || text == "reg") return Task::kRegression;
  throw Error(fmt::format("unknown task '{}' (expected classification or regression)", text));
}

void Preprocessing::apply(Tensor& inputs) const {
  if (pixel_scale != 1.0f)
    for (float& v : inputs.values()) v *= pixel_scale;
  if (mean.empty()) return;
  check(mean.size() == inputs.cols(), "the data has {} features but the model was trained on {}",
        inputs.cols(), mean.size());
  data::Standardizer(mean, stddev).transform(inputs);
}

}  // namespace axon
