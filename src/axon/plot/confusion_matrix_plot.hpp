// Confusion matrix as a heat map: rows the actual class, columns the predicted one, each cell
// showing its count and coloured by the share of its row (so classes of any size compare).
#pragma once

#include <string>
#include <vector>

#include "axon/metrics/confusion_matrix.hpp"
#include "axon/plot/plot_options.hpp"

namespace axon::plot {

/// CSV: actual,predicted,count,row_fraction. `class_names` label the axes (indices without).
void confusion_matrix(const ConfusionMatrix& matrix, const PlotOptions& options,
                      const std::vector<std::string>& class_names = {});

}  // namespace axon::plot
