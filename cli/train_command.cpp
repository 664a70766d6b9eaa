// axon train: check the flags, load the data, split and preprocess it, build the MLP the flags
// describe, train it with a progress display, test it, and save the model and a JSON report on
// request.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "axon/data/standardizer.hpp"
#include "axon/io/file_lock.hpp"
#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/matmul_choice.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/early_stopping.hpp"
#include "axon/train/epoch_logger.hpp"
#include "axon/train/progress_bar.hpp"
#include "axon/train/trainer.hpp"
#include "checkpoint.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "model_plan.hpp"
#include "output_paths.hpp"
#include "plot_command.hpp"
#include "report.hpp"
#include "signals.hpp"
#include "task_metrics.hpp"
#include "terminal.hpp"
#include "train_config.hpp"
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

Prepared prepare_data(const TrainConfig& config) {
  const TrainOptions& o = config.flags;
  const CsvOptions& csv = config.csv;
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

// The samples --validation_split holds out of the training part (the trainer splits them off).
std::size_t validation_samples(const TrainOptions& o, const Prepared& data) {
  return o.validation_split > 0.0 ? split_size(data.train.size(), o.validation_split) : 0;
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
  info.metadata = {
      {"data", o.data},
      {"trained_samples", std::to_string(data.train.size() - validation_samples(o, data))},
      {"epochs", std::to_string(o.epochs)},
      {"batch_size", std::to_string(o.batch_size)}};
  return info;
}

// The plan resolved against the data, the targets encoded for its loss, and the model built.
Sequential build_model(TrainConfig& config, Prepared& data, ModelPlan& plan) {
  plan = plan_model(config.layers, config.output, config.loss,
                    {.features = data.train.features(),
                     .task = data.task,
                     .classes = data.classes,
                     .targets = data.train.targets.cols()});
  data.train.targets = encode_targets(data.train.targets, plan.one_hot, data.classes);
  if (data.test)
    data.test->targets = encode_targets(data.test->targets, plan.one_hot, data.classes);
  MlpOptions mlp{.activation = config.activation,
                 .output = plan.output,
                 .init = config.init,
                 .seed = config.flags.seed,
                 .batchnorm = config.flags.batchnorm};
  for (double p : config.flags.dropout) mlp.dropout.push_back(static_cast<float>(p));
  Sequential model = Sequential::mlp(plan.sizes, mlp);
  model.compile(make_loss(plan.loss), std::move(config.optimizer));

  const TrainOptions& o = config.flags;
  check_memory_fits(estimate_training_memory(model, data.train.features(),
                                             std::min(o.batch_size, data.train.size())),
                    o.validation_split > 0.0 ? dataset_bytes(data.train) : 0, o.batch_size,
                    "training");
  model.build(data.train.features());
  return model;
}

void print_setup(const TrainConfig& config, const Prepared& data, const ModelPlan& plan,
                 Sequential& model, MatmulPrecision matmul) {
  const TrainOptions& o = config.flags;
  fmt::print("Data: {}\n", data.description);
  const std::size_t validation = validation_samples(o, data);
  fmt::print("Split: {} training, {}{} test samples{}\n", data.train.size() - validation,
             validation > 0 ? fmt::format("{} validation, ", validation) : "",
             data.test ? data.test->size() : 0,
             data.task == Task::kClassification ? fmt::format(", {} classes", data.classes) : "");
  const std::string hidden = plan.sizes.size() > 2 ? o.activation + " hidden, " : "";
  fmt::print("Model: {} ({}{} output), {} parameters, loss {}, {} lr {}, {} products\n",
             sizes_text(plan.sizes), hidden, plan.output, model.parameter_count(), plan.loss,
             o.optimizer, o.learning_rate, to_string(matmul));
  std::cout << std::flush;
}

void print_summary(const TrainConfig& config, const Trainer& trainer, const EarlyStopping& stopping,
                   const Prepared& data, double seconds, const std::optional<Metrics>& test) {
  const History& history = trainer.history();
  if (stopping.stopped())
    fmt::print("Stopped early after {} epochs: {}\n", history.size(), trainer.stop_reason());
  if (test) print_test(*test);
  const double samples =
      static_cast<double>(data.train.size() - validation_samples(config.flags, data)) *
      static_cast<double>(history.size());
  fmt::print("Trained in {:.3g} s ({:.3g} s/epoch, {:.0f} samples/s)\n", seconds,
             seconds / static_cast<double>(history.size()), samples / seconds);
}

void write_report(const TrainConfig& config, const ModelPlan& plan, Sequential& model,
                  const Prepared& data, const History& history, double seconds,
                  const std::optional<Metrics>& test) {
  const TrainOptions& o = config.flags;
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

// After SIGINT or SIGTERM: the checkpoint callback has saved where the run stopped; the model as
// it stands goes to --save; nothing is tested, reported or drawn.
[[noreturn]] void stop_interrupted(int signal, const TrainOptions& o, const Trainer& trainer,
                                   Sequential& model, const ModelInfo& info) {
  std::cout << std::flush;
  const std::optional<PartialEpoch>& partial = trainer.partial_epoch();
  const std::string where =
      partial ? fmt::format("in epoch {} after batch {}", partial->epoch, partial->batches)
              : fmt::format("after epoch {}", trainer.history().size());
  fmt::print(stderr, "axon: stopped by {} {}\n", signal_name(signal), where);
  const std::string checkpoint = o.checkpoint.empty() ? o.resume : o.checkpoint;
  if (!checkpoint.empty())
    fmt::print(stderr, "axon: kept the checkpoint {} (go on with --resume {})\n", checkpoint,
               checkpoint);
  if (!o.save.empty()) {
    save_model(o.save, model, info);
    fmt::print(stderr, "axon: saved the model as it stands to {}\n", o.save);
  }
  throw Interrupted{signal};
}

// Flags first (every bad one fails here, before any data is read), then data, model, training
// with its callbacks, the test, and the outputs asked for.
void run_train(const TrainOptions& flags) {
  TrainConfig config = parse_train_config(flags);
  const TrainOptions& o = config.flags;
  const StopSignals signals;
  check_output_paths(o);
  // One run at a time writes a checkpoint: a second one is refused here, before any work.
  std::optional<FileLock> checkpoint_lock;
  if (!o.checkpoint.empty() || !o.resume.empty())
    checkpoint_lock.emplace(o.checkpoint.empty() ? o.resume : o.checkpoint,
                            o.checkpoint.empty() ? "--resume" : "--checkpoint");
  if (o.threads > 0) set_num_threads(o.threads);
  enable_flush_to_zero();

  Prepared data = prepare_data(config);
  ModelPlan plan;
  Sequential model = build_model(config, data, plan);
  const MatmulPrecision matmul = choose_matmul_precision(
      config.matmul,
      largest_dense_multiply_adds(plan.sizes, std::min(o.batch_size, data.train.size())));
  print_setup(config, data, plan, model, matmul);

  Trainer trainer(model, config.trainer);
  ProgressBar bar(std::cout, stdout_is_terminal());
  EpochLogger lines(std::cout, o.verbose_epoch);
  EarlyStopping stopping({.patience = o.early_stopping});
  StopOnSignal stop_on_signal;
  trainer.add(bar).add(lines).add(stopping).add(stop_on_signal);
  const TrainPlotData plot_data{.train = &data.train,
                                .test = data.test ? &*data.test : nullptr,
                                .task = data.task,
                                .classes = data.classes,
                                .preprocessing = &data.preprocessing,
                                .source = o.data};
  TrainPlots plots(o.plots, o.plot_format, o.snapshot_epochs);
  plots.watch(trainer, plot_data);
  const ResumeState resume = prepare_checkpoints(o, model_info(o, plan, data), trainer);
  if (const int signal = StopSignals::received(); signal != 0) throw Interrupted{signal};

  const auto start = std::chrono::steady_clock::now();
  {
    const MatmulPrecisionScope precision(matmul);  // the test below runs in fp32, as axon eval
    trainer.fit(data.train, resume);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (const int signal = StopSignals::received(); signal != 0)
    stop_interrupted(signal, o, trainer, model, model_info(o, plan, data));
  std::optional<Metrics> test;
  if (data.test) test = evaluate_task(model, *data.test, data.task);
  print_summary(config, trainer, stopping, data, seconds, test);

  if (!o.save.empty()) {
    save_model(o.save, model, model_info(o, plan, data));
    fmt::print("Saved the model to {}\n", o.save);
  }
  if (!o.report.empty()) write_report(config, plan, model, data, trainer.history(), seconds, test);
  plots.write(model, trainer.history(), plot_data);
  if (const int signal = StopSignals::received(); signal != 0) {
    fmt::print(stderr, "axon: {} came after training; every output was written\n",
               signal_name(signal));
    throw Interrupted{signal};
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Train an MLP and test it");
  add_train_flags(*command, *options);
  command->callback([options] { run_train(*options); });
}

}  // namespace axon::cli
