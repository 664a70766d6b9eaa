// The prediction grid of seed 001: test images in a grid, each titled with its predicted and true
// label, green when they agree and red when they do not.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "axon/plot/plot_options.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::plot {

struct PredictionGridOptions {
  std::size_t rows = 5;
  std::size_t columns = 5;
  std::size_t image_width = 28;
  std::size_t image_height = 28;
  std::vector<std::string> class_names = {};  ///< label K is printed as K when empty
};

/// The first rows * columns of `images` (N, width * height, pixels row by row) with their
/// `predicted` and `actual` class indices. CSV: index,actual,predicted,actual_name,
/// predicted_name,correct.
void prediction_grid(const Tensor& images, std::span<const std::size_t> actual,
                     std::span<const std::size_t> predicted, const PlotOptions& options,
                     const PredictionGridOptions& grid = {});

}  // namespace axon::plot
