// axon train: check the flags, load the data, split and preprocess it, build the MLP the flags
// describe (or the layers of --model), train it with a progress display, test it, and save the
// model and a JSON report on request.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "axon/data/standardizer.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/io/file_lock.hpp"
#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/matmul_choice.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/early_stopping.hpp"
#include "axon/train/epoch_logger.hpp"
#include "axon/train/progress_bar.hpp"
#include "axon/train/shard_statistics.hpp"
#include "axon/train/trainer.hpp"
#include "checkpoint.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "model_plan.hpp"
#include "model_spec.hpp"
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

// Tables without --epochs get up to as many passes as scikit-learn's MLP (max_iter 200), fewer
// when they are large (down to the 10 of every other source), and stop early when a validation
// part of the training rows stops improving, keeping the best weights.
constexpr std::size_t kTableEpochs = 200;
constexpr std::size_t kDefaultEpochs = 10;
constexpr double kTableSamplePasses = 2e6;
constexpr double kTableValidationSplit = 0.1;
constexpr std::size_t kTablePatience = 20;

void table_defaults(TrainConfig& config, std::size_t rows) {
  TrainOptions& o = config.flags;
  const double passes = kTableSamplePasses / static_cast<double>(std::max<std::size_t>(rows, 1));
  o.epochs = std::clamp(static_cast<std::size_t>(passes), kDefaultEpochs, kTableEpochs);
  config.trainer.epochs = o.epochs;
  if (!o.validation_split_given && !o.early_stopping_given) {
    o.validation_split = kTableValidationSplit;
    config.trainer.validation_split = o.validation_split;
    o.early_stopping = kTablePatience;
  }
}

struct Prepared {
  Dataset train;
  std::optional<Dataset> test;
  Task task = Task::kClassification;
  std::size_t classes = 0;
  Preprocessing preprocessing;
  std::string description;
  SourceKind kind = SourceKind::kGenerated;
  std::string task_reason;
  std::size_t source_rows = 0;  ///< rows of --data before the split (of every rank's shard)
  bool split = false;           ///< the test part was split off --data by --test_split
  /// With --shard on several ranks: the training rows of each rank's shard, in rank order.
  std::vector<std::size_t> shard_rows = {};
  /// With --shard on several ranks: the rows of --data each rank read, before the split.
  std::vector<std::size_t> source_blocks = {};
  std::vector<std::size_t> image = {};  ///< (C, H, W) of image samples, else empty
};

// The block of the rows this rank reads: all of them unless --shard runs on several ranks.
ShardOf shard_of(const TrainOptions& o) {
  if (!o.shard || distributed::size() == 1) return {};
  return {.rank = distributed::rank(), .ranks = distributed::size()};
}

// The training rows of all ranks (of this process without --shard).
std::size_t global_train_rows(const Prepared& data) {
  if (data.shard_rows.empty()) return data.train.size();
  std::size_t sum = 0;
  for (std::size_t n : data.shard_rows) sum += n;
  return sum;
}

// Missing cells (NaN, read under --missing mean) become the mean of their column over the
// training part (of every rank's, when `sharded`); the preprocessing fills the test part's with
// the same means.
void fill_missing_with_means(Tensor& inputs, bool sharded) {
  const std::size_t n = inputs.rows(), k = inputs.cols();
  if (sharded) {
    const std::vector<double> means = distributed::column_means_over_ranks(inputs);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < k; ++j)
        if (std::isnan(inputs(i, j))) inputs(i, j) = static_cast<float>(means[j]);
    return;
  }
  std::vector<double> sum(k, 0.0);
  std::vector<std::size_t> count(k, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j)
      if (const float v = inputs(i, j); !std::isnan(v)) sum[j] += v, ++count[j];
  for (std::size_t j = 0; j < k; ++j)
    check(count[j] > 0 || n == 0,
          "feature {} has no value in the training part (every cell is missing); --missing mean "
          "has nothing to fill in",
          j + 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j)
      if (std::isnan(inputs(i, j)))
        inputs(i, j) = static_cast<float>(sum[j] / static_cast<double>(count[j]));
}

