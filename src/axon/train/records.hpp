// What training reports: a record after every batch, one per epoch, and the history of a run.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace axon {

/// After one optimization step.
struct BatchRecord {
  std::size_t epoch = 0;                ///< 1-based
  std::size_t batch = 0;                ///< 1-based, within the epoch
  std::size_t batches = 0;              ///< batches per epoch
  std::size_t samples = 0;              ///< rows in this batch
  double loss = 0.0;                    ///< this batch's loss (with the L2 term, if any)
  double mean_loss = 0.0;               ///< mean loss over the epoch's samples so far
  std::optional<double> accuracy = {};  ///< running training accuracy, for classification
};

/// After one epoch (validation included).
struct EpochRecord {
  std::size_t epoch = 0;                    ///< 1-based
  double loss = 0.0;                        ///< mean training loss over the epoch's samples
  std::optional<double> accuracy = {};      ///< training accuracy, for classification
  std::optional<double> val_loss = {};      ///< with validation data
  std::optional<double> val_accuracy = {};  ///< with validation data, for classification
  double seconds = 0.0;                     ///< wall time of the epoch, validation included
  double learning_rate = 0.0;               ///< the optimizer's learning rate during the epoch
};

/// The records of a run's epochs, oldest first.
using History = std::vector<EpochRecord>;

/// The loss schedules and early stopping watch: the validation loss when there is one, else the
/// training loss.
double monitored_loss(const EpochRecord& record);

/// The epoch of the lowest monitored loss (the first of equals); null for an empty history.
const EpochRecord* best_epoch(const History& history);

/// "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds"
std::string csv_header();
/// One line of the CSV above (no newline); values that do not apply are left empty. Numbers are
/// written with enough digits to read back the same double.
std::string csv_row(const EpochRecord& record);

}  // namespace axon
