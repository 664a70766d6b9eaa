// Trainer: the epoch and batch loop around Sequential::train_step, with callbacks.
//
//   Trainer trainer(model, {.epochs = 100, .batch_size = 32, .validation_split = 0.2});
//   EarlyStopping stopping({.patience = 10});
//   trainer.add(stopping).add(std::make_unique<EpochLogger>(std::cout, 10));
//   History history = trainer.fit(train);
//
// Every random choice (split, shuffles, dropout) draws from the model's Rng, so a seed gives
// bit-identical runs, and a run resumed from a checkpoint (ResumeState) equals one never stopped.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/model/sequential.hpp"
#include "axon/train/callback.hpp"
#include "axon/train/records.hpp"
#include "axon/train/resume_state.hpp"
#include "axon/train/trainer_options.hpp"

namespace axon {

class DataLoader;

/// When a requested stop takes effect.
enum class StopPoint {
  kAfterEpoch,  ///< at the end of the current epoch (early stopping)
  kAfterBatch,  ///< after the batch in progress (an interrupt); the epoch is left partial
};

class Trainer {
 public:
  /// `model` must be compiled; it is built from the data's width when fit starts.
  Trainer(Sequential& model, TrainerOptions options);

  /// Adds a callback that the caller keeps alive until fit returns.
  Trainer& add(Callback& callback);
  /// Adds a callback the trainer owns.
  Trainer& add(std::unique_ptr<Callback> callback);

  /// Trains on `train` (after `resume`'s epochs, if any); returns every epoch's record, the
  /// resumed ones first.
  History fit(const Dataset& train, const ResumeState& resume = {});

  /// Asks the run to stop after the current epoch (its on_epoch_end callbacks still run) or, with
  /// StopPoint::kAfterBatch, after the batch in progress (then on_train_end sees partial_epoch()).
  /// `reason` is kept for stop_reason(). Safe to call from a callback only. With data_parallel
  /// on several ranks a stop after a batch is agreed on: the request rides on the next step's
  /// allreduce, and every rank stops after that same step (one rank alone asking is enough).
  void request_stop(std::string reason = {}, StopPoint when = StopPoint::kAfterEpoch);
  bool stop_requested() const { return stop_requested_; }
  const std::string& stop_reason() const { return stop_reason_; }
  /// After a stop between two batches: the epoch left unfinished (not in history()).
  const std::optional<PartialEpoch>& partial_epoch() const { return partial_; }

  Sequential& model() { return model_; }
  const TrainerOptions& options() const { return options_; }
  /// The epochs so far, the resumed ones first.
  const History& history() const { return history_; }
  /// How many of history()'s records came from the ResumeState.
  std::size_t resumed_epochs() const { return resumed_epochs_; }

 private:
  void check_ready(const Dataset& train) const;
  void replay(const ResumeState& resume, DataLoader& loader, std::size_t batches,
              LrSchedule& schedule);
  void check_replayed_rng(const ResumeState& resume) const;
  double apply_learning_rate(const LrSchedule& schedule);
  void validate(const Dataset& validation, EpochRecord& record, bool sharded);
  void check_finite(float loss, std::size_t epoch, std::size_t batch);

  Sequential& model_;
  TrainerOptions options_;
  std::vector<Callback*> callbacks_;
  std::vector<std::unique_ptr<Callback>> owned_;
  History history_;
  std::size_t resumed_epochs_ = 0;
  bool stop_requested_ = false;
  bool stop_after_batch_ = false;
  bool stop_pending_ = false;  // asked after a batch on this rank, not yet agreed by all ranks
  std::string stop_reason_;
  std::optional<PartialEpoch> partial_;
};

}  // namespace axon
