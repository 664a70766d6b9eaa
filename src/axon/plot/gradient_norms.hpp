// Gradient norms per layer over training: the L2 norm of each dense layer's weight gradient,
// averaged over the batches of every epoch, as one line per layer (log scale when they span
// more than a factor of 20).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "axon/model/sequential.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/train/callback.hpp"

namespace axon::plot {

struct GradientNormHistory {
  std::vector<std::string> layers;         ///< "dense_1", ...
  std::vector<std::size_t> epochs;         ///< 1-based
  std::vector<std::vector<double>> norms;  ///< norms[e][l]: epoch e, layer l
};

/// Collects the norms during training, as a callback on a built model:
///   GradientNormRecorder grads(model);
///   Trainer(model, options).add(grads).fit(train);
class GradientNormRecorder : public Callback {
 public:
  explicit GradientNormRecorder(Sequential& model);

  void on_batch_end(Trainer& trainer, const BatchRecord& record) override;
  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

  /// Adds ||dL/dW|| of every dense layer, as the last train_step left the gradients.
  void after_batch();
  /// Averages the batches since the last call into one point for `epoch`.
  void end_epoch(std::size_t epoch);
  const GradientNormHistory& history() const { return history_; }

 private:
  std::vector<std::span<const float>> grads_;
  std::vector<double> sums_;
  std::size_t batches_ = 0;
  GradientNormHistory history_;
};

/// One line per layer over the epochs. CSV: epoch,dense_1,dense_2,...
void gradient_norms(const GradientNormHistory& history, const PlotOptions& options);

}  // namespace axon::plot
