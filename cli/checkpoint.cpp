// Checkpoints for `axon train`: which flags must match to resume, and the save after each epoch.
#include "checkpoint.hpp"

#include <memory>
#include <set>

#include <fmt/format.h>

#include "axon/io/checkpoint.hpp"
#include "axon/io/checkpoint_callback.hpp"
#include "axon/tensor/error.hpp"

namespace axon::cli {
namespace {

// Flags that do not change what the run computes: a resumed run may set them differently.
const std::set<std::string> kFreeFlags = {"epochs", "verbose_epoch", "threads",          "save",
                                          "report", "checkpoint",    "checkpoint_every", "resume",
                                          "plots",  "plot_format",   "snapshot_epochs"};

// Every other flag, as JSON: saved in the checkpoint and compared on resume.
nlohmann::json run_settings(const TrainOptions& o) {
  nlohmann::json settings = to_json(o);
  for (const std::string& key : kFreeFlags) settings.erase(key);
  return settings;
}

void check_same_settings(const std::string& path, const std::string& saved_text,
                         const nlohmann::json& now) {
  const nlohmann::json saved = nlohmann::json::parse(saved_text, nullptr, false);
  check(!saved.is_discarded() && saved.is_object(),
        "'{}': the checkpoint's settings are unreadable", path);
  for (const auto& [key, value] : now.items()) {
    if (!saved.contains(key) || saved[key] == value) continue;
    throw Error(fmt::format(
        "--resume '{}': the checkpoint was trained with --{} {}, this run has --{} {}; resume with "
        "the flags of the first run (only --epochs, --checkpoint, --save, --report, --threads and "
        "display flags may change)",
        path, key, saved[key].dump(), key, value.dump()));
  }
}

}  // namespace

ResumeState prepare_checkpoints(const TrainOptions& o, const ModelInfo& info, Trainer& trainer) {
  ResumeState resume;
  if (o.checkpoint.empty() && o.resume.empty()) return resume;
  const nlohmann::json settings = run_settings(o);
  if (!o.resume.empty()) {
    check(o.early_stopping == 0,
          "--resume does not support --early_stopping (the best weights so far are not in the "
          "checkpoint)");
    LoadedCheckpoint checkpoint = load_checkpoint(o.resume);
    check_same_settings(o.resume, checkpoint.state.config, settings);
    const std::size_t done = checkpoint.state.history.size();
    check(done < o.epochs,
          "--resume '{}': the checkpoint already holds {} epochs; pass --epochs above {} to train "
          "further",
          o.resume, done, done);
    restore_training_state(checkpoint, trainer.model());
    resume.completed = checkpoint.state.history;
    resume.rng = checkpoint.state.model_rng;
    fmt::print("Resuming from {} after epoch {} of {}\n", o.resume, done, o.epochs);
  }
  trainer.add(std::make_unique<CheckpointCallback>(
      CheckpointOptions{.path = o.checkpoint.empty() ? o.resume : o.checkpoint,
                        .every = o.checkpoint_every,
                        .info = info,
                        .config = settings.dump()}));
  return resume;
}

}  // namespace axon::cli
