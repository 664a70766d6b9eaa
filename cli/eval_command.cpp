// axon eval: a saved model's loss on a data source, with the accuracy, confusion matrix and
// per-class precision, recall and F1 for classification, or MSE, MAE and R² for regression.
// IDX sources are evaluated on their t10k test files. On the source the model was trained on, the
// rows its training held out are rebuilt (the split's seed and fraction are in the model file) and
// scored; other sources are scored on every row (--rows chooses).
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

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
#include "output_paths.hpp"
#include "plot_command.hpp"
#include "report.hpp"
#include "task_metrics.hpp"

namespace axon::cli {
namespace {

struct EvalOptions {
  std::string model;
  std::string data;
  // CSV settings; empty: as the model's training read its data (else the usual defaults).
  std::string header;
  std::string label_column;
  std::string delimiter;
  std::string missing;
  std::string rows = "auto";
  std::string report;
  std::size_t batch_size = 256;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string plots = "";  ///< directory for the confusion-matrix plot; empty draws none
  std::string plot_format = "png";
};

// Which rows are scored, and the words that say so.
struct RowChoice {
  std::vector<std::size_t> indices;  ///< empty: every row
  std::string description;
};

std::string setting(const std::string& flag, const LoadedModel& loaded, const std::string& key,
                    const std::string& fallback) {
  if (!flag.empty()) return flag;
  const std::string saved = loaded.info.metadata_value(key);
  return saved.empty() ? fallback : saved;
}

// The rows each rank read in a --shard run ("150,151"), or one block of every row.
std::vector<std::size_t> shard_blocks(const std::string& text, std::size_t rows) {
  if (text.empty()) return {rows};
  std::vector<std::size_t> blocks;
  std::size_t sum = 0;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    blocks.push_back(std::stoull(text.substr(at, comma - at)));
    sum += blocks.back();
    at = comma + 1;
  }
  check(sum == rows, "the model file's shard_rows '{}' do not add up to the {} rows", text, rows);
  return blocks;
}

// The rows training held out: the same source, a recorded split and as many rows as then.
RowChoice choose_rows(const EvalOptions& o, const LoadedModel& loaded, const SourceData& source,
                      std::size_t rows) {
  check(o.rows == "auto" || o.rows == "all" || o.rows == "test",
        "--rows must be auto, all or test, not '{}'", o.rows);
  if (source.test || source.kind == SourceKind::kImages) return {{}, "the source's own test files"};
  const ModelInfo& info = loaded.info;
  const std::string fraction_text = info.metadata_value("test_split");
  const double fraction = fraction_text.empty() ? 0.0 : std::stod(fraction_text);
  std::string why_not;
  if (info.metadata_value("data") != o.data)
    why_not =
        fmt::format("--data is not the model's training data, '{}'", info.metadata_value("data"));
  else if (fraction <= 0.0)
    why_not = "training rows included: the model file records no held-out split of this source";
  else if (info.metadata_value("data_rows") != std::to_string(rows))
    why_not = fmt::format("the source has {} rows now but had {} in training", rows,
                          info.metadata_value("data_rows"));
  if (o.rows == "all" || (o.rows == "auto" && !why_not.empty()))
    return {{},
            fmt::format("all {} ({})", count_of(rows, "row"),
                        why_not.empty() ? "--rows all, training rows included" : why_not)};
  check(why_not.empty(), "--rows test: cannot rebuild the held-out rows of --data {}: {}", o.data,
        why_not);
  const std::uint64_t seed = std::stoull(info.metadata_value("split_seed"));
  std::vector<std::size_t> held_out;
  std::size_t begin = 0;  // each block split as its rank split it (--shard), or the whole
  for (std::size_t block : shard_blocks(info.metadata_value("shard_rows"), rows)) {
    Rng rng(seed ^ kSplitStream);
    for (std::size_t i : Dataset::split_indices(block, fraction, rng).second)
      held_out.push_back(begin + i);
    begin += block;
  }
  std::sort(held_out.begin(), held_out.end());
  const std::string description = fmt::format(
      "the {} of {} held out in training (--test_split {} --seed {}); --rows all scores every row",
      count_of(held_out.size(), "test row"), rows, fraction_text, seed);
  return {std::move(held_out), description};
}

std::vector<std::string> class_names(const Preprocessing& prep, std::size_t classes) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < classes; ++k) names.push_back(prep.class_name(k));
  return names;
}

