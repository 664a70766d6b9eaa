// Optimizer codec: an optimizer's name, learning rate, hyper-parameters and state as bytes.
//
//   string name, f32 learning rate, u32 n, n x (string key, value), u64 steps,
//   u32 state count, that many tensors (Optimizer::state(), in its order)
//   value: f64 (format version 2), f32 (version 1); flags are 0 or 1
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/optimizers/optimizer.hpp"

namespace axon {

void write_optimizer(ByteWriter& out, Optimizer& optimizer);

/// Rebuilds the optimizer with its hyper-parameters, step count and state. Saved state must hold
/// `parameters` values per tensor (the size of the model's parameter store).
std::unique_ptr<Optimizer> read_optimizer(ByteReader& in, std::uint32_t version,
                                          std::size_t parameters);

}  // namespace axon
