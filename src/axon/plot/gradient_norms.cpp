// Gradient norms: recording from the parameter gradients, and the line plot.
#include "axon/plot/gradient_norms.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "axon/layers/dense.hpp"
#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/palette.hpp"
#include "axon/train/trainer.hpp"

namespace axon::plot {

GradientNormRecorder::GradientNormRecorder(Sequential& model) {
  check(model.built(), "gradient norms: build the model before recording its gradients");
  for (std::size_t i = 0, dense_count = 0; i < model.size(); ++i) {
    auto* dense = dynamic_cast<Dense*>(&model.layer(i));
    if (dense == nullptr) continue;
    history_.layers.push_back(fmt::format("dense_{}", ++dense_count));
    grads_.emplace_back(dense->weight().grads());
  }
  sums_.assign(grads_.size(), 0.0);
}

void GradientNormRecorder::on_batch_end(Trainer& /*trainer*/, const BatchRecord& /*record*/) {
  after_batch();
}

void GradientNormRecorder::on_epoch_end(Trainer& /*trainer*/, const EpochRecord& record) {
  end_epoch(record.epoch);
}

void GradientNormRecorder::after_batch() {
  for (std::size_t l = 0; l < grads_.size(); ++l) {
    double sum = 0.0;
    for (float g : grads_[l]) sum += static_cast<double>(g) * g;
    sums_[l] += std::sqrt(sum);
  }
  ++batches_;
}

void GradientNormRecorder::end_epoch(std::size_t epoch) {
  if (batches_ == 0) return;
  std::vector<double> means(sums_.size());
  for (std::size_t l = 0; l < sums_.size(); ++l) means[l] = sums_[l] / batches_;
  history_.epochs.push_back(epoch);
  history_.norms.push_back(std::move(means));
  sums_.assign(sums_.size(), 0.0);
  batches_ = 0;
}

void gradient_norms(const GradientNormHistory& history, const PlotOptions& options) {
  check(!history.epochs.empty() && !history.layers.empty(),
        "gradient norms: nothing was recorded (no epochs or no dense layers)");
  check(history.norms.size() == history.epochs.size(),
        "gradient norms: {} epochs but {} rows of norms", history.epochs.size(),
        history.norms.size());
  std::vector<std::string> header = {"epoch"};
  header.insert(header.end(), history.layers.begin(), history.layers.end());
  CsvTable csv(header);
  std::string s = script_start(options, 900, 600) + "$norms << EOD\n";
  bool positive = true;
  double low = std::numeric_limits<double>::infinity(), high = 0.0;
  for (std::size_t e = 0; e < history.epochs.size(); ++e) {
    check(history.norms[e].size() == history.layers.size(),
          "gradient norms: epoch {} has {} values for {} layers", history.epochs[e],
          history.norms[e].size(), history.layers.size());
    std::vector<std::string> cells = {std::to_string(history.epochs[e])};
    s += std::to_string(history.epochs[e]);
    for (double v : history.norms[e]) {
      s += fmt::format(" {:.7g}", v);
      cells.push_back(CsvTable::number(v));
      positive = positive && v > 0.0;
      low = std::min(low, v);
      high = std::max(high, v);
    }
    s += "\n";
    csv.add_row(std::move(cells));
  }
  s += "EOD\n";
  csv.write(csv_path(options.path));
  s += fmt::format("set title {} font \",13\"\n",
                   quote(title_or(options,
                                  "Gradient norm per layer (mean over each epoch's "
                                  "batches)")));
  s += "set xlabel \"Epoch\"\nset grid lt 1 lc rgb \"#d8d8d8\"\nset key outside right top box\n";
  if (history.epochs.size() < 10) s += "set xtics 1\n";
  // A log axis once the norms span more than a factor of 20.
  s += positive && high > 20.0 * low
           ? "set logscale y\nset ylabel \"||dL/dW|| (log scale)\"\nset format y \"%g\"\n"
           : "set ylabel \"||dL/dW||\"\n";
  const std::string style = history.epochs.size() <= 30 ? "linespoints pt 7 ps 0.8" : "lines";
  s += "plot ";
  for (std::size_t l = 0; l < history.layers.size(); ++l)
    s += fmt::format("{}$norms using 1:{} with {} lw 2 lc rgb \"{}\" title {}", l > 0 ? ", " : "",
                     l + 2, style, series_color(l), quote(history.layers[l]));
  run_gnuplot(s + "\n");
}

}  // namespace axon::plot
