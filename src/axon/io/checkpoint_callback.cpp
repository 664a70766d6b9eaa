// CheckpointCallback: when to save, and the completed-epoch count in the file's metadata.
#include "axon/io/checkpoint_callback.hpp"

#include "axon/io/checkpoint.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/trainer.hpp"

namespace axon {

CheckpointCallback::CheckpointCallback(CheckpointOptions options) : options_(std::move(options)) {
  check(!options_.path.empty(), "checkpoint: the path is empty");
  check(options_.every > 0, "checkpoint: every must be > 0, got {}", options_.every);
  check_output_file(options_.path);
}

void CheckpointCallback::on_epoch_end(Trainer& trainer, const EpochRecord& record) {
  const bool due = record.epoch % options_.every == 0 || record.epoch == trainer.options().epochs ||
                   trainer.stop_requested();
  if (!due) return;
  const History& history = trainer.history();
  ModelInfo info = options_.info;
  info.metadata.emplace_back("completed_epochs", std::to_string(history.size()));
  save_checkpoint(options_.path, trainer.model(), info,
                  capture_training_state(trainer.model(), history, options_.config));
}

}  // namespace axon
