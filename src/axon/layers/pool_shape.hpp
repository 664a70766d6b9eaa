// The output size of a pooling window over a (C, H, W) sample, shared by the pooling layers.
#pragma once

#include "axon/layers/conv_geometry.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/shape.hpp"

namespace axon {

/// (C, Ho, Wo) for windows of `kernel` moved by `stride` over `input` (C, H, W), or an error
/// naming `what` and the bad shape.
inline Shape pooled_shape(const Shape& input, const Size2& kernel, const Size2& stride,
                          const char* what) {
  check(input.rank() == 3, "{}: expects samples of shape (C, H, W), got {}", what, input);
  return Shape{input[0], WindowAxis{input[1], kernel.height, stride.height}.output(what),
               WindowAxis{input[2], kernel.width, stride.width}.output(what)};
}

}  // namespace axon
