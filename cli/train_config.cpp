// TrainConfig: each flag parsed by the library's own reader, its errors prefixed with the flag.
#include "train_config.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/layers/activations.hpp"
#include "axon/losses/loss.hpp"
#include "axon/tensor/error.hpp"
#include "model_spec.hpp"

namespace axon::cli {
namespace {

// Runs `parse`; an axon::Error it throws comes back starting with `flag`.
template <typename Parse>
auto with_flag(const char* flag, Parse&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const Error& e) {
    throw Error(std::string(flag) + ": " + e.what());
  }
}

// "relu" or "relu,relu,tanh": every name one make_activation knows.
void check_activations(const std::string& text) {
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    make_activation(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

// --warmup replaces a warm-up the schedule's text gives.
LrSchedule schedule_of(const TrainOptions& o) {
  const LrSchedule schedule =
      with_flag("--lr_schedule", [&] { return LrSchedule::parse(o.lr_schedule); });
  return o.warmup > 0 ? schedule.with_warmup(o.warmup) : schedule;
}

}  // namespace

TrainConfig parse_train_config(const TrainOptions& o) {
  TrainConfig c;
  c.flags = o;
  c.layers = parse_layer_sizes(o.layers);  // its errors name --layers already
  if (!o.model.empty()) {
    const std::vector<std::string>& given = o.mlp_flags_given;
    check(std::find(given.begin(), given.end(), "--layers") == given.end(),
          "--model and --layers both describe the layers; give one of them");
    check(given.empty(),
          "--model describes every layer, so {} cannot apply; put activations, dropout and "
          "batchnorm inside --model",
          fmt::format("{}", fmt::join(given, ", ")));
    c.architecture = read_model_spec(o.model);
    c.flags.model = c.architecture;  // the report and the checkpoint record the layers
  }
  c.activation = o.activation;
  with_flag("--activation", [&] { check_activations(o.activation); });
  c.output = o.output;
  if (o.output != "auto") with_flag("--output", [&] { make_activation(o.output); });
  c.loss = o.loss;
  if (o.loss != "auto") with_flag("--loss", [&] { make_loss(o.loss); });
  c.init = with_flag("--init", [&] { return Initializer::parse(o.init); });
  c.optimizer = with_flag("--optimizer", [&] {
    return make_optimizer(
        o.optimizer, static_cast<float>(o.learning_rate),
        o.weight_decay ? std::optional<float>(static_cast<float>(*o.weight_decay)) : std::nullopt);
  });
  c.matmul = with_flag("--matmul", [&] { return parse_matmul_choice(o.matmul); });
  with_flag("--header", [&] { csv_options(o.header, "-1", "auto"); });
  with_flag("--task", [&] { csv_options("auto", "-1", o.task); });
  with_flag("--delimiter", [&] { parse_delimiter(o.delimiter); });
  with_flag("--missing", [&] { parse_missing_values(o.missing); });
  c.csv = csv_options(o.header, o.label_column, o.task, o.delimiter, o.missing, o.categorical);
  c.trainer = {
      .epochs = o.epochs,
      .batch_size = o.batch_size,
      .validation_split = o.validation_split,
      .lr_schedule = schedule_of(o),
      .step = {.l2 = static_cast<float>(o.l2), .clip_norm = static_cast<float>(o.clip_norm)}};
  check(o.resume.empty() || o.early_stopping == 0,
        "--resume does not support --early_stopping (the best weights so far are not in the "
        "checkpoint)");
  return c;
}

}  // namespace axon::cli
