// Task names.
#include "axon/metrics/task.hpp"

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

}  // namespace axon
