// Test metrics by task.
#include "task_metrics.hpp"

namespace axon::cli {

Metrics evaluate_task(Sequential& model, const Dataset& data, Task task, std::size_t batch_size) {
  Metrics m = model.evaluate(data, batch_size);
  if (task == Task::kRegression || m.accuracy) return m;
  const Tensor outputs = model.predict(data.inputs, batch_size);
  const std::size_t correct =
      count_correct(outputs, data.targets, model.loss()->decision_threshold());
  m.accuracy = static_cast<double>(correct) / static_cast<double>(data.size());
  m.mse.reset();
  m.mae.reset();
  return m;
}

}  // namespace axon::cli
