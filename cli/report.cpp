// The JSON report: history and metrics as JSON, written atomically.
#include "report.hpp"

#include "axon/io/file_bytes.hpp"
#include "shortest_number.hpp"

namespace axon::cli {

nlohmann::json history_json(const History& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const EpochRecord& r : history) {
    nlohmann::json e = {{"epoch", r.epoch}, {"loss", r.loss}};
    if (r.accuracy) e["accuracy"] = *r.accuracy;
    if (r.val_loss) e["val_loss"] = *r.val_loss;
    if (r.val_accuracy) e["val_accuracy"] = *r.val_accuracy;
    // The optimizer keeps a float: 0.001, not 0.0010000000474974513.
    e["learning_rate"] = shortest_double(static_cast<float>(r.learning_rate));
    e["seconds"] = r.seconds;
    out.push_back(std::move(e));
  }
  return out;
}

nlohmann::json metrics_json(const Metrics& m) {
  nlohmann::json out = {{"loss", m.loss}};
  if (m.accuracy) out["accuracy"] = *m.accuracy;
  if (m.mse) out["mse"] = *m.mse;
  if (m.mae) out["mae"] = *m.mae;
  if (m.r2) out["r2"] = *m.r2;
  out["samples"] = m.samples;
  return out;
}

std::string json_text(const nlohmann::json& report) {
  return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_json(const std::string& path, const nlohmann::json& report) {
  const std::string text = json_text(report);
  write_file_atomically(path, {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
}

}  // namespace axon::cli
