// CSV reader: tables (plain or gzipped) of numbers and text split into features and a label
// column, as people have them.
//
//   delimiter: sniffed from the first line (the most frequent of ',' ';' and tab) unless given
//   header auto: the first row is a header when a column holds text there and a number below it
//                (or every field of the first row is text and the second row has a number)
//   label column: an index (negative counts from the end, -1 = last) or a header name
//   text labels: classes, named by the sorted distinct texts
//   text features: one-hot encoded (categorical auto: the columns without a single number)
//   missing cells (empty, NA, N/A, NaN, null): an error, or the row dropped, or NaN left for the
//                caller to fill in with the training mean (MissingValues)
//   task auto: classification for text labels, or integer labels 0..K-1 (or 1..K) without gaps
//              and at most kMaxAutoClasses classes; regression otherwise. The reason is returned.
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
enum class MissingValues { kError, kDrop, kMean };

/// Integer labels with more distinct values than this are taken for regression by default.
inline constexpr std::size_t kMaxAutoClasses = 30;
/// A text column with more distinct values than this is not encoded unless named in categorical.
inline constexpr std::size_t kMaxAutoCategories = 100;
/// No column is encoded over more categories than this (nor a label column over more classes).
inline constexpr std::size_t kMaxCategories = 10000;

/// Parses "auto", "yes"/"true"/"1", "no"/"false"/"0".
CsvHeader parse_csv_header(const std::string& text);
/// Parses "error", "drop" or "mean".
MissingValues parse_missing_values(const std::string& text);
std::string to_string(MissingValues missing);
/// Parses "auto" (0: sniffed), ",", ";", "tab" (or a tab character), "|" or "space".
char parse_delimiter(const std::string& text);
/// "comma", "semicolon", "tab", ...
std::string delimiter_name(char delimiter);

struct CsvOptions {
  CsvHeader header = CsvHeader::kAuto;
  /// Index ("-1", "0", ...) or header name of the label column; empty or "none": no label column.
  std::string label_column = "-1";
  /// Classification or regression; detected from the labels when not set.
  std::optional<Task> task = std::nullopt;
  /// Field separator; 0: sniffed from the first line.
  char delimiter = 0;
  MissingValues missing = MissingValues::kError;
  /// Text feature columns to one-hot encode: "auto" (every column without a number), "none", or
  /// a comma-separated list of column names or indices.
  std::string categorical = "auto";
  /// The encoding a model was trained with (columns, categories, class names): when set, the file
  /// must have those feature columns and its text is encoded with it; an unknown category is an
  /// error naming the line and column.
  const Preprocessing* encoding = nullptr;
  /// Skip the label column without reading it (prediction inputs that still have one).
  bool ignore_label = false;
  /// Keep only block `part` of `parts` of the data rows (distributed::block of the rows before
  /// any is dropped), as one rank of a sharded run does. Every row is still read and checked, so
  /// that the categories, the class names and the task are those of the whole file.
  int part = 0;
  int parts = 1;
};

struct CsvData {
  Tensor features;  ///< (N, encoded features); NaN where a cell is missing under kMean
  Tensor labels;    ///< (N, 1): class indices or values; empty without a label column
  std::vector<std::string> feature_names;  ///< encoded: "color=red" for one-hot columns
  std::vector<FeatureColumn> columns;      ///< the raw feature columns and their categories
  std::vector<std::string> class_names;    ///< text labels, sorted; empty for numeric labels
  std::string label_name;
  Task task = Task::kRegression;
  std::size_t classes = 0;         ///< class count for classification
  std::string task_reason;         ///< why the task was chosen, e.g. "text labels"
  std::vector<std::size_t> lines;  ///< the file line of every row kept
  std::size_t file_rows = 0;       ///< data rows of the whole file (of every part), kept or not
  std::size_t dropped = 0;         ///< rows dropped for missing values (MissingValues::kDrop)
  char delimiter = ',';
};

/// Reads `path`. Errors name the file, the line and the column and say how to fix it: ragged
/// rows, fields that are not numbers, missing or infinite values, unknown label columns or
/// categories, integer labels out of range.
CsvData read_csv(const std::string& path, const CsvOptions& options = {});
/// The same for CSV text already in memory; `source` names it in errors.
CsvData parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});

}  // namespace axon
