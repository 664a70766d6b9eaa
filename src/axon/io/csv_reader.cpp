// CSV reader: splitting lines into numeric fields, header detection and label extraction.
#include "axon/io/csv_reader.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr float kMaxClassLabel = 255.0f;
// Memory per byte of CSV text at the peak of reading it: the byte, and a float (4 bytes) per
// field of at least 2 bytes ("0,") twice, in the parsed table and in the tensors.
constexpr std::uint64_t kCsvCostPerByte = 5;

struct Table {
  std::vector<std::string> header;
  std::vector<float> values;  // rows x columns
  std::size_t columns = 0;
  std::size_t rows = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string_view::npos;) {
    fields.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
  fields.push_back(trim(line.substr(start)));
  return fields;
}

std::optional<float> parse_number(std::string_view field) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  float value = 0.0f;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (end != field.data() + field.size() || field.empty()) return std::nullopt;
  // Too large for a float: infinite, which append_row rejects by name.
  if (error == std::errc::result_out_of_range)
    return field.front() == '-' ? -std::numeric_limits<float>::infinity()
                                : std::numeric_limits<float>::infinity();
  if (error != std::errc()) return std::nullopt;
  return value;
}

// A field as quoted in an error, cut short at 40 bytes.
std::string shown_field(std::string_view field) { return axon::printable(field, 40); }

// A header names its columns: some field is neither empty nor a number (NaN and infinity spelled
// out count as numbers). A first row of numbers with a NaN or an empty field is data, refused as
// such below, not silently taken for a header.
bool looks_like_header(const std::vector<std::string_view>& fields) {
  for (std::string_view f : fields)
    if (!trim(f).empty() && !parse_number(f)) return true;
  return false;
}

void append_row(const std::string& path, std::size_t line_number,
                const std::vector<std::string_view>& fields, Table& table) {
  check(fields.size() == table.columns, "'{}' line {}: {} fields, expected {} like the first row",
        path, line_number, fields.size(), table.columns);
  for (std::size_t c = 0; c < fields.size(); ++c) {
    const std::optional<float> v = parse_number(fields[c]);
    const std::string column = table.header.empty()
                                   ? std::to_string(c + 1)
                                   : fmt::format("{} ({})", c + 1, shown_field(table.header[c]));
    check(v.has_value(), "'{}' line {}, column {}: '{}' is not a number", path, line_number, column,
          shown_field(fields[c]));
    const bool spelled_out = fields[c].find_first_of("nNiI") != std::string_view::npos;
    check(std::isfinite(*v) || !spelled_out, "'{}' line {}, column {}: {} values are not allowed",
          path, line_number, column, shown_field(fields[c]));
    check(std::isfinite(*v), "'{}' line {}, column {}: {} is beyond the float range (+-3.4e38)",
          path, line_number, column, shown_field(fields[c]));
    table.values.push_back(*v);
  }
  ++table.rows;
}

Table parse_table(const std::string& path, std::string_view text, CsvHeader header) {
  Table table;
  std::size_t line_number = 0, start = 0;
  if (text.starts_with("\xEF\xBB\xBF")) start = 3;  // a UTF-8 byte-order mark
  bool first = true;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (trim(line).empty()) continue;
    const std::vector<std::string_view> fields = split_fields(line);
    if (first) {
      first = false;
      table.columns = fields.size();
      const bool is_header =
          header == CsvHeader::kYes || (header == CsvHeader::kAuto && looks_like_header(fields));
      if (is_header) {
        for (std::string_view f : fields) table.header.emplace_back(f);
        continue;
      }
    }
    append_row(path, line_number, fields, table);
  }
  check(table.rows > 0, "'{}' holds no data rows", path);
  return table;
}

std::optional<std::size_t> find_label_column(const std::string& path, const Table& table,
                                             const std::string& spec) {
  if (spec.empty() || spec == "none") return std::nullopt;
  long index = 0;
  const auto [end, error] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  if (error == std::errc() && end == spec.data() + spec.size()) {
    const long columns = static_cast<long>(table.columns);
    check(index >= -columns && index < columns,
          "'{}': label column {} is out of range for {} columns", path, spec, table.columns);
    return static_cast<std::size_t>(index < 0 ? index + columns : index);
  }
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (table.header[c] == spec) return c;
  if (table.header.empty())
    throw Error(
        fmt::format("'{}': label column '{}' is a name but the file has no header", path, spec));
  std::string names;
  for (std::size_t c = 0; c < table.header.size() && c < 20; ++c)
    names += (names.empty() ? "" : ", ") + shown_field(table.header[c]);
  if (table.header.size() > 20) names += ", ...";
  throw Error(fmt::format("'{}': no column named '{}' (columns: {})", path, spec, names));
}

bool labels_are_classes(const Tensor& labels) {
  for (float v : labels.values())
    if (v < 0.0f || v > kMaxClassLabel || v != std::floor(v)) return false;
  return true;
}

void set_task(const std::string& path, const CsvOptions& options, CsvData& data) {
  data.task = options.task.value_or(labels_are_classes(data.labels) ? Task::kClassification
                                                                    : Task::kRegression);
  if (data.task == Task::kRegression) return;
  float largest = 0.0f;
  for (std::size_t i = 0; i < data.labels.rows(); ++i) {
    const float v = data.labels[i];
    check(v >= 0.0f && v <= kMaxClassLabel && v == std::floor(v),
          "'{}': data row {}: label {} is not a class index (an integer from 0 to {}); use "
          "--task regression for real-valued targets",
          path, i + 1, v, kMaxClassLabel);
    largest = std::max(largest, v);
  }
  data.classes = static_cast<std::size_t>(largest) + 1;
}

}  // namespace

CsvHeader parse_csv_header(const std::string& text) {
  if (text == "auto") return CsvHeader::kAuto;
  if (text == "yes" || text == "true" || text == "1") return CsvHeader::kYes;
  if (text == "no" || text == "false" || text == "0") return CsvHeader::kNo;
  throw Error(fmt::format("unknown header setting '{}' (expected auto, yes or no)", text));
}

CsvData read_csv(const std::string& path, const CsvOptions& options) {
  const std::vector<unsigned char> bytes = read_file_bytes(path, kCsvCostPerByte);
  return parse_csv({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, path, options);
}

CsvData parse_csv(std::string_view text, const std::string& path, const CsvOptions& options) {
  const Table table = parse_table(path, text, options.header);
  const std::optional<std::size_t> label = find_label_column(path, table, options.label_column);
  const std::size_t features = table.columns - (label ? 1 : 0);
  check(features > 0, "'{}': no feature columns besides the label", path);

  CsvData data;
  data.features = Tensor(Shape{table.rows, features});
  if (label) data.labels = Tensor(Shape{table.rows, 1});
  for (std::size_t r = 0; r < table.rows; ++r) {
    std::size_t f = 0;
    for (std::size_t c = 0; c < table.columns; ++c) {
      const float v = table.values[r * table.columns + c];
      if (label && c == *label) {
        data.labels[r] = v;
      } else {
        data.features(r, f++) = v;
      }
    }
  }
  for (std::size_t c = 0; c < table.columns; ++c) {
    std::string name = table.header.empty() ? fmt::format("column_{}", c) : table.header[c];
    if (label && c == *label) {
      data.label_name = std::move(name);
    } else {
      data.feature_names.push_back(std::move(name));
    }
  }
  if (label) set_task(path, options, data);
  return data;
}

}  // namespace axon
