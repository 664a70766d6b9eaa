// Checkpoints for `axon train`: which flags must match to resume, and the save after each epoch.
#include "checkpoint.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "axon/io/checkpoint_callback.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"
#include "data_source.hpp"

namespace axon::cli {
namespace {

// Flags that do not change what the run computes: a resumed run may set them differently.
const std::set<std::string> kFreeFlags = {"epochs", "verbose_epoch", "threads",          "save",
                                          "report", "checkpoint",    "checkpoint_every", "resume",
                                          "plots",  "plot_format",   "snapshot_epochs"};

// Every other flag, as JSON, and the number of ranks: saved in the checkpoint and compared on
// resume.
nlohmann::json run_settings(const TrainOptions& o) {
  nlohmann::json settings = to_json(o);
  for (const std::string& key : kFreeFlags) settings.erase(key);
  settings["ranks"] = distributed::size();
  return settings;
}

// The shuffle and the shares of each batch are the same on any number of ranks, but the sums of
// the gradients are not the same floats: a run resumes on as many ranks as wrote its checkpoint.
// A checkpoint without the count was written by one process.
void check_same_ranks(const std::string& path, const std::string& saved_text) {
  const nlohmann::json saved = nlohmann::json::parse(saved_text, nullptr, false);
  const auto it = saved.is_object() ? saved.find("ranks") : saved.end();
  const long long written = it != saved.end() && it->is_number_integer() ? it->get<long long>() : 1;
  const int now = distributed::size();
  check(written == now,
        "--resume '{}': the checkpoint was written by {}, this run has {}; resume it on as many "
        "(mpirun -np {})",
        path, count_of(static_cast<std::size_t>(std::max(written, 0LL)), "rank"),
        count_of(static_cast<std::size_t>(now), "rank"), written);
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

std::optional<LoadedCheckpoint> read_resume(const TrainOptions& o) {
  if (o.resume.empty()) return std::nullopt;
  std::vector<unsigned char> bytes;
  distributed::run_on_rank0([&] { bytes = read_file_bytes(o.resume); });
  distributed::broadcast_bytes(bytes);
  try {  // every rank checks the same bytes against the same flags: all fail alike
    LoadedCheckpoint checkpoint = parse_checkpoint(bytes, o.resume);
    check_same_ranks(o.resume, checkpoint.state.config);
    check_same_settings(o.resume, checkpoint.state.config, run_settings(o));
    const std::size_t done = checkpoint.state.history.size();
    check(done < o.epochs,
          "--resume '{}': the checkpoint already holds {} epochs; pass --epochs above {} to "
          "train further",
          o.resume, done, done);
    return checkpoint;
  } catch (const Error& e) {
    throw distributed::SharedError(e.what());
  }
}

ResumeState prepare_checkpoints(const TrainOptions& o, const ModelInfo& info, Trainer& trainer,
                                std::optional<LoadedCheckpoint>& resumed) {
  ResumeState resume;
  if (o.checkpoint.empty() && o.resume.empty()) return resume;
  const nlohmann::json settings = run_settings(o);
  if (resumed) {
    LoadedCheckpoint& checkpoint = *resumed;
    const std::size_t done = checkpoint.state.history.size();
    restore_training_state(checkpoint, trainer.model());
    resume.completed = checkpoint.state.history;
    resume.rng = checkpoint.state.model_rng;
    resume.partial = checkpoint.state.partial;
    if (resume.partial)
      fmt::print("Resuming from {} at batch {} of epoch {} of {}\n", o.resume,
                 resume.partial->batches + 1, resume.partial->epoch, o.epochs);
    else
      fmt::print("Resuming from {} after epoch {} of {}\n", o.resume, done, o.epochs);
  }
  if (distributed::rank() != 0) return resume;  // rank 0 alone writes
  trainer.add(std::make_unique<CheckpointCallback>(
      CheckpointOptions{.path = o.checkpoint.empty() ? o.resume : o.checkpoint,
                        .every = o.checkpoint_every,
                        .info = info,
                        .config = settings.dump()}));
  return resume;
}

}  // namespace axon::cli
