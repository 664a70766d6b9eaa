// CSV reader: the delimiter and the header, then two passes over the lines: one to learn what
// each column holds (numbers, text), one to read the cells, encoding text columns and labels.
#include "axon/io/csv_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "axon/io/file_bytes.hpp"
#include "axon/io/mapped_file.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"

namespace axon {
namespace {

constexpr float kMaxClassLabel = 255.0f;
// Memory per byte of CSV text at the peak of reading it: the byte, and a float (4 bytes) per
// field of at least 2 bytes ("0,") twice, in the parsed table and in the tensors.
constexpr std::uint64_t kCsvCostPerByte = 5;
constexpr const char* kMissingHint =
    "pass --missing drop to skip such rows or --missing mean to fill in the training mean";

std::string_view trim(std::string_view s, char delimiter) {
  auto blank = [delimiter](char c) {
    return c == ' ' || c == '\r' || (c == '\t' && delimiter != '\t');
  };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// Fields of `line` split at `delimiter` outside double quotes.
void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == delimiter && !quoted) {
      fields.push_back(trim(line.substr(start, i - start), delimiter));
      start = i + 1;
    }
  }
  fields.push_back(trim(line.substr(start), delimiter));
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_missing(std::string_view f) {
  for (std::string_view word : {"", "na", "n/a", "nan", "null", "none"})
    if (equals_ignoring_case(f, word)) return true;
  return false;
}

std::optional<float> parse_number(std::string_view field) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  float value = 0.0f;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (end != field.data() + field.size() || field.empty()) return std::nullopt;
  // Too large for a float: infinite, which read_number rejects by name.
  if (error == std::errc::result_out_of_range)
    return field.front() == '-' ? -std::numeric_limits<float>::infinity()
                                : std::numeric_limits<float>::infinity();
  if (error != std::errc()) return std::nullopt;
  return value;
}

// Text a category can be: valid UTF-8 without control characters.
bool is_text(std::string_view f) {
  for (std::size_t i = 0; i < f.size();) {
    const auto c = static_cast<unsigned char>(f[i]);
    if (c < 0x20 || c == 0x7f) return false;
    const std::size_t extra = c < 0x80         ? 0
                              : (c >> 5) == 6  ? 1
                              : (c >> 4) == 14 ? 2
                              : (c >> 3) == 30 ? 3
                                               : 9;
    if (extra == 9 || i + extra >= f.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(f[i + k]) >> 6) != 2) return false;
    i += extra + 1;
  }
  return true;
}

bool is_text_cell(std::string_view f) { return !is_missing(f) && !parse_number(f) && is_text(f); }

// A field as quoted in an error, cut short at 40 bytes.
std::string shown_field(std::string_view field) { return axon::printable(field, 40); }

// Calls f(line_number, line) for every line that is not blank.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 byte-order mark
  for (std::size_t line_number = 1; start < text.size(); ++line_number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!trim(line, ',').empty() && !f(line_number, line)) return;
  }
}

// The most frequent of ',', ';' and tab outside quotes on the first line; ',' without any.
char sniff_delimiter(std::string_view text) {
  char best = ',';
  for_each_line(text, [&](std::size_t, std::string_view line) {
    std::size_t best_count = 0;
    for (char d : {',', ';', '\t'}) {
      std::size_t count = 0;
      bool quoted = false;
      for (char c : line) {
        if (c == '"') quoted = !quoted;
        count += (c == d && !quoted) ? 1 : 0;
      }
      if (count > best_count) best = d, best_count = count;
    }
    return false;
  });
  return best;
}

