// axon eval: a saved model's loss on a data source, with the accuracy, confusion matrix and
// per-class precision, recall and F1 for classification, or MSE, MAE and R² for regression. IDX
// sources are evaluated on their t10k test files, CSV files and generators on every sample.
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "axon/io/model_file.hpp"
#include "axon/metrics/class_scores.hpp"
#include "axon/metrics/confusion_matrix.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/runtime.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "flag_names.hpp"
#include "model_plan.hpp"
#include "plot_command.hpp"
#include "task_metrics.hpp"

namespace axon::cli {
namespace {

struct EvalOptions {
  std::string model;
  std::string data;
  std::string header = "auto";
  std::string label_column = "-1";
  std::size_t batch_size = 256;
  std::uint64_t seed = 42;
  int threads = 0;
  std::string plots = "";  ///< directory for the confusion-matrix plot; empty draws none
  std::string plot_format = "png";
};

// The confusion matrix, then precision, recall and F1 per class and their macro averages.
void print_classification(const ConfusionMatrix& matrix) {
  fmt::print("{}", matrix.to_string());
  fmt::print("{:>8}{:>11}{:>11}{:>11}{:>10}\n", "class", "precision", "recall", "f1", "support");
  const std::vector<ClassScores> scores = class_scores(matrix);
  auto row = [](const std::string& label, const ClassScores& s) {
    fmt::print("{:>8}{:>11.4f}{:>11.4f}{:>11.4f}{:>10}\n", label, s.precision, s.recall, s.f1,
               s.support);
  };
  for (std::size_t k = 0; k < scores.size(); ++k) row(std::to_string(k), scores[k]);
  row("macro", macro_average(matrix));
}

void run_eval(const EvalOptions& o) {
  if (o.threads > 0) set_num_threads(o.threads);
  enable_flush_to_zero();
  LoadedModel loaded = load_model(o.model);
  const Preprocessing& prep = loaded.info.preprocessing;
  const bool classification = prep.task == Task::kClassification;
  CsvOptions csv = csv_options(o.header, o.label_column, "auto");
  csv.task = prep.task;
  SourceData source = load_source(o.data, csv, o.seed, /*test_only=*/true);
  Dataset data = source.test ? std::move(*source.test) : std::move(source.train);
  check(data.features() == loaded.model.input_features(), "--data {} has {} but the model takes {}",
        o.data, count_of(data.features(), "feature"), loaded.model.input_features());
  check(classification == (source.task == Task::kClassification),
        "the model does {} but --data {} is a {} source", to_string(prep.task), o.data,
        to_string(source.task));
  check_memory_fits(estimate_inference_memory(loaded.model, std::min(o.batch_size, data.size())),
                    dataset_bytes(data), o.batch_size, "evaluation");
  prep.apply(data.inputs);
  const Tensor labels = data.targets;
  const std::size_t outputs = loaded.model.output_features();
  if (classification) {
    check(count_classes(labels) <= std::max<std::size_t>(prep.classes, 2),
          "--data {} has labels up to {} but the model knows {} classes", o.data,
          count_classes(labels) - 1, prep.classes);
    data.targets = encode_targets(labels, needs_one_hot(loaded.info.loss, outputs), prep.classes);
  }
  const Metrics m = evaluate_task(loaded.model, data, prep.task, o.batch_size);
  check(std::isfinite(m.loss),
        "the model's loss on --data {} is {}: its outputs are NaN or infinite (its weights or "
        "preprocessing overflow on this data)",
        o.data, m.loss);
  fmt::print("Data: {}\n", source.description);
  fmt::print("Samples: {}\nLoss ({}): {:.6f}\n", m.samples, loaded.info.loss, m.loss);
  if (m.accuracy) fmt::print("Accuracy: {:.4f}\n", *m.accuracy);
  if (m.mse) fmt::print("MSE: {:.6f}\nMAE: {:.6f}\nR²: {:.6f}\n", *m.mse, *m.mae, *m.r2);
  if (!classification) return;
  ConfusionMatrix matrix(std::max<std::size_t>(prep.classes, 2));
  matrix.add(loaded.model.predict(data.inputs, o.batch_size), labels,
             loaded.model.loss()->decision_threshold());
  print_classification(matrix);
  write_eval_plots(o.plots, o.plot_format, matrix, o.data);
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* c = app.add_subcommand("eval", "Evaluate a saved model on a data source");
  c->add_option("--model", o->model, "Model file written by `axon train --save`")->required();
  c->add_option("--data", o->data,
                "Data source, as for `axon train --data` (IDX sources use their test files)")
      ->required();
  c->add_option("--header", o->header, "CSV header row: auto, yes or no");
  c->add_option(flag_names("label_column"), o->label_column,
                "CSV label column: an index (negative counts from the end) or a header name");
  c->add_option(flag_names("batch_size"), o->batch_size, "Samples per forward pass")
      ->check(positive());
  c->add_option("--seed", o->seed, "Seed of generated data sources");
  c->add_option("--threads", o->threads, "Threads for the matrix products; 0 uses every core")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--plots", o->plots,
                "Write the confusion matrix as a heat map (and CSV) to DIR; needs gnuplot");
  c->add_option(flag_names("plot_format"), o->plot_format, "Plot format: png or svg")
      ->check(CLI::IsMember({"png", "svg"}));
  c->callback([o] { run_eval(*o); });
}

}  // namespace axon::cli
