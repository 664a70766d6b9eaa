// CsvLogger: the whole history, written through write_file_atomically.
#include "axon/io/csv_logger.hpp"

#include <span>

#include "axon/io/file_bytes.hpp"
#include "axon/train/trainer.hpp"

namespace axon {

CsvLogger::CsvLogger(std::string path) : path_(std::move(path)) { check_output_file(path_); }

void CsvLogger::on_epoch_end(Trainer& trainer, const EpochRecord& /*record*/) {
  std::string text = csv_header() + "\n";
  for (const EpochRecord& r : trainer.history()) text += csv_row(r) + "\n";
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  write_file_atomically(path_, std::span<const unsigned char>(bytes, text.size()));
}

}  // namespace axon
