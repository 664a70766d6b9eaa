// Fit snapshots: recording predictions during training, and the multiplot grid.
#include "axon/plot/fit_snapshots.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/sorted_order.hpp"
#include "axon/train/trainer.hpp"

namespace axon::plot {

FitSnapshots::FitSnapshots(std::vector<std::size_t> epochs, Tensor inputs)
    : epochs_(std::move(epochs)), inputs_(std::move(inputs)) {}

void FitSnapshots::on_epoch_end(Trainer& trainer, const EpochRecord& record) {
  this->record(trainer.model(), record);
}

void FitSnapshots::record(Sequential& model, const EpochRecord& r) {
  if (std::find(epochs_.begin(), epochs_.end(), r.epoch) == epochs_.end()) return;
  const Tensor outputs = model.predict(inputs_);
  FitSnapshot snapshot{.epoch = r.epoch, .predicted = {}};
  snapshot.predicted.reserve(outputs.rows());
  for (std::size_t i = 0; i < outputs.rows(); ++i) snapshot.predicted.push_back(outputs(i, 0));
  snapshots_.push_back(std::move(snapshot));
}

std::vector<std::size_t> default_snapshot_epochs(std::size_t epochs) {
  std::vector<std::size_t> chosen;
  for (std::size_t percent : {1, 5, 10, 50, 100}) {
    const std::size_t e = epochs * percent / 100;
    if (e > 0 && std::find(chosen.begin(), chosen.end(), e) == chosen.end()) chosen.push_back(e);
  }
  return chosen;
}

void fit_snapshots(std::span<const float> x, std::span<const float> actual,
                   const std::vector<FitSnapshot>& snapshots, const PlotOptions& options,
                   const RegressionPlotOptions& labels) {
  check(!snapshots.empty(), "fit snapshots: no snapshots were recorded");
  check(!x.empty() && actual.size() == x.size(),
        "fit snapshots: x and actual have {} and {} values (expected the same count, not 0)",
        x.size(), actual.size());
  std::vector<std::string> header = {"x", "actual"};
  for (const FitSnapshot& snapshot : snapshots) {
    check(snapshot.predicted.size() == x.size(),
          "fit snapshots: epoch {} has {} predictions for {} inputs", snapshot.epoch,
          snapshot.predicted.size(), x.size());
    header.push_back(fmt::format("epoch_{}", snapshot.epoch));
  }
  CsvTable csv(header);
  const std::size_t panels = snapshots.size();
  const std::size_t columns = std::min<std::size_t>(panels, 3);
  const std::size_t rows = (panels + columns - 1) / columns;
  std::string s = script_start(options, 500 * columns, 380 * rows + 40) + "$fit << EOD\n";
  for (std::size_t i : sorted_order(x)) {
    std::vector<std::string> cells = {CsvTable::number(x[i]), CsvTable::number(actual[i])};
    s += fmt::format("{:.7g} {:.7g}", x[i], actual[i]);
    for (const FitSnapshot& snapshot : snapshots) {
      s += fmt::format(" {:.7g}", snapshot.predicted[i]);
      cells.push_back(CsvTable::number(snapshot.predicted[i]));
    }
    s += "\n";
    csv.add_row(std::move(cells));
  }
  s += "EOD\n";
  csv.write(csv_path(options.path));

  // One y range for every panel, so the panels compare.
  float low = *std::min_element(actual.begin(), actual.end());
  float high = *std::max_element(actual.begin(), actual.end());
  for (const FitSnapshot& snapshot : snapshots)
    for (float v : snapshot.predicted) low = std::min(low, v), high = std::max(high, v);
  const float pad = std::max(high - low, 1e-3f) * 0.08f;
  s += fmt::format("set yrange [{}:{}]\n", low - pad, high + pad);
  s += fmt::format("set xlabel {}\nset ylabel {}\n", quote(labels.x_label), quote(labels.y_label));
  s += "set grid lt 1 lc rgb \"#d8d8d8\"\nset key top right box opaque font \",9\"\n";
  s += fmt::format("set multiplot layout {},{} title {} font \",13\"\n", rows, columns,
                   quote(title_or(options, "Actual vs predicted during training")));
  for (std::size_t k = 0; k < panels; ++k) {
    s += fmt::format("set title \"After {} epoch{}\"\n", snapshots[k].epoch,
                     snapshots[k].epoch == 1 ? "" : "s");
    s += fmt::format(
        "plot $fit using 1:2 with points pt 7 ps 0.4 lc rgb \"#1f77b4\" title \"Actual\", "
        "$fit using 1:{} with lines dt 2 lw 2.5 lc rgb \"#d62728\" title \"Predicted\"\n",
        k + 3);
  }
  run_gnuplot(s + "unset multiplot\n");
}

}  // namespace axon::plot
