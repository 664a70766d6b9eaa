// Records: the monitored loss, the best epoch and the CSV form of an epoch.
#include "axon/train/records.hpp"

#include <fmt/format.h>

namespace axon {
namespace {

std::string optional_number(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string();
}

}  // namespace

double monitored_loss(const EpochRecord& record) { return record.val_loss.value_or(record.loss); }

const EpochRecord* best_epoch(const History& history) {
  const EpochRecord* best = nullptr;
  for (const EpochRecord& r : history)
    if (best == nullptr || monitored_loss(r) < monitored_loss(*best)) best = &r;
  return best;
}

std::string csv_header() {
  return "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds";
}

std::string csv_row(const EpochRecord& r) {
  return fmt::format("{},{},{},{},{},{},{}", r.epoch, r.loss, optional_number(r.accuracy),
                     optional_number(r.val_loss), optional_number(r.val_accuracy), r.learning_rate,
                     r.seconds);
}

}  // namespace axon
