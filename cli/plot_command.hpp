// Plots from the command line: `axon plot activations`, and the pictures `axon train --plots DIR`
// and `axon eval --plots DIR` write (see docs/plots.md). Without gnuplot, training and evaluation
// run as usual and one line says how to get the plots.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/io/preprocessing.hpp"
#include "axon/metrics/confusion_matrix.hpp"
#include "axon/model/sequential.hpp"
#include "axon/plot/fit_snapshots.hpp"
#include "axon/plot/gradient_norms.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/train/trainer.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace axon::cli {

void add_plot_command(CLI::App& app);

/// The data of a training run, as the plots need it (inputs preprocessed, targets as given to
/// the loss).
struct TrainPlotData {
  const Dataset* train = nullptr;
  const Dataset* test = nullptr;  ///< null without a test part
  Task task = Task::kClassification;
  std::size_t classes = 0;
  const Preprocessing* preprocessing = nullptr;
  std::string source;  ///< the --data value, which names the classes of Fashion-MNIST
};

/// The plots of `axon train --plots DIR`: history, layer magnitudes and gradient norms always;
/// the decision boundary for 2-D classification; actual vs predicted and the fit at chosen
/// epochs for 1-D regression; the prediction grid for square images, with the first-layer weights
/// of an MLP; the first convolution's filters and one image's feature maps for a CNN.
class TrainPlots {
 public:
  /// An empty `dir` turns plotting off. Checks the format, and gnuplot (printing one line and
  /// turning plotting off when it is missing).
  TrainPlots(std::string dir, const std::string& format, std::vector<std::size_t> snapshot_epochs);

  bool enabled() const { return enabled_; }
  /// Adds the gradient-norm and snapshot recorders to the trainer's callbacks.
  void watch(Trainer& trainer, const TrainPlotData& data);
  /// Writes every plot that fits the run and prints one line naming them.
  void write(Sequential& model, const History& history, const TrainPlotData& data);

 private:
  std::string dir_;
  plot::PlotFormat format_ = plot::PlotFormat::kPng;
  std::vector<std::size_t> snapshot_epochs_;
  bool enabled_ = false;
  std::unique_ptr<plot::GradientNormRecorder> gradients_;
  std::unique_ptr<plot::FitSnapshots> snapshots_;
};

/// The confusion-matrix heat map of `axon eval --plots DIR`; does nothing for an empty `dir`.
/// `source` is the --data value.
void write_eval_plots(const std::string& dir, const std::string& format,
                      const ConfusionMatrix& matrix, const std::string& source);

/// The pictures of a CNN for `axon eval --plots DIR`: the first convolution's filters and the
/// feature maps of the first row of `inputs` (preprocessed). Does nothing for an empty `dir` or
/// a model without a convolution.
void write_eval_conv_plots(const std::string& dir, const std::string& format, Sequential& model,
                           const Tensor& inputs);

}  // namespace axon::cli
