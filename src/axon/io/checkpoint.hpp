// Checkpoints: a model file (model_file.hpp) with one more section, TRAN, holding what resuming
// training needs beyond the weights and the optimizer: the completed epochs' history, the model's
// random state and its layers' random streams (dropout masks). load_model reads it as a model.
//
//   TRAN: u64 epochs, per epoch (u64 epoch, f64 loss, u8 flags, [f64 accuracy], [f64 val_loss],
//         [f64 val_accuracy], f64 seconds, f64 learning rate), rng state, u32 n,
//         n x (u32 layer index, rng state), string config
//   rng state: 4 x u64 words, f64 spare normal, u8 has spare          (f64: IEEE double, LE)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/train/records.hpp"

namespace axon {

struct TrainingState {
  History history;       ///< the completed epochs, oldest first
  Rng::State model_rng;  ///< the model's Rng after them
  /// Every random stream of the layers (dropout masks): (layer index, state), in layer order.
  std::vector<std::pair<std::uint32_t, Rng::State>> layer_rngs = {};
  /// The settings of the run, to check a resumed run against (free text).
  std::string config = {};
  /// An epoch stopped between two batches (an interrupt): resumed at its next batch.
  std::optional<PartialEpoch> partial = std::nullopt;
};

/// The random state of `model` (its Rng and its layers' streams) after `history`.
/// With `partial`, the run stopped inside the epoch after `history`.
TrainingState capture_training_state(Sequential& model, History history, std::string config,
                                     std::optional<PartialEpoch> partial = std::nullopt);

/// Writes `model` and `state` to `path` atomically (temporary file, fsync, rename). Refuses a
/// model holding NaN or infinite weights, so the previous checkpoint stays.
void save_checkpoint(const std::string& path, Sequential& model, ModelInfo info,
                     const TrainingState& state);

struct LoadedCheckpoint {
  LoadedModel saved;
  TrainingState state;
};

/// Reads a checkpoint; errors name the file, as load_model's do, and say when the file is a model
/// without training state.
LoadedCheckpoint load_checkpoint(const std::string& path);
/// The same for a checkpoint's bytes already in memory (read by one rank and broadcast);
/// `source` names it in errors.
LoadedCheckpoint parse_checkpoint(std::span<const unsigned char> bytes, const std::string& source);

/// Copies weights, layer buffers, optimizer step count and state, and random streams from a
/// checkpoint into `model`, which must have the same layers and optimizer (it is checked).
void restore_training_state(LoadedCheckpoint& checkpoint, Sequential& model);

}  // namespace axon
