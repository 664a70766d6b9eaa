// Actual vs predicted: actual values as points, predictions as a dashed red line.
#include "axon/plot/regression_fit.hpp"

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/sorted_order.hpp"

namespace axon::plot {

void actual_vs_predicted(std::span<const float> x, std::span<const float> actual,
                         std::span<const float> predicted, const PlotOptions& options,
                         const RegressionPlotOptions& labels) {
  check(!x.empty() && actual.size() == x.size() && predicted.size() == x.size(),
        "actual vs predicted: x, actual and predicted have {}, {} and {} values (expected the "
        "same count, not 0)",
        x.size(), actual.size(), predicted.size());
  CsvTable csv({"x", "actual", "predicted"});
  std::string s = script_start(options, 1000, 500) + "$fit << EOD\n";
  for (std::size_t i : sorted_order(x)) {
    s += fmt::format("{:.7g} {:.7g} {:.7g}\n", x[i], actual[i], predicted[i]);
    csv.add_row(
        {CsvTable::number(x[i]), CsvTable::number(actual[i]), CsvTable::number(predicted[i])});
  }
  s += "EOD\n";
  csv.write(csv_path(options.path));
  s += fmt::format("set title {} font \",13\"\nset xlabel {}\nset ylabel {}\n",
                   quote(title_or(options, "Actual vs predicted")), quote(labels.x_label),
                   quote(labels.y_label));
  s += "set grid lt 1 lc rgb \"#d8d8d8\"\nset key top right box opaque\n";
  s += "plot $fit using 1:2 with points pt 7 ps 0.6 lc rgb \"#1f77b4\" title \"Actual\", "
       "$fit using 1:3 with lines dt 2 lw 2.5 lc rgb \"#d62728\" title \"Predicted\"\n";
  run_gnuplot(s);
}

}  // namespace axon::plot
