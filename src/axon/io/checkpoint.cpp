// Checkpoints: the TRAN section's encoding, and restoring a checkpoint into a fresh model.
#include "axon/io/checkpoint.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr const char* kTag = "TRAN";
constexpr const char* kPartialTag = "PART";  // only in checkpoints of an interrupted epoch

void f64(ByteWriter& out, double v) { out.u64(std::bit_cast<std::uint64_t>(v)); }
double f64(ByteReader& in, const char* what) { return std::bit_cast<double>(in.u64(what)); }

void write_rng(ByteWriter& out, const Rng::State& s) {
  for (std::uint64_t w : s.words) out.u64(w);
  f64(out, s.spare_normal);
  out.u8(s.has_spare ? 1 : 0);
}

Rng::State read_rng(ByteReader& in) {
  Rng::State s;
  for (std::uint64_t& w : s.words) w = in.u64("a random state");
  s.spare_normal = f64(in, "a random state");
  s.has_spare = in.u8("a random state") != 0;
  return s;
}

void write_record(ByteWriter& out, const EpochRecord& r) {
  out.u64(r.epoch);
  f64(out, r.loss);
  out.u8(static_cast<std::uint8_t>((r.accuracy ? 1 : 0) | (r.val_loss ? 2 : 0) |
                                   (r.val_accuracy ? 4 : 0)));
  if (r.accuracy) f64(out, *r.accuracy);
  if (r.val_loss) f64(out, *r.val_loss);
  if (r.val_accuracy) f64(out, *r.val_accuracy);
  f64(out, r.seconds);
  f64(out, r.learning_rate);
}

EpochRecord read_record(ByteReader& in) {
  EpochRecord r;
  r.epoch = in.u64("an epoch number");
  r.loss = f64(in, "an epoch's loss");
  const std::uint8_t flags = in.u8("an epoch's flags");
  if (flags & 1) r.accuracy = f64(in, "an epoch's accuracy");
  if (flags & 2) r.val_loss = f64(in, "an epoch's validation loss");
  if (flags & 4) r.val_accuracy = f64(in, "an epoch's validation accuracy");
  r.seconds = f64(in, "an epoch's time");
  r.learning_rate = f64(in, "an epoch's learning rate");
  return r;
}

std::vector<unsigned char> encode(const TrainingState& state) {
  ByteWriter out;
  out.u64(state.history.size());
  for (const EpochRecord& r : state.history) write_record(out, r);
  write_rng(out, state.model_rng);
  out.u32(static_cast<std::uint32_t>(state.layer_rngs.size()));
  for (const auto& [layer, rng] : state.layer_rngs) {
    out.u32(layer);
    write_rng(out, rng);
  }
  out.string(state.config);
  return std::move(out.bytes());
}

TrainingState decode(std::span<const unsigned char> body, const std::string& path,
                     std::size_t layers) {
  ByteReader in(body, path + " [TRAN]");
  TrainingState state;
  const std::uint64_t epochs = in.u64("the epoch count");
  // Each record takes at least 33 bytes (no optional values): a damaged count is caught here.
  if (epochs > in.remaining() / 33)
    in.fail(fmt::format("{} epochs declared in {} bytes", epochs, in.remaining()));
  for (std::uint64_t e = 0; e < epochs; ++e) {
    state.history.push_back(read_record(in));
    if (state.history.back().epoch != e + 1)
      in.fail(fmt::format("record {} is of epoch {}", e + 1, state.history.back().epoch));
  }
  state.model_rng = read_rng(in);
  const std::uint32_t count = in.u32("the random stream count");
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t layer = in.u32("a layer index");
    if (layer >= layers) in.fail(fmt::format("layer index {} of {} layers", layer, layers));
    state.layer_rngs.emplace_back(layer, read_rng(in));
  }
  state.config = in.string("the run's settings");
  if (!in.at_end()) in.fail(fmt::format("{} unexpected bytes at the end", in.remaining()));
  return state;
}

std::vector<unsigned char> encode(const PartialEpoch& p) {
  ByteWriter out;
  out.u64(p.epoch);
  out.u64(p.batches);
  f64(out, p.loss_sum);
  out.u64(p.samples);
  out.u64(p.correct);
  f64(out, p.seconds);
  return std::move(out.bytes());
}

PartialEpoch decode_partial(std::span<const unsigned char> body, const std::string& path,
                            std::size_t completed) {
  ByteReader in(body, path + " [PART]");
  PartialEpoch p;
  p.epoch = in.u64("the partial epoch's number");
  p.batches = in.u64("the partial epoch's batch count");
  p.loss_sum = f64(in, "the partial epoch's loss");
  p.samples = in.u64("the partial epoch's sample count");
  p.correct = in.u64("the partial epoch's correct count");
  p.seconds = f64(in, "the partial epoch's time");
  if (!in.at_end()) in.fail(fmt::format("{} unexpected bytes at the end", in.remaining()));
  if (p.epoch != completed + 1)
    in.fail(fmt::format("the partial epoch is epoch {} after {} completed", p.epoch, completed));
  if (p.batches == 0 || p.samples < p.batches || p.correct > p.samples)
    in.fail(fmt::format("{} batches, {} samples and {} correct do not fit together", p.batches,
                        p.samples, p.correct));
  if (!std::isfinite(p.loss_sum) || !std::isfinite(p.seconds) || p.seconds < 0)
    in.fail(fmt::format("loss sum {} and time {} s", p.loss_sum, p.seconds));
  return p;
}

