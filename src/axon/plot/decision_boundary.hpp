// Decision boundary of a 2-D classifier (seed 004): the model evaluated on a grid over the input
// plane, each grid cell filled with the colour of its predicted class, and the data points on
// top coloured by their true class.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::plot {

struct DecisionBoundaryOptions {
  std::size_t resolution = 250;  ///< grid cells per axis
  double margin = 0.25;          ///< fraction of the data's range added on every side
  /// Applied to the grid points (N, 2) before the model sees them: the training preprocessing,
  /// when the points are plotted in the data's own units. None when empty.
  std::function<void(Tensor&)> transform = {};
  std::vector<std::string> class_names = {};  ///< legend entries; "class K" when empty
  std::string x_label = "Feature 1";
  std::string y_label = "Feature 2";
};

/// `points` (N, 2) with class indices `labels` (N, 1). The model's predicted class is its argmax,
/// or for one output whether it exceeds the loss's decision threshold (0.5 without a loss).
/// CSV: x,y,label (the data points); the grid is recomputed from the model.
void decision_boundary(Sequential& model, const Tensor& points, const Tensor& labels,
                       const PlotOptions& options, const DecisionBoundaryOptions& boundary = {});

}  // namespace axon::plot
