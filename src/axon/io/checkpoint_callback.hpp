// CheckpointCallback: saves a checkpoint (checkpoint.hpp) every `every` epochs, after the last one
// and after the one a run stops at, each written atomically over the previous one. Resuming
// from it (load_checkpoint, restore_training_state, ResumeState) gives the same weights, bit for
// bit, as a run never stopped.
//
//   CheckpointCallback checkpoints({.path = "run.ckpt", .every = 5});
//   Trainer(model, options).add(checkpoints).fit(train);
#pragma once

#include <cstddef>
#include <string>

#include "axon/io/model_file.hpp"
#include "axon/train/callback.hpp"

namespace axon {

struct CheckpointOptions {
  std::string path;       ///< rewritten atomically at each save
  std::size_t every = 1;  ///< > 0: epochs between saves
  ModelInfo info = {};    ///< saved with the model (loss, preprocessing, metadata)
  /// The run's settings, kept in the checkpoint to check a resumed run against (free text).
  std::string config = {};
};

class CheckpointCallback : public Callback {
 public:
  explicit CheckpointCallback(CheckpointOptions options);

  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

 private:
  CheckpointOptions options_;
};

}  // namespace axon
