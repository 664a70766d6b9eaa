// Layer magnitudes: a layer-by-layer forward pass, and two bar panels.
#include "axon/plot/layer_magnitudes.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "axon/layers/dense.hpp"
#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/palette.hpp"

namespace axon::plot {
namespace {

double mean_abs(std::span<const float> values) {
  double sum = 0.0;
  for (float v : values) sum += std::fabs(v);
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

std::string bars(const std::string& block, const std::vector<std::string>& names,
                 const std::vector<double>& values) {
  std::string s = block + " << EOD\n";
  for (std::size_t i = 0; i < names.size(); ++i)
    s += fmt::format("{} {} {:.7g}\n", i, quote(names[i]), values[i]);
  return s + "EOD\n";
}

}  // namespace

LayerMagnitudes measure_layer_magnitudes(Sequential& model, const Tensor& inputs) {
  check(inputs.rows() > 0, "layer magnitudes: no inputs");
  if (!model.built()) model.build(inputs.cols());
  LayerMagnitudes m;
  m.activation_names.push_back("input");
  m.mean_abs_activation.push_back(mean_abs(inputs.values()));
  std::map<std::string, std::size_t> seen;
  const Tensor* x = &inputs;
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    const std::string name = fmt::format("{}_{}", layer.name(), ++seen[layer.name()]);
    if (auto* dense = dynamic_cast<Dense*>(&layer)) {
      m.weight_names.push_back(name);
      m.mean_abs_weight.push_back(mean_abs(dense->weight().values()));
    }
    x = &layer.forward(*x, /*training=*/false);
    m.activation_names.push_back(name);
    m.mean_abs_activation.push_back(mean_abs(x->values()));
  }
  return m;
}

void layer_magnitudes(const LayerMagnitudes& m, const PlotOptions& options) {
  check(m.weight_names.size() == m.mean_abs_weight.size() &&
            m.activation_names.size() == m.mean_abs_activation.size() &&
            !m.activation_names.empty(),
        "layer magnitudes: names and values differ in count, or there are none");
  CsvTable csv({"kind", "layer", "mean_abs"});
  for (std::size_t i = 0; i < m.weight_names.size(); ++i)
    csv.add_row({"weight", m.weight_names[i], CsvTable::number(m.mean_abs_weight[i])});
  for (std::size_t i = 0; i < m.activation_names.size(); ++i)
    csv.add_row({"activation", m.activation_names[i], CsvTable::number(m.mean_abs_activation[i])});
  csv.write(csv_path(options.path));

  std::string s = script_start(options, 1300, 560);
  s += bars("$weights", m.weight_names, m.mean_abs_weight);
  s += bars("$activations", m.activation_names, m.mean_abs_activation);
  s += "set style fill solid 0.85 border rgb \"#333333\"\nset boxwidth 0.6\n";
  s += "set grid ytics lt 1 lc rgb \"#d8d8d8\"\nunset key\nset yrange [0:*]\n";
  s += "set offsets 0,0,graph 0.05,0\n";
  const bool many = m.activation_names.size() > 8;
  s += many ? "set xtics rotate by -30 left nomirror\nset bmargin 6\n" : "set xtics nomirror\n";
  s += fmt::format("set multiplot layout 1,2 title {} font \",13\"\n",
                   quote(title_or(options, "Layer magnitudes")));
  s += fmt::format(
      "set title \"Weight magnitudes\"\nset ylabel \"Mean absolute weight\"\n"
      "set xrange [-0.6:{}]\n"
      "plot $weights using 1:3:xtic(2) with boxes lc rgb \"{}\"\n",
      m.weight_names.size() - 0.4, series_color(0));
  s += fmt::format(
      "set title \"Activation magnitudes\"\nset ylabel \"Mean absolute activation\"\n"
      "set xrange [-0.6:{}]\n"
      "plot $activations using 1:3:xtic(2) with boxes lc rgb \"{}\"\n",
      m.activation_names.size() - 0.4, series_color(1));
  run_gnuplot(s + "unset multiplot\n");
}

}  // namespace axon::plot