// The first row names the columns when some column holds text there and a number (or nothing)
// below it, or when the first row is all text and the second has a number. A first row of
// numbers with a NaN or an empty field is data. With a model's encoding, the first row is a header
// when it holds text in a column the model reads as numbers (a row as wide as the model's
// columns), else when it has a text that is none of the model's categories or class names.
bool detect_header(std::string_view text, char delimiter, const Preprocessing* encoding) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> fields;
  for_each_line(text, [&](std::size_t, std::string_view line) {
    split_fields(line, delimiter, fields);
    rows.emplace_back(fields.begin(), fields.end());
    return rows.size() < 2;
  });
  if (rows.empty()) return false;
  const std::vector<std::string>& first = rows[0];
  if (encoding && !encoding->columns.empty()) {
    // Row as wide as the model's columns: a header holds text where the model reads numbers; a
    // data row may hold a category the model never saw (an error later, not a header).
    const std::vector<FeatureColumn>& columns = encoding->columns;
    if (first.size() == columns.size()) {
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].categories.empty() && is_text_cell(first[c])) return true;
      return false;
    }
    std::set<std::string, std::less<>> known(encoding->class_names.begin(),
                                             encoding->class_names.end());
    for (const FeatureColumn& c : encoding->columns)
      known.insert(c.categories.begin(), c.categories.end());
    return std::any_of(first.begin(), first.end(),
                       [&](const std::string& f) { return is_text_cell(f) && !known.contains(f); });
  }
  bool all_text = true, any_text = false;
  for (const std::string& f : first) {
    all_text = all_text && !f.empty() && !parse_number(f);
    any_text = any_text || (!f.empty() && !parse_number(f));
  }
  if (rows.size() < 2 || rows[1].size() != first.size()) return any_text;
  bool second_has_number = false;
  for (std::size_t c = 0; c < first.size(); ++c) {
    const bool number_below = parse_number(rows[1][c]).has_value() && !is_missing(rows[1][c]);
    second_has_number = second_has_number || number_below;
    if (is_text_cell(first[c]) && (number_below || is_missing(rows[1][c]))) return true;
    // Garbage bytes: not a name, but not data either; refused as data below.
  }
  return all_text && second_has_number;
}

struct ColumnStats {
  bool any_number = false;
  bool any_text = false;
  std::size_t text_line = 0;  // the first text cell, for messages
  std::string text;
};

class Reader {
 public:
  Reader(std::string_view text, const std::string& path, const CsvOptions& options,
         const MappedFile* mapped = nullptr)
      : text_(text), path_(path), options_(options), mapped_(mapped) {}

  CsvData read() {
    data_.delimiter = options_.delimiter != 0 ? options_.delimiter : sniff_delimiter(text_);
    const bool header = options_.header == CsvHeader::kYes ||
                        (options_.header == CsvHeader::kAuto &&
                         detect_header(text_, delimiter(), options_.encoding));
    scan(header);
    check(columns_ > 0, "'{}' holds no data rows", path_);
    label_ = find_label_column(options_.label_column);
    choose_columns();
    read_cells(header);
    check(rows_ > 0, "'{}' holds no data rows{}", path_,
          data_.dropped > 0 ? fmt::format(" ({} dropped for missing values)", data_.dropped) : "");
    build_features();
    if (label_ && !options_.ignore_label) build_labels();
    return std::move(data_);
  }

 private:
  char delimiter() const { return data_.delimiter; }

  std::string column_text(std::size_t c) const {
    return names_.empty() ? std::to_string(c + 1)
                          : fmt::format("{} ({})", c + 1, shown_field(names_[c]));
  }
  std::string column_name(std::size_t c) const {
    return names_.empty() ? fmt::format("column_{}", c) : names_[c];
  }

  // Header, column count, ragged rows, and what every column holds.
  void scan(bool header) {
    bool first = true;
    std::vector<std::string_view> fields;
    for_each_line(text_, [&](std::size_t line, std::string_view text) {
      release_before(text);
      split_fields(text, delimiter(), fields);
      if (first) {
        first = false;
        columns_ = fields.size();
        stats_.resize(columns_);
        if (header) {
          for (std::string_view f : fields) names_.emplace_back(f);
          return true;
        }
      }
      ++data_.file_rows;
      if (fields.size() != columns_) {  // reported in line order, by read_cells
        if (ragged_line_ == 0) ragged_line_ = line, ragged_fields_ = fields.size();
        return true;
      }
      for (std::size_t c = 0; c < columns_; ++c) {
        ColumnStats& s = stats_[c];
        if (is_missing(fields[c])) continue;
        if (parse_number(fields[c])) {
          s.any_number = true;
        } else if (is_text(fields[c]) && !s.any_text) {
          s.any_text = true;
          s.text_line = line;
          s.text = fields[c];
        }
      }
      return true;
    });
  }

