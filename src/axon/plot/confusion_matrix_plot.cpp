// Confusion matrix heat map: a matrix image with the counts as labels.
#include "axon/plot/confusion_matrix_plot.hpp"

#include <fmt/format.h>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"

namespace axon::plot {

void confusion_matrix(const ConfusionMatrix& matrix, const PlotOptions& options,
                      const std::vector<std::string>& class_names) {
  const std::size_t classes = matrix.classes();
  auto name = [&](std::size_t k) {
    return k < class_names.size() ? class_names[k] : std::to_string(k);
  };
  CsvTable csv({"actual", "predicted", "count", "row_fraction"});
  std::string data = "$cells << EOD\n", labels;
  for (std::size_t a = 0; a < classes; ++a) {
    const std::size_t row = matrix.actual_total(a);
    for (std::size_t p = 0; p < classes; ++p) {
      const std::size_t c = matrix.count(a, p);
      const double fraction = row == 0 ? 0.0 : static_cast<double>(c) / row;
      data += fmt::format("{} {} {:.6g}\n", p, a, fraction);
      csv.add_row(
          {std::to_string(a), std::to_string(p), std::to_string(c), CsvTable::number(fraction)});
      labels += fmt::format("set label {} at {},{} center front tc rgb \"{}\" font \",{}\"\n",
                            quote(std::to_string(c)), p, a, fraction > 0.55 ? "white" : "black",
                            classes > 12 ? 7 : 10);
    }
    data += "\n";
  }
  data += "EOD\n";
  csv.write(csv_path(options.path));

  const bool named = !class_names.empty();
  const std::size_t side = std::max<std::size_t>(600, 70 * classes + (named ? 260 : 160));
  std::string s = script_start(options, side + 120, side) + data + labels;
  std::string tics;
  for (std::size_t k = 0; k < classes; ++k)
    tics += fmt::format("{}{} {}", k > 0 ? ", " : "", quote(name(k)), k);
  s +=
      fmt::format("set title {} font \",13\"\n",
                  quote(title_or(options, fmt::format("Confusion matrix ({} samples, accuracy "
                                                      "{:.2f}%)",
                                                      matrix.total(), 100.0 * matrix.accuracy()))));
  s += fmt::format("set xtics ({}) {} nomirror out\n", tics, named ? "rotate by -40 left" : "");
  s += fmt::format("set ytics ({}) nomirror out\n", tics);
  s += fmt::format("set xrange [-0.5:{}.5]\nset yrange [{}.5:-0.5]\n", classes - 1, classes - 1);
  s += "set xlabel \"Predicted class\"\nset ylabel \"Actual class\"\nset size ratio -1\n";
  s += "set palette defined (0 \"#f7fbff\", 0.5 \"#6baed6\", 1 \"#08306b\")\n";
  s += "set cbrange [0:1]\nset cblabel \"Share of the actual class\"\nunset key\n";
  s += "plot $cells using 1:2:3 with image\n";
  run_gnuplot(s);
}

}  // namespace axon::plot
