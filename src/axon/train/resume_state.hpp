// ResumeState: where a stopped run left off, as a checkpoint records it (io/checkpoint.hpp).
#pragma once

#include <optional>

#include "axon/tensor/rng.hpp"
#include "axon/train/records.hpp"

namespace axon {

/// The trainer replays the completed epochs' shuffles and learning-rate schedule, then trains
/// epochs completed.size() + 1 to TrainerOptions::epochs; the history it returns starts with
/// these records. The weights, buffers, optimizer state and dropout streams must be as those
/// epochs left them, and the model's Rng as the first run found it (a freshly built model).
struct ResumeState {
  /// The records of the completed epochs, oldest first; empty for a fresh run.
  History completed;
  /// The model's Rng state after them; when set, the replay is checked to arrive there (a
  /// different seed, data, batch size or validation split would not).
  std::optional<Rng::State> rng = std::nullopt;
};

}  // namespace axon
