// axon train: load the data, split and preprocess it, build the MLP the flags describe, train it
// with a progress display, test it, and save the model and a JSON report on request.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "axon/data/standardizer.hpp"
#include "axon/io/model_file.hpp"
#include "axon/layers/initializer.hpp"
#include "axon/model/sequential.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/matmul_choice.hpp"
#include "axon/tensor/runtime.hpp"
#include "checkpoint.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "model_plan.hpp"
#include "output_paths.hpp"
#include "plot_command.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "task_metrics.hpp"
#include "train_options.hpp"

namespace axon::cli {
namespace {

// The train/test split draws from its own stream, not the one that generated the data.
constexpr std::uint64_t kSplitStream = 0x9e3779b97f4a7c15ULL;

struct Prepared {
  Dataset train;
  std::optional<Dataset> test;
  Task task = Task::kClassification;
  std::size_t classes = 0;
  Preprocessing preprocessing;
  std::string description;
};

Dataset test_part(const TrainOptions& o, const CsvOptions& csv, SourceData& source, Rng& rng,
                  std::optional<Dataset>& test) {
  if (!o.test_data.empty()) {
    SourceData other = load_source(o.test_data, csv, o.seed + 1, /*test_only=*/true);
    test = other.test ? std::move(*other.test) : std::move(other.train);
    check(test->features() == source.train.features(),
          "--test_data has {} features but --data has {}", test->features(),
          source.train.features());
    return std::move(source.train);
  }
  if (source.test) {
    test = std::move(*source.test);
    return std::move(source.train);
  }
  if (o.test_split == 0.0) return std::move(source.train);
  auto [train, held_out] = source.train.split(o.test_split, rng);
  test = std::move(held_out);
  return std::move(train);
}

Prepared prepare_data(const TrainOptions& o) {
  const CsvOptions csv = csv_options(o.header, o.label_column, o.task);
  SourceData source = load_source(o.data, csv, o.seed);
  Prepared p;
  p.task = source.task;
  p.description = source.description;
  Rng split_rng(o.seed ^ kSplitStream);
  p.train = test_part(o, csv, source, split_rng, p.test);
  p.preprocessing.task = p.task;
  if (source.kind == SourceKind::kImages) {
    p.preprocessing.pixel_scale = 1.0f / 255.0f;
  } else {
    data::Standardizer standardizer;
    standardizer.fit(p.train.inputs);  // the training part only
    p.preprocessing.mean = standardizer.mean();
    p.preprocessing.stddev = standardizer.stddev();
  }
  p.preprocessing.apply(p.train.inputs);
  if (p.test) p.preprocessing.apply(p.test->inputs);
  if (p.task == Task::kClassification) {
    p.classes = count_classes(p.train.targets);
    if (p.test) p.classes = std::max(p.classes, count_classes(p.test->targets));
    p.preprocessing.classes = p.classes;
  }
  return p;
}

std::string sizes_text(const std::vector<std::size_t>& sizes) {
  std::string text;
  for (std::size_t s : sizes) text += (text.empty() ? "" : "-") + std::to_string(s);
  return text;
}

void print_test(const Metrics& m) {
  if (m.accuracy) {
    fmt::print("Test: loss {:.4f}  accuracy {:.4f} ({} samples)\n", m.loss, *m.accuracy, m.samples);
  } else {
    fmt::print("Test: loss {:.6f}  mse {:.6f}  mae {:.6f} ({} samples)\n", m.loss,
               m.mse.value_or(0), m.mae.value_or(0), m.samples);
  }
}

ModelInfo model_info(const TrainOptions& o, const ModelPlan& plan, const Prepared& data) {
  ModelInfo info;
  info.loss = plan.loss;
  info.preprocessing = data.preprocessing;
  info.metadata = {{"data", o.data},
                   {"trained_samples", std::to_string(data.train.size())},
                   {"epochs", std::to_string(o.epochs)},
                   {"batch_size", std::to_string(o.batch_size)}};
  return info;
}

// --matmul: fp32, bf16, or auto as choose_matmul_precision decides for this network and batch.
MatmulPrecision matmul_for(const TrainOptions& o, const std::vector<std::size_t>& sizes,
                           std::size_t samples) {
  return choose_matmul_precision(
      parse_matmul_choice(o.matmul),
      largest_dense_multiply_adds(sizes, std::min(o.batch_size, samples)));
}

void run_train(const TrainOptions& o) {
  check_output_paths(o);
  if (o.threads > 0) set_num_threads(o.threads);
  enable_flush_to_zero();
  Prepared data = prepare_data(o);
  const ModelPlan plan = plan_model(o.layers, o.output, o.loss,
                                    {.features = data.train.features(),
                                     .task = data.task,
                                     .classes = data.classes,
                                     .targets = data.train.targets.cols()});
  data.train.targets = encode_targets(data.train.targets, plan.one_hot, data.classes);
  if (data.test)
    data.test->targets = encode_targets(data.test->targets, plan.one_hot, data.classes);

  MlpOptions mlp{.activation = o.activation,
                 .output = plan.output,
                 .init = Initializer::parse(o.init),
                 .seed = o.seed,
                 .batchnorm = o.batchnorm};
  for (double p : o.dropout) mlp.dropout.push_back(static_cast<float>(p));
  Sequential model = Sequential::mlp(plan.sizes, mlp);
  model.compile(
      make_loss(plan.loss),
      make_optimizer(o.optimizer, static_cast<float>(o.learning_rate),
                     o.weight_decay ? std::optional<float>(static_cast<float>(*o.weight_decay))
                                    : std::nullopt));

  check_memory_fits(estimate_training_memory(model, data.train.features(),
                                             std::min(o.batch_size, data.train.size())),
                    o.validation_split > 0.0 ? dataset_bytes(data.train) : 0, o.batch_size,
                    "training");
  model.build(data.train.features());
  fmt::print("Data: {}\n", data.description);
  fmt::print("Split: {} training, {} test samples{}\n", data.train.size(),
             data.test ? data.test->size() : 0,
             data.task == Task::kClassification ? fmt::format(", {} classes", data.classes) : "");
  const std::string hidden = plan.sizes.size() > 2 ? o.activation + " hidden, " : "";
  const MatmulPrecision matmul = matmul_for(o, plan.sizes, data.train.size());
  fmt::print("Model: {} ({}{} output), {} parameters, loss {}, {} lr {}, {} products\n",
             sizes_text(plan.sizes), hidden, plan.output, model.parameter_count(), plan.loss,
             o.optimizer, o.learning_rate, to_string(matmul));
  std::cout << std::flush;

  Progress progress(std::cout, stdout_is_terminal(), o.epochs, o.verbose_epoch);
  FitOptions fit{.epochs = o.epochs,
                 .batch_size = o.batch_size,
                 .validation_split = o.validation_split,
                 .l2 = static_cast<float>(o.l2),
                 .clip_norm = static_cast<float>(o.clip_norm),
                 .lr_schedule = o.warmup > 0
                                    ? LrSchedule::parse(o.lr_schedule).with_warmup(o.warmup)
                                    : LrSchedule::parse(o.lr_schedule),
                 .early_stopping_patience = o.early_stopping};
  fit.on_batch_end = [&](std::size_t e, std::size_t b, std::size_t n, double loss, double acc) {
    progress.on_batch(e, b, n, loss, acc);
  };
  fit.on_epoch_end = [&](const EpochRecord& r) {
    progress.on_epoch(r);
    return true;
  };
  TrainPlots plots(o.plots, o.plot_format, o.snapshot_epochs);
  const TrainPlotData plot_data{.train = &data.train,
                                .test = data.test ? &*data.test : nullptr,
                                .task = data.task,
                                .classes = data.classes,
                                .preprocessing = &data.preprocessing,
                                .source = o.data};
  plots.watch(model, plot_data, fit);
  prepare_checkpoints(o, model, model_info(o, plan, data), fit);
  const auto start = std::chrono::steady_clock::now();
  const History history = [&] {
    const MatmulPrecisionScope precision(matmul);  // the test below runs in fp32, as axon eval
    return model.fit(data.train, fit);
  }();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (history.size() < o.epochs)
    fmt::print("Stopped early after {} epochs: no improvement in {} epochs\n", history.size(),
               o.early_stopping);
  std::optional<Metrics> test;
  if (data.test) {
    test = evaluate_task(model, *data.test, data.task);
    print_test(*test);
  }
  fmt::print("Trained in {:.3g} s ({:.3g} s/epoch, {:.0f} samples/s)\n", seconds,
             seconds / history.size(),
             static_cast<double>(data.train.size()) * (1.0 - o.validation_split) * history.size() /
                 seconds);
  if (!o.save.empty()) {
    save_model(o.save, model, model_info(o, plan, data));
    fmt::print("Saved the model to {}\n", o.save);
  }
  if (!o.report.empty()) {
    nlohmann::json report = {{"config", to_json(o)},
                             {"model",
                              {{"layers", plan.sizes},
                               {"activation", o.activation},
                               {"output", plan.output},
                               {"loss", plan.loss},
                               {"parameters", model.parameter_count()},
                               {"task", to_string(data.task)}}},
                             {"history", history_json(history)},
                             {"train_seconds", seconds}};
    if (test) report["test"] = metrics_json(*test);
    write_json(o.report, report);
    fmt::print("Wrote the report to {}\n", o.report);
  }
  plots.write(model, history, plot_data);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Train an MLP and test it");
  add_train_flags(*command, *options);
  command->callback([options] { run_train(*options); });
}

}  // namespace axon::cli
