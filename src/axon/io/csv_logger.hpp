// CsvLogger: the history of a run as a CSV file (train/records.hpp's csv_header and csv_row),
// rewritten atomically after every epoch, so the file is always whole: during a run it holds the
// epochs so far, and a crash leaves the last complete version.
#pragma once

#include <string>

#include "axon/train/callback.hpp"

namespace axon {

class CsvLogger : public Callback {
 public:
  /// Checks now that `path` may be written (not a link, directory or device).
  explicit CsvLogger(std::string path);

  /// Writes every record of trainer.history(), the resumed epochs included.
  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace axon
