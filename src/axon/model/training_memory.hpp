// TrainingMemory: the memory a training run of a model takes besides its data, from the sizes its
// layers declare, before anything is allocated; so a model too large for the machine is refused
// with the numbers instead of being killed half-way.
//
//   parameters       4 bytes x (value + gradient) per parameter
//   optimizer state  4 bytes x state tensors x parameters (Adam: m and v)
//   activations      per layer, for one batch of N rows: its output, the gradient it passes back
//                    and what it caches (a dropout mask, batch norm's normalized input), bounded
//                    by 3 x N x the wider of its input and output, in floats
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "axon/model/sequential.hpp"

namespace axon {

struct TrainingMemory {
  std::uint64_t parameters = 0;
  std::uint64_t optimizer_state = 0;
  std::uint64_t activations = 0;

  /// The sum; saturates at the largest value instead of wrapping.
  std::uint64_t total() const;
};

/// The memory to train `model` (built or not) on `input_features`-wide rows in batches of
/// `batch_size`, with the optimizer it is compiled with (none: no optimizer state). Sizes that
/// overflow saturate at the largest value, which no machine has.
TrainingMemory estimate_training_memory(Sequential& model, std::size_t input_features,
                                        std::size_t batch_size);

/// The memory to run an already allocated `model` forward in batches of `batch_size`: its
/// activations only (the parameters are allocated already).
TrainingMemory estimate_inference_memory(Sequential& model, std::size_t batch_size);

/// Throws axon::Error when `memory`, plus `data_bytes` for copies of the data still to be made,
/// plus OpenBLAS's work buffers not yet mapped, exceeds memory_budget(). The message gives each
/// part, the budget and the limit that sets it, and a hint: a smaller --batch_size, fewer or
/// smaller --layers, fewer --threads. `what` is "training" or "prediction". When it fits,
/// OpenBLAS's buffers are mapped at once (prepare_blas_buffers), before the model takes the room.
void check_memory_fits(const TrainingMemory& memory, std::uint64_t data_bytes,
                       std::size_t batch_size, const std::string& what);

/// The bytes of the values in `data`'s inputs and targets.
std::uint64_t dataset_bytes(const Dataset& data);

}  // namespace axon
