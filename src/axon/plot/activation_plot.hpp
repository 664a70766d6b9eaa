// Activation functions and their derivatives (seed 001's figure): one panel per activation with
// f(z) and f'(z), computed by axon's own layers (forward for f, backward of ones for f').
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "axon/plot/plot_options.hpp"

namespace axon::plot {

struct ActivationPlotOptions {
  float low = -5.0f;
  float high = 5.0f;
  std::size_t samples = 401;
};

/// relu, leaky_relu, sigmoid, tanh, elu, gelu, softplus, identity.
const std::vector<std::string>& default_activation_names();

/// One panel per named activation (any make_activation name but softmax), three to a row.
/// CSV: z,NAME,d_NAME,... for every name.
void activations(const std::vector<std::string>& names, const PlotOptions& options,
                 const ActivationPlotOptions& range = {});

}  // namespace axon::plot
