// Per-layer magnitudes (seed 001's "gradient flow" figure): mean |W| of every dense layer, and
// mean |activation| of the input and of every layer's output on a batch, as two bar charts.
#pragma once

#include <string>
#include <vector>

#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::plot {

struct LayerMagnitudes {
  std::vector<std::string> weight_names;  ///< "dense_1", ...
  std::vector<double> mean_abs_weight;
  std::vector<std::string> activation_names;  ///< "input", "dense_1", "relu_1", ...
  std::vector<double> mean_abs_activation;
};

/// Runs `inputs` (N, features) through the model layer by layer (inference mode) and measures.
LayerMagnitudes measure_layer_magnitudes(Sequential& model, const Tensor& inputs);

/// Two bar charts side by side. CSV: kind,layer,mean_abs (kind "weight" or "activation").
void layer_magnitudes(const LayerMagnitudes& magnitudes, const PlotOptions& options);

}  // namespace axon::plot
