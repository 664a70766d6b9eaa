// Confusion matrix as a heat map: rows the actual class, columns the predicted one, each cell
// showing its count and coloured by the share of its row (so classes of any size compare).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "axon/plot/plot_options.hpp"

namespace axon::plot {

/// `counts` row by row: counts[actual * classes + predicted]. CSV: actual,predicted,count,
/// row_fraction.
void confusion_matrix(std::span<const std::size_t> counts, std::size_t classes,
                      const PlotOptions& options, const std::vector<std::string>& class_names = {});

}  // namespace axon::plot
