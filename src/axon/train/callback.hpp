// Callback: an object the Trainer calls at fixed points of a run, as Keras callbacks are. Override
// only the hooks you need; each receives the trainer (its model, options, history so far, and
// request_stop) and a named record.
//
//   on_train_begin                      after the validation split and any resumed epochs' replay
//   on_epoch_begin(epoch)               before the epoch's first batch
//   on_batch_end(BatchRecord)           after every optimization step
//   on_epoch_end(EpochRecord)           after validation; the record is already in history()
//   on_train_end                        after the last epoch, or the one a stop was requested in
//
// Callbacks run in the order they were added to the trainer.
#pragma once

#include <cstddef>

#include "axon/train/records.hpp"

namespace axon {

class Trainer;

class Callback {
 public:
  virtual ~Callback() = default;

  virtual void on_train_begin(Trainer& /*trainer*/) {}
  virtual void on_epoch_begin(Trainer& /*trainer*/, std::size_t /*epoch*/) {}
  virtual void on_batch_end(Trainer& /*trainer*/, const BatchRecord& /*record*/) {}
  virtual void on_epoch_end(Trainer& /*trainer*/, const EpochRecord& /*record*/) {}
  virtual void on_train_end(Trainer& /*trainer*/) {}
};

}  // namespace axon