  std::optional<std::size_t> find_label_column(const std::string& spec) const {
    if (spec.empty() || spec == "none") return std::nullopt;
    long index = 0;
    const auto [end, error] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
    if (error == std::errc() && end == spec.data() + spec.size()) {
      const long columns = static_cast<long>(columns_);
      check(index >= -columns && index < columns,
            "'{}': label column {} is out of range for {} columns", path_, spec, columns_);
      return static_cast<std::size_t>(index < 0 ? index + columns : index);
    }
    for (std::size_t c = 0; c < names_.size(); ++c)
      if (names_[c] == spec) return c;
    if (names_.empty())
      throw Error(
          fmt::format("'{}': label column '{}' is a name but the file has no header", path_, spec));
    std::string names;
    for (std::size_t c = 0; c < names_.size() && c < 20; ++c)
      names += (names.empty() ? "" : ", ") + shown_field(names_[c]);
    if (names_.size() > 20) names += ", ...";
    throw Error(fmt::format("'{}': no column named '{}' (columns: {})", path_, spec, names));
  }

  std::set<std::size_t> listed_categorical() const {
    std::set<std::size_t> listed;
    std::string_view rest = options_.categorical;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string item(trim(rest.substr(0, comma), ','));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (item.empty()) continue;
      bool found = false;
      for (std::size_t c = 0; c < names_.size(); ++c)
        if (names_[c] == item) listed.insert(c), found = true;
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), index);
      if (!found && error == std::errc() && end == item.data() + item.size() && index < columns_)
        listed.insert(index), found = true;
      check(found,
            "'{}': --categorical names '{}', which is not a column name or index of the file",
            path_, item);
    }
    return listed;
  }

  // Which columns are features, and which of those are categorical.
  void choose_columns() {
    categorical_.assign(columns_, false);
    std::set<std::size_t> listed;
    if (!options_.encoding && options_.categorical != "auto" && options_.categorical != "none")
      listed = listed_categorical();
    std::size_t f = 0;
    for (std::size_t c = 0; c < columns_; ++c) {
      if (label_ && c == *label_) continue;
      if (options_.encoding) {
        if (f < options_.encoding->columns.size())
          categorical_[c] = !options_.encoding->columns[f].categories.empty();
      } else if (options_.categorical == "auto") {
        categorical_[c] = stats_[c].any_text && !stats_[c].any_number;
      } else {
        categorical_[c] = listed.contains(c);
      }
      ++f;
    }
    check(f > 0, "'{}': no feature columns besides the label", path_);
    const Preprocessing* e = options_.encoding;
    if (e && !e->columns.empty())
      check(f == e->columns.size(),
            "'{}' has {} feature columns but the model was trained on {} ({}){}", path_, f,
            e->columns.size(), column_list(e->columns),
            f == e->columns.size() + 1 ? " (drop a label column with --label_column)" : "");
    label_text_ = false;
    if (label_ && !options_.ignore_label) {
      const ColumnStats& s = stats_[*label_];
      if (e) {
        label_text_ = !e->class_names.empty();
      } else if (s.any_text) {
        check(options_.task != Task::kRegression,
              "'{}' line {}, column {}: label '{}' is text, but --task regression needs numbers "
              "(leave --task out to classify by the text labels)",
              path_, s.text_line, column_text(*label_), shown_field(s.text));
        label_text_ = true;
      }
    }
    dictionaries_.resize(columns_);
  }

  static std::string column_list(const std::vector<FeatureColumn>& columns) {
    std::string text;
    for (std::size_t c = 0; c < columns.size() && c < 10; ++c)
      text += (text.empty() ? "" : ", ") + shown_field(columns[c].name);
    return text + (columns.size() > 10 ? ", ..." : "");
  }

  bool encoded(std::size_t c) const {
    return categorical_[c] || (label_ && c == *label_ && label_text_);
  }

  // The known categories of column c: the model's (features or classes), or none yet.
  const std::vector<std::string>* known_categories(std::size_t c) const {
    const Preprocessing* e = options_.encoding;
    if (!e) return nullptr;
    if (label_ && c == *label_) return &e->class_names;
    const std::size_t f = label_ && c > *label_ ? c - 1 : c;
    return f < e->columns.size() ? &e->columns[f].categories : nullptr;
  }

  float category_id(std::size_t line, std::size_t c, std::string_view cell) {
    check(is_text(cell), "'{}' line {}, column {}: '{}' is not a number nor text", path_, line,
          column_text(c), shown_field(cell));
    if (const std::vector<std::string>* known = known_categories(c)) {
      const auto it = std::lower_bound(known->begin(), known->end(), cell);
      if (it == known->end() || *it != cell) {
        const bool is_label = label_ && c == *label_;
        throw Error(fmt::format(
            "'{}' line {}, column {}: {} '{}' was not seen in training (known: {}); {}", path_,
            line, column_text(c), is_label ? "class" : "category", shown_field(cell),
            fmt::join(known->begin(), known->begin() + std::min<std::size_t>(known->size(), 20),
                      ", "),
            is_label ? "a model only knows the classes it was trained on"
                     : "retrain with data that has it, or change the cell to a known category"));
      }
      return static_cast<float>(it - known->begin());
    }
    std::map<std::string, std::size_t, std::less<>>& dict = dictionaries_[c];
    auto it = dict.find(cell);
    if (it == dict.end()) {
      const bool is_label = label_ && c == *label_;
      const bool auto_chosen = !is_label && options_.categorical == "auto";
      const std::size_t limit = auto_chosen ? kMaxAutoCategories : kMaxCategories;
      check(dict.size() < limit,
            "'{}' line {}, column {}: more than {} distinct texts look like names or ids, not {}; "
            "{}",
            path_, line, column_text(c), limit, is_label ? "classes" : "categories",
            is_label      ? "a label column of text needs few distinct classes"
            : auto_chosen ? "remove the column, or name it in --categorical to one-hot encode it"
                          : "remove the column");
      it = dict.emplace(std::string(cell), dict.size()).first;
    }
    return static_cast<float>(it->second);
  }

  float number(std::size_t line, std::size_t c, std::string_view cell) const {
    const std::optional<float> v = parse_number(cell);
    if (!v) {
      std::string hint;
      if (label_ && c == *label_)
        hint = "; regression needs numeric labels";
      else if (stats_[c].any_text && stats_[c].any_number)
        hint = fmt::format(
            "; the column mixes numbers and text: fix the cell, write NA for a missing value, or "
            "list the column in --categorical to encode it as text");
      else if (is_text(cell))
        hint = "; --categorical auto one-hot encodes text columns";
      throw Error(fmt::format("'{}' line {}, column {}: '{}' is not a number{}", path_, line,
                              column_text(c), shown_field(cell), hint));
    }
    check(std::isfinite(*v) || cell.find_first_of("iI") == std::string_view::npos,
          "'{}' line {}, column {}: {} values are not allowed", path_, line, column_text(c),
          shown_field(cell));
    check(std::isfinite(*v), "'{}' line {}, column {}: {} is beyond the float range (+-3.4e38)",
          path_, line, column_text(c), shown_field(cell));
    return *v;
  }

  [[noreturn]] void throw_ragged() const {
    throw Error(fmt::format(
        "'{}' line {}: {} fields, expected {} like the first row (fields split at {}; pass "
        "--delimiter to choose another)",
        path_, ragged_line_, ragged_fields_, columns_, delimiter_name(delimiter())));
  }

  void read_cells(bool header) {
    bool skip = header;
    std::vector<std::string_view> fields;
    std::vector<float> row(columns_);
    const distributed::Share part =
        distributed::block(data_.file_rows, options_.part, options_.parts);
    std::size_t index = 0;  // of the data row, kept or not
    for_each_line(text_, [&](std::size_t line, std::string_view text) {
      if (skip) {
        skip = false;
        return true;
      }
      if (line == ragged_line_) throw_ragged();
      release_before(text);
      split_fields(text, delimiter(), fields);
      const bool mine = index >= part.begin && index - part.begin < part.count;
      ++index;
      for (std::size_t c = 0; c < columns_; ++c) {
        if (label_ && c == *label_ && options_.ignore_label) continue;
        const std::string_view cell = fields[c];
        if (is_missing(cell)) {
          const bool is_label = label_ && c == *label_;
          check(options_.missing != MissingValues::kError,
                "'{}' line {}, column {}: missing value '{}'; {}", path_, line, column_text(c),
                shown_field(cell), kMissingHint);
          if (options_.missing == MissingValues::kDrop) {
            ++data_.dropped;
            return true;
          }
          check(!is_label,
                "'{}' line {}, column {}: the label is missing ('{}') and --missing mean cannot "
                "fill in labels; pass --missing drop to skip such rows",
                path_, line, column_text(c), shown_field(cell));
          row[c] = std::numeric_limits<float>::quiet_NaN();
        } else {
          row[c] = encoded(c) ? category_id(line, c, cell) : number(line, c, cell);
        }
      }
      if (label_ && !options_.ignore_label) {  // the task is chosen from every part's labels
        all_labels_.push_back(row[*label_]);
        all_lines_.push_back(line);
      }
      if (!mine) return true;
      values_.insert(values_.end(), row.begin(), row.end());
      data_.lines.push_back(line);
      ++rows_;
      return true;
    });
  }

  // Categories sorted by name, and the ids read renumbered to match.
  std::vector<std::string> sorted_categories(std::size_t c) {
    if (const std::vector<std::string>* known = known_categories(c)) return *known;
    std::vector<std::string> names;
    std::vector<float> order(dictionaries_[c].size());
    for (const auto& [name, id] : dictionaries_[c]) {
      order[id] = static_cast<float>(names.size());  // the map iterates in sorted order
      names.push_back(name);
    }
    for (std::size_t r = 0; r < rows_; ++r) {
      float& v = values_[r * columns_ + c];
      if (!std::isnan(v)) v = order[static_cast<std::size_t>(v)];
    }
    return names;
  }

  void build_features() {
    std::size_t width = 0;
    for (std::size_t c = 0; c < columns_; ++c) {
      if (label_ && c == *label_) continue;
      FeatureColumn column{column_name(c), {}};
      if (categorical_[c]) {
        column.categories = sorted_categories(c);
        check(!column.categories.empty(),
              "'{}' column {}: a categorical column with no values (every cell is missing)", path_,
              column_text(c));
        for (const std::string& category : column.categories)
          data_.feature_names.push_back(column.name + "=" + category);
        width += column.categories.size();
      } else {
        data_.feature_names.push_back(column.name);
        ++width;
      }
      data_.columns.push_back(std::move(column));
    }
    data_.features = Tensor(Shape{rows_, width});
    for (std::size_t r = 0; r < rows_; ++r) {
      float* out = data_.features.row(r);
      std::size_t f = 0, j = 0;
      for (std::size_t c = 0; c < columns_; ++c) {
        if (label_ && c == *label_) continue;
        const float v = values_[r * columns_ + c];
        const std::size_t k = data_.columns[f++].categories.size();
        if (k == 0) {
          out[j++] = v;
          continue;
        }
        for (std::size_t i = 0; i < k; ++i)
          out[j + i] = std::isnan(v) ? v : (static_cast<std::size_t>(v) == i ? 1.0f : 0.0f);
        j += k;
      }
    }
  }

  void build_labels() {
    const std::size_t c = *label_;
    data_.label_name = column_name(c);
    data_.labels = Tensor(Shape{rows_, 1});
    if (label_text_) data_.class_names = sorted_categories(c);
    for (std::size_t r = 0; r < rows_; ++r) data_.labels[r] = values_[r * columns_ + c];
    if (label_text_) {
      data_.task = Task::kClassification;
      data_.classes = data_.class_names.size();
      data_.task_reason =
          fmt::format("label '{}' holds text: {} classes", data_.label_name, data_.classes);
      return;
    }
    detect_task();
  }

  void detect_task() {
    const std::vector<float>& labels = all_labels_;
    bool integers = true;
    std::size_t fraction_row = 0;
    std::set<float> distinct;
    for (std::size_t r = 0; r < labels.size(); ++r) {
      const float v = labels[r];
      if (v != std::floor(v) && integers) integers = false, fraction_row = r;
      if (distinct.size() <= kMaxAutoClasses) distinct.insert(v);
    }
    const std::string& name = data_.label_name;
    if (options_.task) {
      data_.task = *options_.task;
      data_.task_reason = fmt::format("--task {}", to_string(data_.task));
    } else if (!integers) {
      data_.task = Task::kRegression;
      data_.task_reason = fmt::format("label '{}' has fractional values ({} on line {})", name,
                                      labels[fraction_row], all_lines_[fraction_row]);
    } else if (distinct.size() > kMaxAutoClasses) {
      data_.task = Task::kRegression;
      data_.task_reason =
          fmt::format("label '{}' has more than {} distinct integers, too many for classes", name,
                      kMaxAutoClasses);
    } else {
      const float low = *distinct.begin(), high = *distinct.rbegin();
      const bool classes =
          low >= 0.0f && low <= 1.0f && static_cast<std::size_t>(high - low) + 1 == distinct.size();
      data_.task = classes ? Task::kClassification : Task::kRegression;
      data_.task_reason =
          classes ? fmt::format("label '{}' holds the integers {:g} to {:g}", name, low, high)
                  : fmt::format(
                        "label '{}' holds {} distinct integers from {:g} to {:g}, with "
                        "gaps{}: not class numbers",
                        name, distinct.size(), low, high, low < 0.0f ? " or below 0" : "");
    }
    if (data_.task == Task::kRegression) return;
    float largest = 0.0f;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const float v = labels[i];
      check(v >= 0.0f && v <= kMaxClassLabel && v == std::floor(v),
            "'{}': data row {}: label {} is not a class index (an integer from 0 to {}, line {}); "
            "use --task regression for real-valued targets",
            path_, i + 1, v, kMaxClassLabel, all_lines_[i]);
      largest = std::max(largest, v);
    }
    data_.classes = static_cast<std::size_t>(largest) + 1;
  }

  // A pass over a mapped file gives back, every 4 MiB, the pages before `line`: they are read
  // again by the next pass, but a rank of a sharded run holds little more than its own rows.
  void release_before(std::string_view line) {
    if (mapped_ == nullptr) return;
    const auto at = static_cast<std::size_t>(line.data() - text_.data());
    if (at < released_) released_ = 0;  // the next pass began
    if (at - released_ < (std::size_t{4} << 20) && at + line.size() < text_.size()) return;
    mapped_->release(0, at);
    released_ = at;
  }

  std::string_view text_;
  const std::string& path_;
  const CsvOptions& options_;
  const MappedFile* mapped_ = nullptr;
  std::size_t released_ = 0;
  CsvData data_;
  std::vector<std::string> names_;
  std::size_t columns_ = 0;
  std::size_t ragged_line_ = 0;  // the first line with another field count, if any
  std::size_t ragged_fields_ = 0;
  std::vector<ColumnStats> stats_;
  std::optional<std::size_t> label_;
  bool label_text_ = false;
  std::vector<bool> categorical_;
  std::vector<std::map<std::string, std::size_t, std::less<>>> dictionaries_;
  std::vector<float> values_;  // rows x columns: numbers, category ids, NaN for missing
  std::size_t rows_ = 0;
  std::vector<float> all_labels_;  // the labels of every part's rows kept, and their lines
  std::vector<std::size_t> all_lines_;
};

}  // namespace

