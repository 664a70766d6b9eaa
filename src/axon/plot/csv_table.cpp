// CsvTable: quoting cells that need it, and writing the file.
#include "axon/plot/csv_table.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon::plot {
namespace {

std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void write_line(std::ofstream& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) out << (i > 0 ? "," : "") << cell(cells[i]);
  out << '\n';
}

}  // namespace

CsvTable::CsvTable(std::vector<std::string> header) : header_(std::move(header)) {}

void CsvTable::add_row(std::vector<std::string> cells) {
  check(cells.size() == header_.size(), "CSV row has {} cells but the header has {}", cells.size(),
        header_.size());
  rows_.push_back(std::move(cells));
}

void CsvTable::write(const std::string& path) const {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::ofstream out(path);
  check(out.good(), "cannot write '{}'", path);
  write_line(out, header_);
  for (const auto& row : rows_) write_line(out, row);
  check(out.good(), "cannot write '{}'", path);
}

std::string CsvTable::number(double value) {
  return std::isnan(value) ? std::string() : fmt::format("{:.7g}", value);
}

}  // namespace axon::plot