Dataset test_part(const TrainOptions& o, const CsvOptions& csv, SourceData& source, Rng& rng,
                  std::optional<Dataset>& test, bool& split) {
  if (!o.test_data.empty()) {
    SourceData other = load_source(o.test_data, csv, o.seed + 1, /*test_only=*/true, shard_of(o));
    test = other.test ? std::move(*other.test) : std::move(other.train);
    check(test->features() == source.train.features(),
          "--test_data has {} features but --data has {}", test->features(),
          source.train.features());
    check(other.task == source.task,
          "--test_data '{}' holds {} targets but --data '{}' holds {} targets; give test data of "
          "the same task (or --task to read both alike)",
          o.test_data, to_string(other.task), o.data, to_string(source.task));
    return std::move(source.train);
  }
  if (source.test) {
    test = std::move(*source.test);
    return std::move(source.train);
  }
  if (o.test_split == 0.0) return std::move(source.train);
  split = true;
  auto [train, held_out] = source.train.split(o.test_split, rng);
  test = std::move(held_out);
  return std::move(train);
}

Prepared prepare_data(const TrainConfig& config) {
  const TrainOptions& o = config.flags;
  const CsvOptions& csv = config.csv;
  SourceData source = load_source(o.data, csv, o.seed, /*test_only=*/false, shard_of(o));
  Prepared p;
  p.task = source.task;
  p.description = source.description;
  p.kind = source.kind;
  p.task_reason = source.task_reason;
  p.source_rows = source.train.size();
  const bool sharded = shard_of(o).ranks > 1;
  if (sharded) {
    p.source_rows = 0;
    for (std::uint64_t n : distributed::allgather(source.train.size()))
      p.source_rows += n, p.source_blocks.push_back(n);
  }
  p.image = image_shape(source.sample_shape);
  Rng split_rng(o.seed ^ kSplitStream);  // with --shard, each rank splits its block
  p.train = test_part(o, csv, source, split_rng, p.test, p.split);
  if (sharded)
    for (std::uint64_t n : distributed::allgather(p.train.size())) p.shard_rows.push_back(n);
  p.preprocessing.task = p.task;
  p.preprocessing.columns = std::move(source.table.columns);
  p.preprocessing.class_names = std::move(source.table.class_names);
  if (source.kind == SourceKind::kImages) {
    p.preprocessing.pixel_scale = 1.0f / 255.0f;
  } else {
    // With --shard, statistics of every rank's training part.
    fill_missing_with_means(p.train.inputs, sharded);
    data::Standardizer standardizer;
    if (sharded)
      standardizer = distributed::fit_over_ranks(p.train.inputs);
    else
      standardizer.fit(p.train.inputs);  // the training part only
    p.preprocessing.mean = standardizer.mean();
    p.preprocessing.stddev = standardizer.stddev();
  }
  p.preprocessing.apply(p.train.inputs);
  if (p.test) p.preprocessing.apply(p.test->inputs);
  if (p.task == Task::kClassification) {
    p.classes = std::max(count_classes(p.train.targets), source.table.classes);
    if (p.test) p.classes = std::max(p.classes, count_classes(p.test->targets));
    if (!p.shard_rows.empty())  // a class may be missing from one rank's block
      for (std::uint64_t c : distributed::allgather(p.classes))
        p.classes = std::max(p.classes, static_cast<std::size_t>(c));
    p.preprocessing.classes = p.classes;
  } else if (source.kind != SourceKind::kImages) {
    // Targets of any scale train like standardized inputs; outputs are restored on the way out.
    data::Standardizer targets;
    if (sharded)
      targets = distributed::fit_over_ranks(p.train.targets);
    else
      targets.fit(p.train.targets);
    p.preprocessing.target_mean = targets.mean();
    p.preprocessing.target_stddev = targets.stddev();
    p.preprocessing.scale_targets(p.train.targets);
    if (p.test) p.preprocessing.scale_targets(p.test->targets);
  }
  return p;
}

// The samples --validation_split holds out of the training part (the trainer splits them off;
// with --shard, each rank from its own rows).
std::size_t validation_samples(const TrainOptions& o, const Prepared& data) {
  if (o.validation_split == 0.0) return 0;
  if (data.shard_rows.empty()) return split_size(data.train.size(), o.validation_split);
  std::size_t sum = 0;
  for (std::size_t n : data.shard_rows) sum += split_size(n, o.validation_split);
  return sum;
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
    // r2 is missing when summed over --shard's ranks (it needs more than their sums).
    fmt::print("Test: loss {:.6f}  mse {:.6g}  mae {:.6g}{} ({} samples)\n", m.loss,
               m.mse.value_or(0), m.mae.value_or(0), m.r2 ? fmt::format("  r2 {:.4f}", *m.r2) : "",
               m.samples);
  }
}

