// Test metrics by task.
#include "task_metrics.hpp"

#include "axon/metrics/accuracy.hpp"
#include "axon/metrics/regression_metrics.hpp"

namespace axon::cli {

Metrics evaluate_task(Sequential& model, const Dataset& data, Task task, std::size_t batch_size,
                      const Preprocessing* preprocessing) {
  Metrics m = model.evaluate(data, batch_size);
  if (task == Task::kRegression) {
    if (!preprocessing || preprocessing->target_mean.empty()) return m;
    Tensor predicted = model.predict(data.inputs, batch_size);
    Tensor targets = data.targets;
    preprocessing->restore_targets(predicted);
    preprocessing->restore_targets(targets);
    RegressionMetrics metrics;
    metrics.add(predicted, targets);
    m.mse = metrics.mse();
    m.mae = metrics.mae();
    m.r2 = metrics.r2();
    return m;
  }
  if (m.accuracy) return m;
  m.accuracy = accuracy(model.predict(data.inputs, batch_size), data.targets,
                        model.loss()->decision_threshold());
  m.mse.reset();
  m.mae.reset();
  m.r2.reset();
  return m;
}

}  // namespace axon::cli
