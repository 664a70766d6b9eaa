// Decision boundary: predict a grid, draw it as an image with one palette colour per class.
#include "axon/plot/decision_boundary.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/palette.hpp"

namespace axon::plot {
namespace {

struct Range {
  double low = 0.0;
  double high = 0.0;
};

Range padded_range(const Tensor& points, std::size_t column, double margin) {
  double low = points(0, column), high = low;
  for (std::size_t i = 1; i < points.rows(); ++i) {
    low = std::min<double>(low, points(i, column));
    high = std::max<double>(high, points(i, column));
  }
  const double pad = std::max(high - low, 1e-3) * margin;
  return {low - pad, high + pad};
}

std::size_t predicted(const float* outputs, std::size_t count, float threshold) {
  if (count == 1) return outputs[0] > threshold ? 1 : 0;
  return static_cast<std::size_t>(std::max_element(outputs, outputs + count) - outputs);
}

}  // namespace

void decision_boundary(Sequential& model, const Tensor& points, const Tensor& labels,
                       const PlotOptions& options, const DecisionBoundaryOptions& boundary) {
  check(points.rank() == 2 && points.cols() == 2 && points.rows() > 0,
        "decision boundary: points must be (N, 2), got {}", points.shape().to_string());
  check(labels.rows() == points.rows() && labels.cols() == 1,
        "decision boundary: labels must be ({}, 1), got {}", points.rows(),
        labels.shape().to_string());
  check(boundary.resolution >= 2, "decision boundary: resolution must be >= 2, got {}",
        boundary.resolution);
  const Range x = padded_range(points, 0, boundary.margin);
  const Range y = padded_range(points, 1, boundary.margin);
  const std::size_t n = boundary.resolution;
  Tensor grid(Shape{n * n, 2});
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < n; ++c) {
      grid(r * n + c, 0) = static_cast<float>(x.low + (x.high - x.low) * c / (n - 1));
      grid(r * n + c, 1) = static_cast<float>(y.low + (y.high - y.low) * r / (n - 1));
    }
  Tensor model_input = grid;
  if (boundary.transform) boundary.transform(model_input);
  const Tensor outputs = model.predict(model_input);
  const float threshold = model.loss() != nullptr ? model.loss()->decision_threshold() : 0.5f;

  std::size_t classes = std::max<std::size_t>(outputs.cols(), 2);
  for (float v : labels.values()) classes = std::max(classes, static_cast<std::size_t>(v) + 1);
  auto name = [&](std::size_t k) {
    return k < boundary.class_names.size() ? boundary.class_names[k] : fmt::format("class {}", k);
  };

  CsvTable csv({"x", "y", "label"});
  std::string s = script_start(options, 900, 700) + "$grid << EOD\n";
  for (std::size_t i = 0; i < n * n; ++i)
    s += fmt::format("{:.6g} {:.6g} {}\n", grid(i, 0), grid(i, 1),
                     predicted(outputs.row(i), outputs.cols(), threshold));
  s += "EOD\n$points << EOD\n";
  for (std::size_t i = 0; i < points.rows(); ++i) {
    const auto label = static_cast<std::size_t>(labels[i]);
    s += fmt::format("{:.6g} {:.6g} {}\n", points(i, 0), points(i, 1), label);
    csv.add_row(
        {CsvTable::number(points(i, 0)), CsvTable::number(points(i, 1)), std::to_string(label)});
  }
  s += "EOD\n";
  csv.write(csv_path(options.path));

  // A palette of exactly `classes` colours, class k at cb value k.
  s += fmt::format("set palette maxcolors {}\nset palette defined (", classes);
  for (std::size_t k = 0; k < classes; ++k)
    s += fmt::format("{}{} \"{}\"", k > 0 ? ", " : "", k, class_fill_color(k));
  s += fmt::format(")\nset cbrange [-0.5:{}.5]\nunset colorbox\n", classes - 1);
  s += fmt::format("set xrange [{}:{}]\nset yrange [{}:{}]\n", x.low, x.high, y.low, y.high);
  s += fmt::format("set title {} font \",13\"\nset xlabel {}\nset ylabel {}\n",
                   quote(title_or(options, "Decision boundary")), quote(boundary.x_label),
                   quote(boundary.y_label));
  s += "set key outside right top box opaque title \"True class\"\nset tics out\n";
  s += "plot $grid using 1:2:3 with image notitle";
  const double size = points.rows() > 500 ? 0.8 : points.rows() > 100 ? 1.1 : 1.8;
  for (std::size_t k = 0; k < classes; ++k) {
    const std::string where = fmt::format("($3 == {} ? $2 : NaN)", k);
    s += fmt::format(", $points using 1:{} with points pt 7 ps {} lc rgb \"{}\" title {}", where,
                     size, class_color(k), quote(name(k)));
    s += fmt::format(", $points using 1:{} with points pt 6 ps {} lc rgb \"black\" notitle", where,
                     size);
  }
  run_gnuplot(s + "\n");
}

}  // namespace axon::plot
