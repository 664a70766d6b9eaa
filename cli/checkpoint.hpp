// Checkpoints for `axon train`: the run saved every --checkpoint_every epochs, and continued from
// --resume with the same flags, to the same weights bit for bit as a run never stopped.
#pragma once

#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/train/trainer.hpp"
#include "train_options.hpp"

namespace axon::cli {

/// With --resume: restores the checkpoint into the trainer's model (built and compiled from the
/// same flags, not yet trained) and returns where to continue. With --checkpoint or --resume:
/// adds a CheckpointCallback to `trainer`. A checkpoint of other flags, or one already holding
/// every epoch, throws before training starts.
ResumeState prepare_checkpoints(const TrainOptions& options, const ModelInfo& info,
                                Trainer& trainer);

}  // namespace axon::cli
