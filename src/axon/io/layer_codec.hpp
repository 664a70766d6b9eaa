// Layer codec: a model's architecture as bytes (each layer's type and settings) and back, through
// the layer registry: any registered layer is saved and loaded with no code here.
//
//   u64 input features, u32 layer count, then per layer: string type, then its settings:
//   version 2:  u32 count, per setting: string key, u8 kind, value
//   version 1:  the values only, in the order the type declares them
//   value:  count u64, real f32, flag u8 (0 or 1), text string
#pragma once

#include <cstdint>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/model/sequential.hpp"

namespace axon {

/// Writes the architecture of a built model in the current format (version 2).
void write_architecture(ByteWriter& out, Sequential& model);

/// Rebuilds the layers written by write_architecture (format `version`) into a new model seeded
/// with `seed`, built (its parameters laid out) but holding initial weights. Layers whose
/// parameters and buffers together exceed `max_values` floats are rejected before anything is
/// allocated: a damaged file cannot ask for more memory than its own weights would take.
Sequential read_architecture(ByteReader& in, std::uint32_t version, std::uint64_t seed,
                             std::uint64_t max_values);

}  // namespace axon
