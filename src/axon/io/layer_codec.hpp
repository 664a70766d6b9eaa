// Layer codec: a model's architecture as bytes (each layer's type and configuration) and back.
//
//   u64 input features, u32 layer count, then per layer: string type, then its configuration
//   dense: u64 in_features, u64 out_features, u8 bias     leaky_relu: f32 negative_slope
//   elu: f32 alpha                                        other activations: nothing
//   batch_norm: u64 features, f32 eps, f32 momentum       dropout: f32 p
#pragma once

#include <cstdint>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/model/sequential.hpp"

namespace axon {

/// Writes the architecture of a built model; throws for a layer type the format does not know.
void write_architecture(ByteWriter& out, Sequential& model);

/// Rebuilds the layers written by write_architecture into a new model seeded with `seed`, built
/// (its parameters laid out) but holding initial weights. Layers whose parameters and buffers
/// together exceed `max_values` floats are rejected before anything is allocated: a damaged
/// file cannot ask for more memory than its own weights would take.
Sequential read_architecture(ByteReader& in, std::uint64_t seed, std::uint64_t max_values);

}  // namespace axon
