// --model: a network described by an architecture string (axon/model/architecture.hpp) instead of
// the sizes of --layers. Image data (IDX, CIFAR-10, NumPy images) gives the model its sample
// shape (C, H, W); the model starts with an unflatten layer, so the data stays flat rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "axon/model/sequential.hpp"

namespace axon::cli {

/// The architecture --model gives: the text itself, or with @FILE the file's lines joined by
/// commas (one layer a line or several separated by commas; lines starting with # are comments).
/// Throws naming --model and the file when it cannot be read or holds no layer.
std::string read_model_spec(const std::string& value);

/// The shape of one image sample, (C, H, W), from a data source's sample shape: (C, H, W) as it
/// is, (H, W) as one channel; empty when the samples are not images.
std::vector<std::size_t> image_shape(const std::vector<std::size_t>& sample_shape);

/// The model `spec` describes, built for rows of `features` that are images of `image` (C, H, W)
/// or, with `image` empty, plain features. Throws naming --model: a layer that does not parse or
/// fit, or image layers (conv, pooling) on data `source` that is not images.
Sequential model_from_spec(const std::string& spec, const std::vector<std::size_t>& image,
                           std::size_t features, const std::string& source, std::uint64_t seed);

/// The activation the model ends with ("softmax"), or identity when its last layer has none.
std::string final_activation(Sequential& model);

}  // namespace axon::cli
