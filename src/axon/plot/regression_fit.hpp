// Actual vs predicted for 1-D regression (seed 003): the targets and the model's predictions
// over the input, sorted by x.
#pragma once

#include <span>
#include <string>

#include "axon/plot/plot_options.hpp"

namespace axon::plot {

struct RegressionPlotOptions {
  std::string x_label = "x";
  std::string y_label = "y";
};

/// One value of `x`, `actual` and `predicted` per sample (any order; plotted sorted by x).
/// CSV: x,actual,predicted.
void actual_vs_predicted(std::span<const float> x, std::span<const float> actual,
                         std::span<const float> predicted, const PlotOptions& options,
                         const RegressionPlotOptions& labels = {});

}  // namespace axon::plot
