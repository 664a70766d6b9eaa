// Weight images: one tile per unit on a diverging palette.
#include "axon/plot/weight_images.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "axon/layers/dense.hpp"
#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/image_tiles.hpp"
#include "axon/plot/palette.hpp"

namespace axon::plot {
namespace {

// The 99.5th percentile of |w|: the colour scale's end.
float robust_scale(const Tensor& weights) {
  std::vector<float> magnitudes(weights.size());
  std::transform(weights.values().begin(), weights.values().end(), magnitudes.begin(),
                 [](float w) { return std::fabs(w); });
  const std::size_t at = std::min(magnitudes.size() - 1, magnitudes.size() * 995 / 1000);
  std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(at),
                   magnitudes.end());
  return std::max(magnitudes[at], 1e-6f);
}

}  // namespace

void weight_images(const Tensor& weights, const PlotOptions& options,
                   const WeightImagesOptions& images) {
  const std::size_t pixels = images.image_width * images.image_height;
  check(weights.rows() > 0 && weights.cols() == pixels,
        "weight images: weights must be (units, {}) for {}x{} images, got {}", pixels,
        images.image_width, images.image_height, weights.shape().to_string());
  check(images.columns > 0, "weight images: columns must be > 0");
  const std::size_t units = weights.rows();
  const TileLayout layout{.columns = std::min(images.columns, units),
                          .image_width = images.image_width,
                          .image_height = images.image_height,
                          .gap_x = 2,
                          .gap_y = 2};
  const std::size_t rows = (units + layout.columns - 1) / layout.columns;

  std::vector<std::string> header = {"unit"};
  for (std::size_t i = 0; i < pixels; ++i) header.push_back(fmt::format("w{}", i));
  CsvTable csv(header);
  std::string data = "$weights << EOD\n";
  for (std::size_t u = 0; u < units; ++u) {
    data += tile_section(weights.row(u), layout);
    std::vector<std::string> cells = {std::to_string(u)};
    for (std::size_t i = 0; i < pixels; ++i) cells.push_back(CsvTable::number(weights(u, i)));
    csv.add_row(std::move(cells));
  }
  data += "EOD\n";
  csv.write(csv_path(options.path));

  const float scale = robust_scale(weights);
  const double width = layout.columns * (images.image_width + layout.gap_x) - layout.gap_x;
  const double height = rows * (images.image_height + layout.gap_y) - layout.gap_y;
  std::string s = script_start(options, 70 * layout.columns + 160, 70 * rows + 110) + data +
                  diverging_palette();
  s += fmt::format(
      "set title {} font \",13\"\n",
      quote(title_or(options, fmt::format("First-layer weights: {} units, each as a "
                                          "{}x{} image",
                                          units, images.image_width, images.image_height))));
  s += fmt::format("set xrange [-0.5:{}]\nset yrange [{}:-0.5]\n", width - 0.5, height - 0.5);
  s += fmt::format("set cbrange [{}:{}]\nset cblabel \"Weight\"\n", -scale, scale);
  s += "set size ratio -1\nunset border\nunset tics\nset cbtics\nunset key\n";
  s += "set lmargin 1\nset bmargin 1\nset tmargin 2.5\nplot ";
  for (std::size_t u = 0; u < units; ++u)
    s += (u > 0 ? ", " : "") + tile_plot("$weights", u, layout);
  run_gnuplot(s + "\n");
}

void first_layer_weights(Sequential& model, const PlotOptions& options,
                         const WeightImagesOptions& images) {
  for (std::size_t i = 0; i < model.size(); ++i) {
    auto* dense = dynamic_cast<Dense*>(&model.layer(i));
    if (dense == nullptr) continue;
    const Tensor weights(Shape{dense->out_features(), dense->in_features()},
                         dense->weight().values());
    weight_images(weights, options, images);
    return;
  }
  throw Error("first-layer weights: the model has no dense layer");
}

}  // namespace axon::plot
