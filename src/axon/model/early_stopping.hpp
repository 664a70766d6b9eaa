// EarlyStopping: stops training once the monitored loss stops improving and keeps a copy of the
// model's best weights to return to (the rule of Keras's EarlyStopping on "val_loss" with
// restore_best_weights).
//
//   improved:  loss < best - min_delta   -> best = loss, wait = 0, copy the weights and buffers
//   otherwise: wait += 1; stop when wait >= patience
#pragma once

#include <cstddef>
#include <vector>

namespace axon {

class Sequential;

struct EarlyStoppingOptions {
  std::size_t patience = 0;  ///< epochs without improvement before stopping; 0 never stops
  double min_delta = 0.0;    ///< >= 0: the drop in loss that counts as an improvement
};

class EarlyStopping {
 public:
  explicit EarlyStopping(const EarlyStoppingOptions& options);

  bool active() const { return options_.patience > 0; }
  /// Ends an epoch with its monitored `loss`; copies the model's parameter values and layer
  /// buffers when it improved. Returns true when training should stop.
  bool update(double loss, Sequential& model);
  /// Puts the best epoch's values and buffers back into `model` (nothing before any update).
  void restore_best(Sequential& model) const;
  /// 1-based epoch of the best loss so far, 0 before any update.
  std::size_t best_epoch() const { return best_epoch_; }
  double best_loss() const { return best_loss_; }

 private:
  EarlyStoppingOptions options_;
  std::size_t epoch_ = 0;
  std::size_t best_epoch_ = 0;
  double best_loss_ = 0.0;
  std::size_t wait_ = 0;
  std::vector<float> best_values_;
  std::vector<std::vector<float>> best_buffers_;
};

}  // namespace axon
