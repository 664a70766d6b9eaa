// Pictures of a convolutional model: the first convolution's filters, and what that convolution
// makes of one image (its feature maps), each as a grid of small tiles.
#pragma once

#include <cstddef>

#include "axon/layers/conv2d.hpp"
#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::plot {

/// The index of the model's first Conv2D layer, or model.size() when it has none.
std::size_t first_conv_index(Sequential& model);

/// The first Conv2D layer's weights W (O, C, kh, kw): one kh x kw tile per filter and input
/// channel (a row of C tiles per filter when C > 1), on the blue-white-red scale of the weight
/// pictures. CSV: unit,w0,... with unit = filter * C + channel. Throws when there is no Conv2D.
void conv_filters(Sequential& model, const PlotOptions& options);

/// The first Conv2D layer's output for the sample `x` (1, features), after the activation that
/// follows it if one does: one Ho x Wo tile per output channel, in grey from the smallest value
/// (black) to the largest (white). CSV: channel,v0,... Throws when there is no Conv2D.
void feature_maps(Sequential& model, const Tensor& x, const PlotOptions& options);

}  // namespace axon::plot
