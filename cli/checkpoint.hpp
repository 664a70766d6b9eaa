// Checkpoints for `axon train`: the run saved every --checkpoint_every epochs, and continued from
// --resume with the same flags, to the same weights bit for bit as a run never stopped.
#pragma once

#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "train_options.hpp"

namespace axon::cli {

/// With --resume: restores the checkpoint into `model` (built and compiled from the same flags,
/// not yet trained) and sets `fit` to continue after its epochs. With --checkpoint or --resume:
/// chains a checkpoint save after fit.on_epoch_end. A checkpoint of other flags, or one already
/// holding every epoch, throws before training starts.
void prepare_checkpoints(const TrainOptions& options, Sequential& model, const ModelInfo& info,
                         FitOptions& fit);

}  // namespace axon::cli
