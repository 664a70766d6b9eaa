// First-layer weights as pictures (seed 001's exercise): each hidden unit's incoming weights
// reshaped to the input image, one tile per unit, blue for negative and red for positive.
#pragma once

#include <cstddef>

#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::plot {

struct WeightImagesOptions {
  std::size_t image_width = 28;
  std::size_t image_height = 28;
  std::size_t columns = 16;  ///< tiles per row: 128 units make 8 rows
};

/// `weights` (units, width * height), as Dense stores W (out, in). The colour scale is symmetric
/// around zero and shared by every tile (its ends at the 99.5th percentile of |w|, so a few large
/// weights do not wash out the rest). CSV: unit,w0,w1,... (one row per unit).
void weight_images(const Tensor& weights, const PlotOptions& options,
                   const WeightImagesOptions& images = {});

/// weight_images of the model's first dense layer; throws when it has none.
void first_layer_weights(Sequential& model, const PlotOptions& options,
                         const WeightImagesOptions& images = {});

}  // namespace axon::plot