CsvHeader parse_csv_header(const std::string& text) {
  if (text == "auto") return CsvHeader::kAuto;
  if (text == "yes" || text == "true" || text == "1") return CsvHeader::kYes;
  if (text == "no" || text == "false" || text == "0") return CsvHeader::kNo;
  throw Error(fmt::format("unknown header setting '{}' (expected auto, yes or no)", text));
}

MissingValues parse_missing_values(const std::string& text) {
  if (text == "error") return MissingValues::kError;
  if (text == "drop") return MissingValues::kDrop;
  if (text == "mean") return MissingValues::kMean;
  throw Error(fmt::format("unknown missing-value setting '{}' (expected error, drop or mean)",
                          printable(text)));
}

std::string to_string(MissingValues missing) {
  switch (missing) {
    case MissingValues::kDrop:
      return "drop";
    case MissingValues::kMean:
      return "mean";
    default:
      return "error";
  }
}

char parse_delimiter(const std::string& text) {
  if (text == "auto") return 0;
  if (text == "tab" || text == "\t" || text == "\\t") return '\t';
  if (text == "space") return ' ';
  if (text == "," || text == ";" || text == "|" || text == ":") return text[0];
  throw Error(fmt::format(
      "unknown delimiter '{}' (expected auto, ',', ';', tab, '|', ':' or space)", printable(text)));
}

std::string delimiter_name(char delimiter) {
  switch (delimiter) {
    case ',':
      return "','";
    case ';':
      return "';'";
    case '\t':
      return "tab";
    case ' ':
      return "space";
    default:
      return fmt::format("'{}'", delimiter);
  }
}

CsvData read_csv(const std::string& path, const CsvOptions& options) {
  // A part of a plain file is parsed from a mapping, its pages given back as the passes go.
  if (options.parts > 1 && std::filesystem::is_regular_file(path)) {
    const MappedFile file(path);
    const std::span<const unsigned char> bytes = file.bytes();
    if (bytes.size() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) {  // not gzip
      CsvData data =
          Reader({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, path, options, &file)
              .read();
      file.release(0, bytes.size());
      return data;
    }
  }
  const std::vector<unsigned char> bytes = read_file_bytes(path, kCsvCostPerByte);
  return parse_csv({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, path, options);
}

CsvData parse_csv(std::string_view text, const std::string& path, const CsvOptions& options) {
  return Reader(text, path, options).read();
}

}  // namespace axon
