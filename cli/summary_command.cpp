// axon summary: what a model file holds: the layer table, loss, optimizer and its progress,
// preprocessing and the notes saved with it.
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "axon/io/model_file.hpp"
#include "commands.hpp"

namespace axon::cli {
namespace {

void run_summary(const std::string& path) {
  LoadedModel loaded = load_model(path);
  Sequential& model = loaded.model;
  const Preprocessing& prep = loaded.info.preprocessing;
  fmt::print("{} ({} bytes, model format version {})\n", path, std::filesystem::file_size(path),
             kModelFormatVersion);
  fmt::print("{}", model.summary());
  fmt::print("Loss: {}\n", loaded.info.loss);
  const Optimizer& optimizer = *model.optimizer();
  fmt::print("Optimizer: {} (learning rate {}, {} steps taken)\n", optimizer.name(),
             optimizer.learning_rate(), optimizer.steps());
  fmt::print("Task: {}", to_string(prep.task));
  if (prep.task == Task::kClassification) fmt::print(", {} classes", prep.classes);
  if (!prep.class_names.empty()) fmt::print(" ({})", fmt::join(prep.class_names, ", "));
  fmt::print("\nPreprocessing: ");
  std::size_t text_columns = 0;
  for (const FeatureColumn& c : prep.columns) text_columns += c.categories.empty() ? 0 : 1;
  if (text_columns > 0)
    fmt::print("{} of {} columns one-hot encoded, then ", text_columns, prep.columns.size());
  if (prep.pixel_scale != 1.0f) fmt::print("pixels times {:.6g}", prep.pixel_scale);
  if (!prep.mean.empty()) fmt::print("standardization of {} features", prep.mean.size());
  if (!prep.target_mean.empty()) fmt::print(", targets standardized");
  if (prep.pixel_scale == 1.0f && prep.mean.empty()) fmt::print("none");
  fmt::print("\n");
  for (const auto& [key, value] : loaded.info.metadata) fmt::print("{}: {}\n", key, value);
}

}  // namespace

void add_summary_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* c = app.add_subcommand("summary", "Describe a saved model");
  c->add_option("--model", *path, "Model file written by `axon train --save`")->required();
  c->callback([path] { run_summary(*path); });
}

}  // namespace axon::cli
