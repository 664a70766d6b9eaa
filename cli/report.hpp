// The JSON report of `axon train --report FILE.json`:
//   {"config": {every flag}, "model": {...}, "history": [{"epoch", "loss", "accuracy",
//    "val_loss", "val_accuracy", "seconds"}, ...], "test": {"loss", "accuracy"} or
//    {"loss", "mse", "mae", "r2"}, "train_seconds": ...}
// Accuracies are fractions in [0, 1]; fields that do not apply are left out.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "axon/model/metrics.hpp"
#include "axon/train/records.hpp"

namespace axon::cli {

nlohmann::json history_json(const History& history);
nlohmann::json metrics_json(const Metrics& metrics);

/// `report` as indented JSON text ending in a newline. Strings that are not UTF-8 (a path named
/// in another encoding) have their bad bytes replaced by U+FFFD instead of failing the dump.
std::string json_text(const nlohmann::json& report);

/// Writes `report` to `path` (atomically), as json_text.
void write_json(const std::string& path, const nlohmann::json& report);

}  // namespace axon::cli
