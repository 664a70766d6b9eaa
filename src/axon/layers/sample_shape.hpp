// Sample shapes: a batch (N, C, H, W) holds N samples of shape (C, H, W).
#pragma once

#include <cstddef>

#include "axon/tensor/shape.hpp"

namespace axon {

/// The shape of one sample of a batch: every axis but the first ((N, 784) -> (784)). A batch of
/// rank 1 holds samples of one value.
Shape sample_shape(const Shape& batch);

/// The shape of a batch of `rows` samples of shape `sample` ((784) -> (rows, 784)).
Shape batch_shape(std::size_t rows, const Shape& sample);

}  // namespace axon
