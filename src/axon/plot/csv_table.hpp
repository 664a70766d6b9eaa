// CsvTable: the data behind a plot, written as CSV beside the picture so it can be plotted again
// with any tool.
#pragma once

#include <string>
#include <vector>

namespace axon::plot {

class CsvTable {
 public:
  explicit CsvTable(std::vector<std::string> header);

  /// Appends a row; it must have one cell per header column.
  void add_row(std::vector<std::string> cells);
  /// Writes the header and rows to `path`; throws naming the path when it cannot.
  void write(const std::string& path) const;

  /// A number as CSV text: shortest round-trip-safe form for floats, "" for NaN (a missing value).
  static std::string number(double value);

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace axon::plot
