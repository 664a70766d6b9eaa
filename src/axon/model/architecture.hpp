// Architecture strings: a model described in one line, as a command line or a config file takes it.
//
//   "conv 32 3 relu, maxpool 2, conv 64 3 relu, maxpool 2, flatten, dense 128 relu, dense 10"
//
// Layers are separated by commas; each is a name, its numbers, then an optional activation and
// key=value settings:
//   conv FILTERS KERNEL [ACTIVATION] [stride=S] [padding=valid|same|P|PHxPW] [dilation=D] [bias=0]
//   maxpool KERNEL [stride=S]        avgpool KERNEL [stride=S]        globalavgpool
//   dense UNITS [ACTIVATION] [bias=0]      dropout P      batchnorm      flatten
//   ACTIVATION alone: relu, leaky_relu, sigmoid, tanh, elu, gelu, softplus, softmax, identity
// KERNEL, S and D are one number or HxW ("3x1"). batchnorm normalizes per channel on images and
// per feature on flat rows. With an image input shape (C, H, W) the model starts with an unflatten
// layer, so it takes the flat rows the data readers give and its model file knows the shape.
#pragma once

#include <string>

#include "axon/model/sequential.hpp"
#include "axon/tensor/shape.hpp"

namespace axon {

/// The model `spec` describes, for samples of `input_shape` ((784) or (1, 28, 28)), seeded with
/// `seed` and not yet built. Throws axon::Error naming the layer (its number and text) and what
/// is wrong with it: an unknown name, a missing or bad number, or a shape that does not fit.
Sequential parse_architecture(const std::string& spec, const Shape& input_shape,
                              std::uint64_t seed = 42);

}  // namespace axon