ModelInfo model_info(const TrainOptions& o, const ModelPlan& plan, const Prepared& data) {
  ModelInfo info;
  info.loss = plan.loss;
  info.preprocessing = data.preprocessing;
  info.metadata = {
      {"data", o.data},
      {"trained_samples", std::to_string(global_train_rows(data) - validation_samples(o, data))},
      {"epochs", std::to_string(o.epochs)},
      {"batch_size", std::to_string(o.batch_size)}};
  // How the data was read and split, so that `axon eval` can score the same held-out rows.
  info.metadata.insert(info.metadata.end(),
                       {{"split_seed", std::to_string(o.seed)},
                        {"test_split", data.split ? fmt::format("{}", o.test_split) : "0"},
                        {"data_rows", std::to_string(data.source_rows)}});
  // With --shard each rank split its own block: `axon eval` splits the same blocks again.
  if (data.split && !data.source_blocks.empty())
    info.metadata.emplace_back("shard_rows", fmt::format("{}", fmt::join(data.source_blocks, ",")));
  if (data.kind == SourceKind::kCsv)
    info.metadata.insert(info.metadata.end(), {{"header", o.header},
                                               {"label_column", o.label_column},
                                               {"delimiter", o.delimiter},
                                               {"missing", o.missing},
                                               {"categorical", o.categorical}});
  return info;
}

// --model's output count checked against the data, as plan_model checks --layers'.
void check_model_outputs(std::size_t outputs, const Prepared& data) {
  if (data.task == Task::kRegression) {
    check(outputs == data.train.targets.cols(),
          "--model ends with {} output(s) but the regression data has {} target value(s) per "
          "sample",
          outputs, data.train.targets.cols());
    return;
  }
  check(outputs == data.classes || (outputs == 1 && data.classes <= 2) ||
            (outputs == 2 && data.classes == 1),
        "--model ends with {} output(s) but the data has {} classes (end with dense {})", outputs,
        data.classes, data.classes);
}

// The plan resolved against the data, the targets encoded for its loss, and the model built:
// the MLP of --layers, or the layers of --model.
Sequential build_model(TrainConfig& config, Prepared& data, ModelPlan& plan) {
  const DataShape shape{.features = data.train.features(),
                        .task = data.task,
                        .classes = data.classes,
                        .targets = data.train.targets.cols()};
  std::optional<Sequential> described;
  if (!config.architecture.empty()) {
    described.emplace(model_from_spec(config.architecture, data.image, data.train.features(),
                                      config.flags.data, config.flags.seed));
    const std::size_t outputs = described->output_shape().numel();
    check_model_outputs(outputs, data);
    plan = plan_model({.input = shape.features, .hidden = {}, .output = outputs},
                      final_activation(*described), config.loss, shape);
  } else {
    plan = plan_model(config.layers, config.output, config.loss, shape);
  }
  data.train.targets = encode_targets(data.train.targets, plan.one_hot, data.classes);
  if (data.test)
    data.test->targets = encode_targets(data.test->targets, plan.one_hot, data.classes);
  MlpOptions mlp{.activation = config.activation,
                 .output = plan.output,
                 .init = config.init,
                 .seed = config.flags.seed,
                 .batchnorm = config.flags.batchnorm};
  for (double p : config.flags.dropout) mlp.dropout.push_back(static_cast<float>(p));
  Sequential model = described ? std::move(*described) : Sequential::mlp(plan.sizes, mlp);
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
  if (!data.task_reason.empty())
    fmt::print("Task: {}, as {} (--task overrides)\n", to_string(data.task), data.task_reason);
  if (!o.epochs_given && data.kind == SourceKind::kCsv && o.checkpoint.empty() && o.resume.empty())
    fmt::print(
        "Epochs: up to {}{} (the default for a table of {}; --epochs to choose)\n", o.epochs,
        o.early_stopping > 0 && !o.early_stopping_given
            ? fmt::format(", stopping {} epochs after the best validation loss", o.early_stopping)
            : "",
        count_of(data.train.size(), "training row"));
  const std::size_t validation = validation_samples(o, data);
  std::size_t test_rows = data.test ? data.test->size() : 0;
  if (!data.shard_rows.empty()) {  // every rank's block of the test rows
    std::size_t sum = 0;
    for (std::uint64_t n : distributed::allgather(test_rows)) sum += n;
    test_rows = sum;
  }
  fmt::print("Split: {} training, {}{} test samples{}\n", global_train_rows(data) - validation,
             validation > 0 ? fmt::format("{} validation, ", validation) : "", test_rows,
             data.task == Task::kClassification ? fmt::format(", {} classes", data.classes) : "");
  if (!config.architecture.empty()) {
    fmt::print("Model: {} ({} output), {} parameters, loss {}, {} lr {}, {} products\n{}",
               config.architecture, plan.output, model.parameter_count(), plan.loss, o.optimizer,
               o.learning_rate, to_string(matmul), model.summary());
    std::cout << std::flush;
    return;
  }
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
      static_cast<double>(global_train_rows(data) - validation_samples(config.flags, data)) *
      static_cast<double>(history.size());
  fmt::print("Trained in {:.3g} s ({:.3g} s/epoch, {:.0f} samples/s)\n", seconds,
             seconds / static_cast<double>(history.size()), samples / seconds);
}

