// Activation plot: evaluate each activation layer on a line of z, then a multiplot.
#include "axon/plot/activation_plot.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/layers/activations.hpp"
#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/palette.hpp"

namespace axon::plot {

const std::vector<std::string>& default_activation_names() {
  static const std::vector<std::string> names = {"relu", "leaky_relu", "sigmoid",  "tanh",
                                                 "elu",  "gelu",       "softplus", "identity"};
  return names;
}

void activations(const std::vector<std::string>& names, const PlotOptions& options,
                 const ActivationPlotOptions& range) {
  check(!names.empty(), "activation plot: no activations named");
  check(range.samples >= 2 && range.high > range.low,
        "activation plot: need samples >= 2 and high > low, got {} samples on [{}, {}]",
        range.samples, range.low, range.high);
  const std::size_t n = range.samples;
  Tensor z(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i)
    z[i] = range.low + (range.high - range.low) * static_cast<float>(i) / (n - 1);
  const Tensor ones(Shape{n, 1}, 1.0f);
  std::vector<std::vector<float>> columns;  // f, f' for every name
  std::vector<std::string> header = {"z"};
  for (const std::string& name : names) {
    check(name != "softmax", "activation plot: softmax acts on whole rows, not on one value");
    std::unique_ptr<Layer> layer = make_activation(name);
    columns.push_back(layer->forward(z, /*training=*/true).to_vector());
    columns.push_back(layer->backward(ones).to_vector());
    header.push_back(name);
    header.push_back("d_" + name);
  }
  CsvTable csv(header);
  std::string s;
  const std::size_t panels = names.size();
  const std::size_t per_row = std::min<std::size_t>(panels, panels == 4 ? 2 : 4);
  const std::size_t rows = (panels + per_row - 1) / per_row;
  s = script_start(options, 420 * per_row, 360 * rows + 40) + "$values << EOD\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> cells = {CsvTable::number(z[i])};
    s += fmt::format("{:.6g}", z[i]);
    for (const auto& column : columns) {
      s += fmt::format(" {:.7g}", column[i]);
      cells.push_back(CsvTable::number(column[i]));
    }
    s += "\n";
    csv.add_row(std::move(cells));
  }
  s += "EOD\n";
  csv.write(csv_path(options.path));
  s += "set grid lt 1 lc rgb \"#d8d8d8\"\nset key top left box opaque font \",9\"\n";
  s += "set xzeroaxis lt -1 lw 0.5\nset yzeroaxis lt -1 lw 0.5\nset xlabel \"z\"\n";
  s += fmt::format("set xrange [{}:{}]\nset offsets 0,0,graph 0.05,graph 0.05\n", range.low,
                   range.high);
  s += fmt::format("set multiplot layout {},{} title {} font \",13\"\n", rows, per_row,
                   quote(title_or(options, "Activation functions and their derivatives")));
  for (std::size_t k = 0; k < panels; ++k) {
    s += fmt::format("set title {}\n", quote(names[k]));
    s += fmt::format(
        "plot $values using 1:{} with lines lw 2.5 lc rgb \"{}\" title \"f(z)\", "
        "$values using 1:{} with lines lw 2 dt 2 lc rgb \"{}\" title \"f'(z)\"\n",
        2 * k + 2, series_color(0), 2 * k + 3, series_color(3));
  }
  run_gnuplot(s + "unset multiplot\n");
}

}  // namespace axon::plot