// The confusion matrix, then precision, recall and F1 per class and their macro averages.
void print_classification(const ConfusionMatrix& matrix, const std::vector<std::string>& names,
                          bool named) {
  if (named) {
    std::string legend;
    for (std::size_t k = 0; k < names.size(); ++k)
      legend += fmt::format("{}{} {}", k == 0 ? "" : ", ", k, names[k]);
    fmt::print("Classes: {}\n", legend);
  }
  fmt::print("{}", matrix.to_string());
  std::size_t width = 8;
  for (const std::string& name : names) width = std::max(width, name.size() + 2);
  fmt::print("{:>{}}{:>11}{:>11}{:>11}{:>10}\n", "class", width, "precision", "recall", "f1",
             "support");
  const std::vector<ClassScores> scores = class_scores(matrix);
  auto row = [width](const std::string& label, const ClassScores& s) {
    fmt::print("{:>{}}{:>11.4f}{:>11.4f}{:>11.4f}{:>10}\n", label, width, s.precision, s.recall,
               s.f1, s.support);
  };
  for (std::size_t k = 0; k < scores.size(); ++k) row(names[k], scores[k]);
  row("macro", macro_average(matrix));
}

nlohmann::json scores_json(const std::string& name, const ClassScores& s) {
  return {{"class", name},
          {"precision", s.precision},
          {"recall", s.recall},
          {"f1", s.f1},
          {"support", s.support}};
}

nlohmann::json classification_json(const ConfusionMatrix& matrix,
                                   const std::vector<std::string>& names) {
  nlohmann::json per_class = nlohmann::json::array(), counts = nlohmann::json::array();
  const std::vector<ClassScores> scores = class_scores(matrix);
  for (std::size_t k = 0; k < scores.size(); ++k)
    per_class.push_back(scores_json(names[k], scores[k]));
  for (std::size_t a = 0; a < matrix.classes(); ++a) {
    nlohmann::json row = nlohmann::json::array();
    for (std::size_t p = 0; p < matrix.classes(); ++p) row.push_back(matrix.count(a, p));
    counts.push_back(row);
  }
  return {{"classes", names},
          {"per_class", per_class},
          {"macro", scores_json("macro", macro_average(matrix))},
          {"confusion_matrix", counts}};
}

// The outputs are checked before anything is read: never a directory, a link or a device, never
// the model or a file of the data.
void check_eval_outputs(const EvalOptions& o) {
  check_output_path("--report", o.report);
  check_plots_directory(o.plots);
  std::vector<std::pair<std::string, std::string>> inputs = {
      {o.model, fmt::format("--model '{}'", o.model)}};
  for (const std::string& file : input_files(o.data))
    inputs.emplace_back(file, fmt::format("--data '{}'", o.data));
  check_not_an_input("--report", o.report, inputs);
}

