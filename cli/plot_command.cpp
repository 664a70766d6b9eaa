// axon plot activations, and the plots of `axon train --plots` and `axon eval --plots`.
#include "plot_command.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "axon/metrics/accuracy.hpp"
#include "axon/metrics/confusion_matrix.hpp"
#include "axon/plot/activation_plot.hpp"
#include "axon/plot/class_names.hpp"
#include "axon/plot/confusion_matrix_plot.hpp"
#include "axon/plot/conv_images.hpp"
#include "axon/plot/decision_boundary.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/history_plot.hpp"
#include "axon/plot/layer_magnitudes.hpp"
#include "axon/plot/prediction_grid.hpp"
#include "axon/plot/regression_fit.hpp"
#include "axon/plot/weight_images.hpp"
#include "axon/tensor/error.hpp"
#include "flag_names.hpp"

namespace axon::cli {
namespace {

constexpr std::size_t kMagnitudeSamples = 256;

// Whether gnuplot is there; says once, on standard error, how to get it when it is not.
bool gnuplot_found() {
  if (plot::gnuplot_available()) return true;
  std::cerr << "axon: gnuplot not found; install gnuplot-nox to get plots\n";
  return false;
}

std::vector<std::string> class_names(const std::string& source) {
  if (source == "fashion-mnist" || source == "fashion_mnist")
    return plot::fashion_mnist_class_names();
  return {};
}

// Class indices (N, 1) from targets that are indices already or one-hot rows.
Tensor class_labels(const Tensor& targets) {
  if (targets.cols() == 1) return targets;
  Tensor labels(Shape{targets.rows(), 1});
  for (std::size_t i = 0; i < targets.rows(); ++i)
    labels[i] = static_cast<float>(predicted_class(targets.row(i), targets.cols(), 0.5f));
  return labels;
}

// The training and test parts one after the other.
Dataset all_samples(const TrainPlotData& data) {
  if (data.test == nullptr) return *data.train;
  const Dataset& a = *data.train;
  const Dataset& b = *data.test;
  Tensor inputs(Shape{a.size() + b.size(), a.features()});
  Tensor targets(Shape{a.size() + b.size(), a.targets.cols()});
  std::copy(a.inputs.values().begin(), a.inputs.values().end(), inputs.data());
  std::copy(b.inputs.values().begin(), b.inputs.values().end(), inputs.data() + a.inputs.size());
  std::copy(a.targets.values().begin(), a.targets.values().end(), targets.data());
  std::copy(b.targets.values().begin(), b.targets.values().end(),
            targets.data() + a.targets.size());
  return Dataset(std::move(inputs), std::move(targets));
}

// Standardized inputs back in the data's own units.
Tensor raw_inputs(const Tensor& x, const Preprocessing& p) {
  Tensor raw = x;
  if (p.mean.empty()) return raw;
  for (std::size_t i = 0; i < raw.rows(); ++i)
    for (std::size_t j = 0; j < raw.cols(); ++j) raw(i, j) = raw(i, j) * p.stddev[j] + p.mean[j];
  return raw;
}

// The side of square images (28 for 784 pixels), or 0 when the inputs are not images.
std::size_t image_side(const TrainPlotData& data) {
  if (data.preprocessing->pixel_scale == 1.0f) return 0;
  const auto side = static_cast<std::size_t>(std::lround(std::sqrt(data.train->features())));
  return side * side == data.train->features() ? side : 0;
}

bool is_2d_classification(const TrainPlotData& data) {
  return data.task == Task::kClassification && data.train->features() == 2;
}

bool is_1d_regression(const TrainPlotData& data) {
  return data.task == Task::kRegression && data.train->features() == 1 &&
         data.train->targets.cols() == 1;
}

std::vector<std::size_t> predicted_classes(Sequential& model, const Tensor& inputs) {
  const Tensor outputs = model.predict(inputs);
  const float threshold = model.loss() != nullptr ? model.loss()->decision_threshold() : 0.5f;
  std::vector<std::size_t> classes(outputs.rows());
  for (std::size_t i = 0; i < outputs.rows(); ++i)
    classes[i] = predicted_class(outputs.row(i), outputs.cols(), threshold);
  return classes;
}

Tensor first_rows(const Tensor& x, std::size_t count) {
  count = std::min(count, x.rows());
  return Tensor(Shape{count, x.cols()}, x.values().subspan(0, count * x.cols()));
}

void write_prediction_grid(Sequential& model, const TrainPlotData& data, std::size_t side,
                           const plot::PlotOptions& grid_options) {
  const Dataset& shown = data.test != nullptr ? *data.test : *data.train;
  const Tensor images = first_rows(shown.inputs, 25);
  const Tensor labels = class_labels(shown.targets);
  std::vector<std::size_t> actual(images.rows());
  for (std::size_t i = 0; i < actual.size(); ++i) actual[i] = static_cast<std::size_t>(labels[i]);
  plot::prediction_grid(
      images, actual, predicted_classes(model, images), grid_options,
      {.image_width = side, .image_height = side, .class_names = class_names(data.source)});
}

void run_plot_activations(const std::string& out, const std::string& format,
                          const std::vector<std::string>& names) {
  if (!plot::gnuplot_available()) throw plot::GnuplotMissing();
  const std::string path = plot::plot_path(out, "activations", plot::parse_plot_format(format));
  plot::activations(names, {.path = path, .format = plot::parse_plot_format(format)});
  fmt::print("Wrote {} and {}\n", path, plot::csv_path(path));
}

}  // namespace

TrainPlots::TrainPlots(std::string dir, const std::string& format,
                       std::vector<std::size_t> snapshot_epochs)
    : dir_(std::move(dir)),
      format_(plot::parse_plot_format(format)),
      snapshot_epochs_(std::move(snapshot_epochs)) {
  enabled_ = !dir_.empty() && gnuplot_found();
}

void TrainPlots::watch(Trainer& trainer, const TrainPlotData& data) {
  if (!enabled_) return;
  gradients_ = std::make_unique<plot::GradientNormRecorder>(trainer.model());
  trainer.add(*gradients_);
  if (is_1d_regression(data)) {
    const std::vector<std::size_t> epochs =
        snapshot_epochs_.empty() ? plot::default_snapshot_epochs(trainer.options().epochs)
                                 : snapshot_epochs_;
    snapshots_ = std::make_unique<plot::FitSnapshots>(epochs, all_samples(data).inputs);
    trainer.add(*snapshots_);
  } else if (!snapshot_epochs_.empty()) {
    std::cerr << "axon: --snapshot_epochs applies to 1-D regression only; no snapshots taken\n";
  }
}

void TrainPlots::write(Sequential& model, const History& history, const TrainPlotData& data) {
  if (!enabled_ || history.empty()) return;
  std::vector<std::string> written;
  auto options = [&](const std::string& name) {
    written.push_back(name);
    return plot::PlotOptions{.path = plot::plot_path(dir_, name, format_), .format = format_};
  };
  plot::history(history, options("history"));
  if (is_2d_classification(data)) {
    const Dataset all = all_samples(data);
    const Preprocessing& prep = *data.preprocessing;
    plot::decision_boundary(model, raw_inputs(all.inputs, prep), class_labels(all.targets),
                            options("decision_boundary"),
                            {.transform = [&prep](Tensor& x) { prep.apply(x); },
                             .class_names = class_names(data.source)});
  }
  if (is_1d_regression(data)) {
    const Dataset all = all_samples(data);
    // Inputs and values in the data's own units, as a user would plot them.
    const Preprocessing& prep = *data.preprocessing;
    const Tensor x = raw_inputs(all.inputs, prep);
    Tensor actual = all.targets;
    prep.restore_targets(actual);
    Tensor predicted = model.predict(all.inputs);
    prep.restore_targets(predicted);
    plot::actual_vs_predicted(x.values(), actual.values(), predicted.values(),
                              options("actual_vs_predicted"));
    if (snapshots_ && !snapshots_->snapshots().empty()) {
      std::vector<plot::FitSnapshot> snapshots = snapshots_->snapshots();
      for (plot::FitSnapshot& s : snapshots) {
        Tensor values(Shape{s.predicted.size(), 1}, s.predicted);
        prep.restore_targets(values);
        s.predicted.assign(values.values().begin(), values.values().end());
      }
      plot::fit_snapshots(x.values(), actual.values(), snapshots, options("fit_snapshots"));
    }
  }
  const bool convolutional = plot::first_conv_index(model) < model.size();
  if (const std::size_t side = image_side(data); side > 0) {
    write_prediction_grid(model, data, side, options("prediction_grid"));
    if (!convolutional)
      plot::first_layer_weights(model, options("first_layer_weights"),
                                {.image_width = side, .image_height = side});
  }
  if (convolutional) {
    plot::conv_filters(model, options("conv_filters"));
    const Dataset& shown = data.test != nullptr ? *data.test : *data.train;
    plot::feature_maps(model, first_rows(shown.inputs, 1), options("feature_maps"));
  }
  const Dataset& sample = data.test != nullptr ? *data.test : *data.train;
  plot::layer_magnitudes(
      plot::measure_layer_magnitudes(model, first_rows(sample.inputs, kMagnitudeSamples)),
      options("layer_magnitudes"));
  if (gradients_) plot::gradient_norms(gradients_->history(), options("gradient_norms"));
  fmt::print("Wrote {} plots (.{} and .csv) to {}: {}\n", written.size(), plot::to_string(format_),
             dir_, fmt::join(written, ", "));
}

void write_eval_plots(const std::string& dir, const std::string& format,
                      const ConfusionMatrix& matrix, const std::string& source) {
  if (dir.empty()) return;
  const plot::PlotFormat plot_format = plot::parse_plot_format(format);
  if (!gnuplot_found()) return;
  const std::string path = plot::plot_path(dir, "confusion_matrix", plot_format);
  plot::confusion_matrix(matrix, {.path = path, .format = plot_format}, class_names(source));
  fmt::print("Wrote {} and {}\n", path, plot::csv_path(path));
}

void write_eval_conv_plots(const std::string& dir, const std::string& format, Sequential& model,
                           const Tensor& inputs) {
  if (dir.empty() || inputs.rows() == 0 || plot::first_conv_index(model) == model.size()) return;
  const plot::PlotFormat plot_format = plot::parse_plot_format(format);
  if (!gnuplot_found()) return;
  const std::string filters = plot::plot_path(dir, "conv_filters", plot_format);
  const std::string maps = plot::plot_path(dir, "feature_maps", plot_format);
  plot::conv_filters(model, {.path = filters, .format = plot_format});
  plot::feature_maps(model, first_rows(inputs, 1), {.path = maps, .format = plot_format});
  fmt::print("Wrote {} and {} (and .csv)\n", filters, maps);
}

void add_plot_command(CLI::App& app) {
  CLI::App* plot = app.add_subcommand("plot", "Draw reference plots (needs gnuplot)");
  plot->require_subcommand(1);
  struct Options {
    std::string out = ".";
    std::string format = "png";
    std::vector<std::string> names = plot::default_activation_names();
  };
  auto o = std::make_shared<Options>();
  CLI::App* activations = plot->add_subcommand(
      "activations", "Each activation function and its derivative, one panel each");
  activations->add_option("--plots,--out", o->out,
                          "Directory for activations.png (or .svg) and .csv, as train's --plots");
  activations->add_option("--plot_format,--format", o->format, "Picture format: png or svg")
      ->check(CLI::IsMember({"png", "svg"}));
  activations
      ->add_option("--names", o->names,
                   "Activations to draw: relu, leaky_relu, sigmoid, tanh, elu, gelu, softplus, "
                   "identity")
      ->delimiter(',');
  activations->callback([o] { run_plot_activations(o->out, o->format, o->names); });
}

}  // namespace axon::cli
