// Checkpoints for `axon train`: the run saved every --checkpoint_every epochs, and continued from
// --resume with the same flags, to the same weights bit for bit as a run never stopped.
#pragma once

#include <optional>

#include "axon/io/checkpoint.hpp"
#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/train/trainer.hpp"
#include "train_options.hpp"

namespace axon::cli {

/// With --resume: the checkpoint, read by rank 0 and sent to every rank, so that all of them
/// throw alike, before any data is read, when it was written by another number of ranks, with
/// other flags, or already holds every epoch. Without --resume: nothing.
std::optional<LoadedCheckpoint> read_resume(const TrainOptions& options);

/// With a checkpoint from read_resume: restores it into the trainer's model (built and compiled
/// from the same flags, not yet trained) and returns where to continue. With --checkpoint or
/// --resume: adds a CheckpointCallback to `trainer` on rank 0 (the only rank that writes).
ResumeState prepare_checkpoints(const TrainOptions& options, const ModelInfo& info,
                                Trainer& trainer, std::optional<LoadedCheckpoint>& resumed);

}  // namespace axon::cli