void run_eval(const EvalOptions& o) {
  check_eval_outputs(o);
  if (o.threads > 0) set_num_threads(o.threads);
  enable_flush_to_zero();
  LoadedModel loaded = load_model(o.model);
  const Preprocessing& prep = loaded.info.preprocessing;
  const bool classification = prep.task == Task::kClassification;
  CsvOptions csv = csv_options(setting(o.header, loaded, "header", "auto"),
                               setting(o.label_column, loaded, "label_column", "-1"), "auto",
                               setting(o.delimiter, loaded, "delimiter", "auto"),
                               setting(o.missing, loaded, "missing", "error"));
  csv.task = prep.task;
  csv.encoding = &prep;
  const std::string seed_text = loaded.info.metadata_value("split_seed");
  const std::uint64_t seed = o.seed.value_or(seed_text.empty() ? 42 : std::stoull(seed_text));
  SourceData source = load_source(o.data, csv, seed, /*test_only=*/true);
  Dataset data = source.test ? std::move(*source.test) : std::move(source.train);
  const RowChoice rows = choose_rows(o, loaded, source, data.size());
  if (!rows.indices.empty()) data = data.subset(rows.indices);
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
  } else {
    prep.scale_targets(data.targets);
  }
  const Metrics m = evaluate_task(loaded.model, data, prep.task, o.batch_size, &prep);
  check(std::isfinite(m.loss),
        "the model's loss on --data {} is {}: its outputs are NaN or infinite (its weights or "
        "preprocessing overflow on this data)",
        o.data, m.loss);
  fmt::print("Data: {}\n", source.description);
  fmt::print("Rows: {}\n", rows.description);
  fmt::print("Samples: {}\nLoss ({}): {:.6f}\n", m.samples, loaded.info.loss, m.loss);
  if (m.accuracy) fmt::print("Accuracy: {:.4f}\n", *m.accuracy);
  if (m.mse) fmt::print("MSE: {:.6g}\nMAE: {:.6g}\nR²: {:.4f}\n", *m.mse, *m.mae, *m.r2);
  nlohmann::json report = {{"model", o.model},
                           {"data", o.data},
                           {"rows", rows.indices.empty() ? "all" : "test"},
                           {"rows_description", rows.description},
                           {"task", to_string(prep.task)},
                           {"loss_name", loaded.info.loss},
                           {"loss", m.loss},
                           {"samples", m.samples},
                           {"metrics", metrics_json(m)}};
  if (!rows.indices.empty()) {
    report["row_indices"] = rows.indices;
    if (!source.lines.empty()) {
      std::vector<std::size_t> lines;
      for (std::size_t i : rows.indices) lines.push_back(source.lines[i]);
      report["lines"] = lines;
    }
  }
  if (classification) {
    const std::size_t classes = std::max<std::size_t>(prep.classes, 2);
    ConfusionMatrix matrix(classes);
    matrix.add(loaded.model.predict(data.inputs, o.batch_size), labels,
               loaded.model.loss()->decision_threshold());
    const std::vector<std::string> names = class_names(prep, classes);
    print_classification(matrix, names, !prep.class_names.empty());
    report.update(classification_json(matrix, names));
    write_eval_plots(o.plots, o.plot_format, matrix, o.data);
  }
  write_eval_conv_plots(o.plots, o.plot_format, loaded.model, data.inputs);
  if (!o.report.empty()) {
    write_json(o.report, report);
    fmt::print("Wrote the report to {}\n", o.report);
  }
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* c = app.add_subcommand("eval", "Evaluate a saved model on a data source");
  c->add_option("--model", o->model, "Model file written by `axon train --save`")->required();
  c->add_option("--data", o->data,
                "Data source, as for `axon train --data` (IDX sources use their test files)")
      ->required();
  c->add_option("--rows", o->rows,
                "Rows to score: auto (the rows training held out when --data is the source the "
                "model was trained on, else all), test, or all");
  c->add_option("--report", o->report,
                "Write the loss, metrics, per-class scores, confusion matrix and the rows scored "
                "as JSON to FILE");
  c->add_option("--header", o->header, "CSV header row: auto, yes or no (default: as in training)");
  c->add_option(flag_names("label_column"), o->label_column,
                "CSV label column: an index (negative counts from the end) or a header name "
                "(default: as in training)");
  c->add_option("--delimiter", o->delimiter,
                "CSV field separator: auto, ',', ';', tab, ... (default: as in training)");
  c->add_option("--missing", o->missing,
                "CSV missing cells: error, drop or mean (default: as in training)");
  c->add_option(flag_names("batch_size"), o->batch_size, "Samples per forward pass")
      ->check(positive());
  c->add_option("--seed", o->seed, "Seed of generated data sources (default: the training seed)");
  c->add_option("--threads", o->threads, "Threads for the matrix products; 0 uses every core")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--plots", o->plots,
                "Write the confusion matrix as a heat map (and CSV) to DIR; needs gnuplot");
  c->add_option(flag_names("plot_format"), o->plot_format, "Plot format: png or svg")
      ->check(CLI::IsMember({"png", "svg"}));
  c->callback([o] { run_eval(*o); });
}

}  // namespace axon::cli
