// Test metrics by task: classification always gets an accuracy (also under losses such as mse or
// kl_div that Sequential::evaluate treats as regression), regression gets MSE, MAE and R² in the
// units of the targets (standardized targets are restored first; the loss stays the training
// loss, on the standardized targets).
#pragma once

#include <cstddef>

#include "axon/io/preprocessing.hpp"
#include "axon/metrics/task.hpp"
#include "axon/model/sequential.hpp"

namespace axon::cli {

Metrics evaluate_task(Sequential& model, const Dataset& data, Task task,
                      std::size_t batch_size = 256, const Preprocessing* preprocessing = nullptr);

}  // namespace axon::cli