void check_finite(Sequential& model, const std::string& path) {
  for (auto& [name, parameter] : model.named_parameters())
    for (const float v : parameter->values())
      check(std::isfinite(v), "not writing the checkpoint '{}': {} holds {}", path, name, v);
}

}  // namespace

TrainingState capture_training_state(Sequential& model, History history, std::string config,
                                     std::optional<PartialEpoch> partial) {
  TrainingState state;
  state.partial = partial;
  state.history = std::move(history);
  state.model_rng = model.rng().state();
  for (std::size_t i = 0; i < model.size(); ++i)
    for (const Rng* stream : model.layer(i).random_streams())
      state.layer_rngs.emplace_back(static_cast<std::uint32_t>(i), stream->state());
  state.config = std::move(config);
  return state;
}

void save_checkpoint(const std::string& path, Sequential& model, ModelInfo info,
                     const TrainingState& state) {
  check_finite(model, path);
  info.extra_sections.emplace_back(kTag, encode(state));
  if (state.partial) info.extra_sections.emplace_back(kPartialTag, encode(*state.partial));
  save_model(path, model, info);
}

LoadedCheckpoint load_checkpoint(const std::string& path) {
  return parse_checkpoint(read_file_bytes(path), path);
}

LoadedCheckpoint parse_checkpoint(std::span<const unsigned char> bytes, const std::string& path) {
  LoadedCheckpoint checkpoint{parse_model(bytes, path), {}};
  auto& sections = checkpoint.saved.info.extra_sections;
  const auto it = std::find_if(sections.begin(), sections.end(),
                               [](const auto& section) { return section.first == kTag; });
  check(it != sections.end(),
        "'{}' is a model file without training state (written by --save, not --checkpoint)", path);
  checkpoint.state = decode(it->second, path, checkpoint.saved.model.size());
  sections.erase(it);
  const auto partial = std::find_if(sections.begin(), sections.end(), [](const auto& section) {
    return section.first == kPartialTag;
  });
  if (partial != sections.end()) {
    checkpoint.state.partial =
        decode_partial(partial->second, path, checkpoint.state.history.size());
    sections.erase(partial);
  }
  return checkpoint;
}

void restore_training_state(LoadedCheckpoint& checkpoint, Sequential& model) {
  Sequential& saved = checkpoint.saved.model;
  model.build();
  check(saved.size() == model.size() && saved.parameter_count() == model.parameter_count(),
        "the checkpoint holds {} layers and {} parameters, this model {} and {}", saved.size(),
        saved.parameter_count(), model.size(), model.parameter_count());
  for (std::size_t i = 0; i < model.size(); ++i)
    check(saved.layer(i).name() == model.layer(i).name(),
          "layer {} is a {} in the checkpoint but a {} in this model", i + 1, saved.layer(i).name(),
          model.layer(i).name());
  const auto saved_parameters = saved.named_parameters(), parameters = model.named_parameters();
  for (std::size_t i = 0; i < parameters.size() && i < saved_parameters.size(); ++i)
    check(saved_parameters[i].second->shape == parameters[i].second->shape,
          "{} has shape {} in the checkpoint but {} in this model", parameters[i].first,
          saved_parameters[i].second->shape.to_string(), parameters[i].second->shape.to_string());
  const std::span<const float> values = saved.parameters().values();
  std::copy(values.begin(), values.end(), model.parameters().values().begin());
  for (std::size_t i = 0; i < model.size(); ++i) {
    const std::vector<Tensor*> from = saved.layer(i).buffers(), to = model.layer(i).buffers();
    for (std::size_t b = 0; b < from.size() && b < to.size(); ++b) *to[b] = *from[b];
  }
  Optimizer& source = *saved.optimizer();
  Optimizer& target = *model.optimizer();
  check(source.name() == target.name(), "the checkpoint was trained with {}, this run uses {}",
        source.name(), target.name());
  const std::vector<Tensor*> from = source.state(), to = target.state();
  check(from.size() == to.size(), "optimizer state: {} tensors saved, {} expected", from.size(),
        to.size());
  for (std::size_t i = 0; i < from.size(); ++i) *to[i] = *from[i];
  target.set_steps(source.steps());
  // Each layer's streams, in the order it lists them.
  std::vector<std::size_t> restored(model.size(), 0);
  for (const auto& [layer, state] : checkpoint.state.layer_rngs) {
    const std::vector<Rng*> streams = model.layer(layer).random_streams();
    check(restored[layer] < streams.size(),
          "the checkpoint holds more random streams for layer {} ({}) than it has", layer + 1,
          model.layer(layer).name());
    streams[restored[layer]++]->set_state(state);
  }
}

}  // namespace axon
