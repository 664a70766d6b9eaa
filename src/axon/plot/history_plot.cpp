// History plot: one or two panels drawn from a datablock of the history.
#include "axon/plot/history_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/palette.hpp"

namespace axon::plot {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double value_or_nan(const std::optional<double>& v) { return v ? *v : kNaN; }

std::string gnuplot_number(double v) { return std::isnan(v) ? "NaN" : fmt::format("{:.9g}", v); }

// Training and validation curves of one column pair (1-based columns of the datablock).
std::string panel(const std::string& title, const std::string& y_label, int train_column,
                  bool validation, const std::string& style, double scale) {
  std::string s = fmt::format("set title {}\nset ylabel {}\n", quote(title), quote(y_label));
  s += fmt::format("plot $history using 1:(${}*{}) with {} lw 2 lc rgb \"{}\" title \"Training\"",
                   train_column, scale, style, series_color(0));
  if (validation)
    s += fmt::format(", $history using 1:(${}*{}) with {} lw 2 lc rgb \"{}\" title \"Validation\"",
                     train_column + 1, scale, style, series_color(1));
  return s + "\n";
}

}  // namespace

void history(const History& history, const PlotOptions& options) {
  check(!history.empty(), "history plot: the history is empty");
  const bool accuracy = history.front().accuracy.has_value();
  bool validation = false;
  double low = std::numeric_limits<double>::infinity(), high = 0.0;
  CsvTable csv({"epoch", "loss", "val_loss", "accuracy", "val_accuracy"});
  std::string data = "$history << EOD\n";
  for (const EpochRecord& r : history) {
    const double row[] = {static_cast<double>(r.epoch), r.loss, value_or_nan(r.val_loss),
                          value_or_nan(r.accuracy), value_or_nan(r.val_accuracy)};
    csv.add_row({std::to_string(r.epoch), CsvTable::number(row[1]), CsvTable::number(row[2]),
                 CsvTable::number(row[3]), CsvTable::number(row[4])});
    data += fmt::format("{} {} {} {} {}\n", r.epoch, gnuplot_number(row[1]), gnuplot_number(row[2]),
                        gnuplot_number(row[3]), gnuplot_number(row[4]));
    validation = validation || r.val_loss.has_value();
    for (double v : {row[1], row[2]}) {
      if (!std::isnan(v) && v > 0.0) low = std::min(low, v);
      if (!std::isnan(v)) high = std::max(high, v);
    }
  }
  data += "EOD\n";
  csv.write(csv_path(options.path));

  const bool log_scale = low > 0.0 && high / low > 100.0;
  const std::string style = history.size() <= 30 ? "linespoints pt 7 ps 0.8" : "lines";
  std::string s = script_start(options, accuracy ? 1300 : 900, accuracy ? 520 : 600) + data;
  s += "set xlabel \"Epoch\"\nset grid lt 1 lc rgb \"#d8d8d8\"\nset key top right box opaque\n";
  s += "set offsets 0,0,graph 0.04,0\n";
  if (history.size() < 10) s += "set xtics 1\n";
  if (accuracy) {
    s += fmt::format("set multiplot layout 1,2 title {} font \",13\"\n",
                     quote(title_or(options, "Training history")));
  } else if (!options.title.empty()) {
    s += fmt::format("set label 1 {} at screen 0.5,0.97 center font \",13\"\n",
                     quote(options.title));
  }
  if (log_scale) s += "set logscale y\nset format y \"%g\"\n";
  s += panel("Loss over epochs", log_scale ? "Loss (log scale)" : "Loss", 2, validation, style, 1);
  if (accuracy) {
    s += "unset logscale y\nset format y \"%g\"\nset key bottom right\n";
    s += panel("Accuracy over epochs", "Accuracy (%)", 4, validation, style, 100);
    s += "unset multiplot\n";
  }
  run_gnuplot(s);
}

}  // namespace axon::plot
