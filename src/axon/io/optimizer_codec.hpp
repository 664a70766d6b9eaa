// Optimizer codec: an optimizer's name, learning rate, hyper-parameters and state as bytes.
//
//   string name, f32 learning rate, u32 n, n x (string key, f32 value), u64 steps,
//   u32 state count, that many tensors (Optimizer::state(), in its order)
#pragma once

#include <cstddef>
#include <memory>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/optimizers/optimizer.hpp"

namespace axon {

void write_optimizer(ByteWriter& out, Optimizer& optimizer);

/// Rebuilds the optimizer with its hyper-parameters, step count and state. Saved state must hold
/// `parameters` values per tensor (the size of the model's parameter store).
std::unique_ptr<Optimizer> read_optimizer(ByteReader& in, std::size_t parameters);

}  // namespace axon
