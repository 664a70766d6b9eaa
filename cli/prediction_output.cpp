// Prediction text: one set of column names for CSV's header and JSON's keys.
#include "prediction_output.hpp"

#include <charconv>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "axon/metrics/accuracy.hpp"
#include "axon/tensor/error.hpp"
#include "shortest_number.hpp"

namespace axon::cli {
namespace {

std::vector<std::string> value_columns(std::size_t k, Task task) {
  std::vector<std::string> columns;
  for (std::size_t j = 0; j < k; ++j) {
    if (task == Task::kClassification)
      columns.push_back(fmt::format("p{}", k == 1 ? 1 : j));
    else
      columns.push_back(k == 1 ? std::string("value") : fmt::format("y{}", j));
  }
  return columns;
}

std::string class_text(const PredictionLayout& layout, std::size_t k) {
  return k < layout.class_names.size() ? layout.class_names[k] : std::to_string(k);
}

// A name with a comma, a quote or a line break is quoted as CSV quotes it.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

}  // namespace

PredictionFormat parse_prediction_format(const std::string& text) {
  if (text == "csv") return PredictionFormat::kCsv;
  if (text == "json") return PredictionFormat::kJson;
  throw Error(fmt::format("--format must be csv or json, got '{}'", printable(text)));
}

std::string format_predictions(const Tensor& outputs, const PredictionLayout& layout) {
  const std::size_t k = outputs.cols();
  const bool classification = layout.task == Task::kClassification;
  check(classification || !layout.classes_only,
        "--classes needs a classification model; this model predicts values (regression)");
  const std::vector<std::string> values =
      layout.classes_only ? std::vector<std::string>{} : value_columns(k, layout.task);
  std::vector<std::string> columns;
  if (classification) columns.push_back("class");
  columns.insert(columns.end(), values.begin(), values.end());

  if (layout.format == PredictionFormat::kJson) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < outputs.rows(); ++i) {
      const float* row = outputs.row(i);
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      if (classification) {
        const std::size_t c = predicted_class(row, k, layout.threshold);
        if (layout.class_names.empty())
          object["class"] = c;
        else
          object["class"] = class_text(layout, c);
      }
      for (std::size_t j = 0; j < values.size(); ++j) object[values[j]] = shortest_double(row[j]);
      rows.push_back(std::move(object));
    }
    return rows.dump(1) + "\n";
  }
  std::string text = fmt::format("{}\n", fmt::join(columns, ","));
  for (std::size_t i = 0; i < outputs.rows(); ++i) {
    const float* row = outputs.row(i);
    if (classification)
      text += csv_field(class_text(layout, predicted_class(row, k, layout.threshold)));
    for (std::size_t j = 0; j < values.size(); ++j)
      text += fmt::format("{}{:.6g}", classification || j > 0 ? "," : "", row[j]);
    text += '\n';
  }
  return text;
}

}  // namespace axon::cli