std::string report_text(const TrainConfig& config, const ModelPlan& plan, Sequential& model,
                        const Prepared& data, const History& history, double seconds,
                        const std::optional<Metrics>& test) {
  const TrainOptions& o = config.flags;
  nlohmann::json report = {{"config", to_json(o)},
                           {"model",
                            {{"layers", plan.sizes},
                             {"architecture", config.architecture},
                             {"activation", o.activation},
                             {"output", plan.output},
                             {"loss", plan.loss},
                             {"parameters", model.parameter_count()},
                             {"task", to_string(data.task)}}},
                           {"history", history_json(history)},
                           {"train_seconds", seconds}};
  // --model's layers are its string; the sizes and activation describe the MLP of --layers.
  nlohmann::json& described = report["model"];
  if (config.architecture.empty()) {
    described.erase("architecture");
  } else {
    described.erase("layers");
    described.erase("activation");
  }
  if (test) report["test"] = metrics_json(*test);
  return json_text(report);
}

// After SIGINT or SIGTERM: the checkpoint callback has saved where the run stopped; the model as
// it stands goes to --save; nothing is tested, reported or drawn.
[[noreturn]] void stop_interrupted(int signal, const TrainOptions& o, const Trainer& trainer,
                                   Sequential& model, const ModelInfo& info) {
  std::cout << std::flush;
  if (distributed::rank() != 0) throw Interrupted{signal};  // rank 0 speaks and writes for all
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

// Under mpirun or srun: every rank trains on its share of each batch; rank 0 alone prints and
// writes the model, report and plots, the others train quietly.
void join_ranks(TrainConfig& config) {
  TrainOptions& o = config.flags;
  config.trainer.data_parallel = true;
  config.trainer.sharded = o.shard;
  // The same flags on every rank: these refusals are alike on all of them.
  if (o.shard && !o.plots.empty())
    throw distributed::SharedError(fmt::format(
        "--plots draws from the whole data, but with --shard each of the {} ranks holds only its "
        "block of it: leave out one of the two",
        distributed::size()));
  for (const std::string& spec : {o.data, o.test_data})
    if (o.shard && !spec.empty() && !can_shard(spec))
      throw distributed::SharedError(
          fmt::format("--shard reads a rank's rows of IDX, CSV and NumPy sources only "
                      "(fashion-mnist, mnist:DIR, idx:DIR, csv:FILE, npz:FILE); '{}' is read "
                      "whole by every rank: leave out --shard",
                      spec));
  if (distributed::rank() == 0) return;
  o.save.clear();
  o.report.clear();
  o.plots.clear();
  if (std::freopen("/dev/null", "w", stdout) == nullptr) return;
}

// Ranks that read different data or build different models would sum unrelated gradients.
void check_ranks_agree(const Sequential& model, const Prepared& data, const TrainOptions& o) {
  const double fingerprint[] = {static_cast<double>(model.parameter_count()),
                                static_cast<double>(global_train_rows(data)),
                                static_cast<double>(o.seed)};
  check(distributed::same_on_all_ranks(fingerprint),
        "the {} ranks disagree: rank {} has {} parameters, {} training rows and seed {}; every "
        "rank must read the same data with the same flags",
        distributed::size(), distributed::rank(), model.parameter_count(), global_train_rows(data),
        o.seed);
}

void train(TrainConfig& config);

// The signal any rank received (the largest number; 0 for none): a collective call, so that every
// rank takes the same way out. mpirun turns its own SIGINT into a SIGTERM to each rank.
int signal_on_any_rank() {
  int signal = StopSignals::received();
  if (distributed::size() == 1) return signal;
  for (std::uint64_t s : distributed::allgather(static_cast<std::uint64_t>(signal)))
    signal = std::max(signal, static_cast<int>(s));
  return signal;
}

// Flags first (every bad one fails here, before any data is read, on every rank alike), then MPI
// when launched by mpirun, then the run.
void run_train(const TrainOptions& flags) {
  TrainConfig config = parse_train_config(flags);
  const StopSignals signals;
  check_output_paths(config.flags);
  distributed::Session mpi;  // MPI starts only after every flag is checked
  try {
    train(config);
  } catch (const distributed::SharedError&) {
    throw;  // every rank stopped at the same point: MPI ends normally
  } catch (const Interrupted&) {
    throw;  // after signal_on_any_rank: every rank stops here too
  } catch (...) {
    mpi.abandon();  // perhaps this rank alone: mpirun must stop the others
    throw;
  }
}

// Data, model, training with its callbacks, the test, and the outputs asked for.
void train(TrainConfig& config) {
  const TrainOptions& o = config.flags;
  if (distributed::size() > 1) join_ranks(config);
  // One run at a time writes a checkpoint: a second one is refused here, before any work. Rank 0
  // alone writes it, so it alone holds the lock.
  std::optional<FileLock> checkpoint_lock;
  if (!o.checkpoint.empty() || !o.resume.empty())
    distributed::run_on_rank0([&] {
      checkpoint_lock.emplace(o.checkpoint.empty() ? o.resume : o.checkpoint,
                              o.checkpoint.empty() ? "--resume" : "--checkpoint");
    });
  std::optional<LoadedCheckpoint> resumed = read_resume(o);
  if (o.threads > 0) set_num_threads(o.threads);
  enable_flush_to_zero();

  Prepared data = prepare_data(config);
  // Checkpointed runs keep the plain defaults: --resume must see the flags the run began with.
  const bool table_run =
      !o.epochs_given && data.kind == SourceKind::kCsv && o.checkpoint.empty() && o.resume.empty();
  if (table_run) table_defaults(config, data.train.size());
  ModelPlan plan;
  Sequential model = build_model(config, data, plan);
  check_ranks_agree(model, data, o);
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
  const ResumeState resume = prepare_checkpoints(o, model_info(o, plan, data), trainer, resumed);
  if (const int signal = signal_on_any_rank(); signal != 0) throw Interrupted{signal};

  const auto start = std::chrono::steady_clock::now();
  {
    const MatmulPrecisionScope precision(matmul);  // the test below runs in fp32, as axon eval
    trainer.fit(data.train, resume);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (const int signal = signal_on_any_rank(); signal != 0)
    stop_interrupted(signal, o, trainer, model, model_info(o, plan, data));
  std::optional<Metrics> test;
  if (data.test) test = evaluate_task(model, *data.test, data.task, 256, &data.preprocessing);
  if (test && !data.shard_rows.empty()) test = distributed::sum_metrics(*test);  // every block's
  print_summary(config, trainer, stopping, data, seconds, test);

  // The model and the report are written as one: a failure in either (a full disk) leaves
  // neither behind. The plots come last, in their own directory.
  StagedFiles outputs;
  if (!o.save.empty()) outputs.stage(o.save, model_file_bytes(model, model_info(o, plan, data)));
  if (!o.report.empty()) {
    const std::string text =
        report_text(config, plan, model, data, trainer.history(), seconds, test);
    outputs.stage(o.report, {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
  }
  outputs.commit();
  if (!o.save.empty()) fmt::print("Saved the model to {}\n", o.save);
  if (!o.report.empty()) fmt::print("Wrote the report to {}\n", o.report);
  plots.write(model, trainer.history(), plot_data);
  if (const int signal = signal_on_any_rank(); signal != 0) {
    if (distributed::rank() == 0)
      fmt::print(stderr, "axon: {} came after training; every output was written\n",
                 signal_name(signal));
    throw Interrupted{signal};
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command =
      app.add_subcommand("train", "Train an MLP (or the layers of --model) and test it");
  add_train_flags(*command, *options);
  command->callback([options, command] {
    options->epochs_given = command->count("--epochs") > 0;
    options->validation_split_given = command->count("--validation_split") > 0;
    options->early_stopping_given = command->count("--early_stopping") > 0;
    options->mlp_flags_given.clear();
    for (const char* flag :
         {"--layers", "--activation", "--output", "--dropout", "--batchnorm", "--init"})
      if (command->count(flag) > 0) options->mlp_flags_given.push_back(flag);
    run_train(*options);
  });
}

}  // namespace axon::cli
