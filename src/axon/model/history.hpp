// What training reports: one record per epoch, and the metrics of an evaluation.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace axon {

struct EpochRecord {
  std::size_t epoch = 0;               ///< 1-based
  double loss = 0.0;                   ///< mean training loss over the epoch's samples
  std::optional<double> accuracy;      ///< training accuracy, for classification
  std::optional<double> val_loss;      ///< with validation data
  std::optional<double> val_accuracy;  ///< with validation data, for classification
  double seconds = 0.0;                ///< wall time of the epoch, validation included
  double learning_rate = 0.0;          ///< the optimizer's learning rate during the epoch
};

using History = std::vector<EpochRecord>;

struct Metrics {
  double loss = 0.0;
  std::optional<double> accuracy;  ///< classification only, as a fraction in [0, 1]
  std::optional<double> mse;       ///< regression only
  std::optional<double> mae;       ///< regression only
  std::optional<double> r2;        ///< regression only: the coefficient of determination
  std::size_t samples = 0;
};

}  // namespace axon
