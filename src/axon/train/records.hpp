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

/// An epoch stopped between two batches (Trainer::request_stop with StopPoint::kAfterBatch): how
/// far it went, and its running sums, so a checkpoint can resume it at the next batch.
struct PartialEpoch {
  std::size_t epoch = 0;    ///< 1-based
  std::size_t batches = 0;  ///< batches completed in it
  double loss_sum = 0.0;    ///< sum over its samples so far of the batch loss times the rows
  std::size_t samples = 0;  ///< samples seen in it
  std::size_t correct = 0;  ///< correctly classified of those, for classification
  double seconds = 0.0;     ///< wall time spent in it so far
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
