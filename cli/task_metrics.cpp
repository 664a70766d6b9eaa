// Test metrics by task.
#include "task_metrics.hpp"

#include "axon/metrics/accuracy.hpp"

namespace axon::cli {

Metrics evaluate_task(Sequential& model, const Dataset& data, Task task, std::size_t batch_size) {
  Metrics m = model.evaluate(data, batch_size);
  if (task == Task::kRegression || m.accuracy) return m;
  m.accuracy = accuracy(model.predict(data.inputs, batch_size), data.targets,
                        model.loss()->decision_threshold());
  m.mse.reset();
  m.mae.reset();
  m.r2.reset();
  return m;
}

}  // namespace axon::cli
