// The fit at chosen epochs (seed 003's "results after 10, 50, 100, 500 and 1000 epochs"):
// FitSnapshots, a training callback, records the model's predictions, and fit_snapshots draws them
// as a grid of actual-vs-predicted panels.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/plot/regression_fit.hpp"
#include "axon/tensor/tensor.hpp"
#include "axon/train/callback.hpp"

namespace axon::plot {

struct FitSnapshot {
  std::size_t epoch = 0;
  std::vector<float> predicted;  ///< the first output for every input row
};

/// Records predictions on fixed inputs at the given epochs:
///   FitSnapshots snapshots({10, 50, 100}, inputs);
///   Trainer(model, options).add(snapshots).fit(train);
class FitSnapshots : public Callback {
 public:
  FitSnapshots(std::vector<std::size_t> epochs, Tensor inputs);

  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

  /// Predicts `inputs` when r.epoch is one of the epochs.
  void record(Sequential& model, const EpochRecord& r);
  const std::vector<FitSnapshot>& snapshots() const { return snapshots_; }

 private:
  std::vector<std::size_t> epochs_;
  Tensor inputs_;
  std::vector<FitSnapshot> snapshots_;
};

/// Epochs like the seed's 10, 50, 100, 500, 1000 for a run of `epochs`: 1%, 5%, 10%, 50% and 100%
/// of it, without repeats or zeros.
std::vector<std::size_t> default_snapshot_epochs(std::size_t epochs);

/// One panel per snapshot (up to three per row), each with the actual values and that epoch's
/// predictions over x. CSV: x,actual,epoch_E,... (rows sorted by x).
void fit_snapshots(std::span<const float> x, std::span<const float> actual,
                   const std::vector<FitSnapshot>& snapshots, const PlotOptions& options,
                   const RegressionPlotOptions& labels = {});

}  // namespace axon::plot
