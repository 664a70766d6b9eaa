// Fuzz target: CSV text through parse_csv. The first byte picks the header mode, the label column,
// the task and the missing-value policy, so every path of the reader is reached; the rest is the
// text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "axon/io/csv_reader.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  axon::CsvOptions options;
  options.header = choice % 3 == 0   ? axon::CsvHeader::kAuto
                   : choice % 3 == 1 ? axon::CsvHeader::kYes
                                     : axon::CsvHeader::kNo;
  const char* columns[] = {"-1", "0", "none", "label", "2", "-3"};
  options.label_column = columns[(choice / 3) % 6];
  if ((choice / 18) % 3 == 1) options.task = axon::Task::kClassification;
  if ((choice / 18) % 3 == 2) options.task = axon::Task::kRegression;
  const axon::MissingValues policies[] = {axon::MissingValues::kError, axon::MissingValues::kDrop,
                                          axon::MissingValues::kMean};
  options.missing = policies[(choice / 54) % 3];
  const std::string source = "fuzz.csv";
  try {
    const axon::CsvData csv =
        axon::parse_csv({reinterpret_cast<const char*>(data + 1), size - 1}, source, options);
    if (csv.features.rows() == 0 || csv.features.cols() != csv.feature_names.size()) std::abort();
    // The reader promises finite values; NaN marks a missing cell only under kMean.
    for (const float v : csv.features.values())
      if (std::isinf(v) || (std::isnan(v) && options.missing != axon::MissingValues::kMean))
        std::abort();
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
