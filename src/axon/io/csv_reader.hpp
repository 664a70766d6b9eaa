// CSV reader: numeric tables (plain or gzipped) split into features and a label column.
//
//   header auto: the first row is a header when any of its fields is not a number
//   label column: an index (negative counts from the end, -1 = last) or a header name
//   task auto: classification when every label is an integer in [0, 255], else regression
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "axon/io/preprocessing.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

enum class CsvHeader { kAuto, kYes, kNo };

/// Parses "auto", "yes"/"true"/"1", "no"/"false"/"0".
CsvHeader parse_csv_header(const std::string& text);

struct CsvOptions {
  CsvHeader header = CsvHeader::kAuto;
  /// Index ("-1", "0", ...) or header name of the label column; empty: no label column.
  std::string label_column = "-1";
  /// Classification or regression; detected from the labels when not set.
  std::optional<Task> task = std::nullopt;
};

struct CsvData {
  Tensor features;  ///< (N, columns - 1), or (N, columns) without a label column
  Tensor labels;    ///< (N, 1): class indices or values; empty without a label column
  std::vector<std::string> feature_names;  ///< from the header, or "column_<index>"
  std::string label_name;
  Task task = Task::kRegression;
  std::size_t classes = 0;  ///< max label + 1 for classification
};

/// Reads `path`. Errors name the file, the line and the column: ragged rows, fields that are not
/// numbers, NaN or infinite values, an unknown label column, integer labels out of range.
CsvData read_csv(const std::string& path, const CsvOptions& options = {});
/// The same for CSV text already in memory; `source` names it in errors.
CsvData parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});

}  // namespace axon
