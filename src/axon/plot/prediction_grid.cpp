// Prediction grid: image tiles in a grey palette with a coloured two-line label above each.
#include "axon/plot/prediction_grid.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/image_tiles.hpp"

namespace axon::plot {

void prediction_grid(const Tensor& images, std::span<const std::size_t> actual,
                     std::span<const std::size_t> predicted, const PlotOptions& options,
                     const PredictionGridOptions& grid) {
  const std::size_t pixels = grid.image_width * grid.image_height;
  check(images.rows() > 0 && images.cols() == pixels,
        "prediction grid: images must be (N, {}) for {}x{} images, got {}", pixels,
        grid.image_width, grid.image_height, images.shape().to_string());
  check(actual.size() >= images.rows() && predicted.size() >= images.rows(),
        "prediction grid: {} images but {} actual and {} predicted labels", images.rows(),
        actual.size(), predicted.size());
  check(grid.rows > 0 && grid.columns > 0, "prediction grid: rows and columns must be > 0");
  const std::size_t count = std::min(images.rows(), grid.rows * grid.columns);
  auto name = [&](std::size_t k) {
    return k < grid.class_names.size() ? grid.class_names[k] : std::to_string(k);
  };
  const TileLayout layout{.columns = std::min(grid.columns, count),
                          .image_width = grid.image_width,
                          .image_height = grid.image_height,
                          .gap_x = grid.image_width / 4,
                          .gap_y = grid.image_height / 2};
  const std::size_t rows = (count + layout.columns - 1) / layout.columns;

  CsvTable csv({"index", "actual", "predicted", "actual_name", "predicted_name", "correct"});
  std::string data = "$images << EOD\n";
  std::string labels;
  std::size_t right = 0;
  float low = images[0], high = images[0];
  for (std::size_t k = 0; k < count; ++k) {
    const float* image = images.row(k);
    for (std::size_t i = 0; i < pixels; ++i)
      low = std::min(low, image[i]), high = std::max(high, image[i]);
    data += tile_section(image, layout);
    const bool correct = actual[k] == predicted[k];
    right += correct ? 1 : 0;
    labels +=
        fmt::format("set label {} {} at {},{} center front tc rgb \"{}\" font \",10\"\n", k + 1,
                    quote(fmt::format("Pred: {}\nTrue: {}", name(predicted[k]), name(actual[k]))),
                    tile_x(k, layout) + (grid.image_width - 1) / 2.0,
                    tile_y(k, layout) - 0.5 - layout.gap_y / 2.0, correct ? "#1a9641" : "#d7191c");
    csv.add_row({std::to_string(k), std::to_string(actual[k]), std::to_string(predicted[k]),
                 name(actual[k]), name(predicted[k]), correct ? "1" : "0"});
  }
  data += "EOD\n";
  csv.write(csv_path(options.path));

  const double width = layout.columns * (grid.image_width + layout.gap_x) - layout.gap_x;
  const double height = rows * (grid.image_height + layout.gap_y);
  std::string s = script_start(options, 180 * layout.columns + 40, 215 * rows + 70) + data;
  s += labels;
  s += fmt::format("set title {} font \",13\"\n",
                   quote(title_or(options, fmt::format("Predictions: {} of {} right (green right, "
                                                       "red wrong)",
                                                       right, count))));
  // Rows go down the page: the y axis runs from the bottom tile's end up to the first label.
  s += fmt::format("set xrange [-0.5:{}]\nset yrange [{}:{}]\n", width - 0.5,
                   height - layout.gap_y - 0.5, -0.5 - static_cast<double>(layout.gap_y));
  s += "set size ratio -1\nunset border\nunset tics\nunset key\nunset colorbox\n";
  s += "set lmargin 1\nset rmargin 1\nset bmargin 2\nset tmargin 3\n";
  s += fmt::format("set palette gray\nset cbrange [{}:{}]\nplot ", low,
                   high > low ? high : low + 1.0f);
  for (std::size_t k = 0; k < count; ++k)
    s += (k > 0 ? ", " : "") + tile_plot("$images", k, layout);
  run_gnuplot(s + "\n");
}

}  // namespace axon::plot
