// EpochLogger: which epochs get a line, and the line.
#include "axon/train/epoch_logger.hpp"

#include <ostream>

#include <fmt/format.h>

#include "axon/train/trainer.hpp"

namespace axon {

EpochLogger::EpochLogger(std::ostream& out, std::size_t every) : out_(out), every_(every) {}

void EpochLogger::on_epoch_end(Trainer& trainer, const EpochRecord& record) {
  if (every_ == 0) return;
  const std::size_t epochs = trainer.options().epochs;
  const bool keep = record.epoch == 1 || record.epoch % every_ == 0 || record.epoch == epochs ||
                    trainer.stop_requested();
  if (keep) out_ << epoch_line(record, epochs) << '\n' << std::flush;
}

std::string epoch_line(const EpochRecord& r, std::size_t epochs) {
  std::string line = fmt::format("Epoch {}/{}  loss {:.6f}", r.epoch, epochs, r.loss);
  if (r.accuracy) line += fmt::format("  accuracy {:.4f}", *r.accuracy);
  if (r.val_loss) line += fmt::format("  val_loss {:.6f}", *r.val_loss);
  if (r.val_accuracy) line += fmt::format("  val_accuracy {:.4f}", *r.val_accuracy);
  return line + fmt::format("  {:.2f} s", r.seconds);
}

}  // namespace axon
