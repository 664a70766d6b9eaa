// EarlyStopping: stops training once the monitored loss (the validation loss when there is one,
// else the training loss) stops improving, and puts the model back to its best epoch when
// training ends (the rule of Keras's EarlyStopping on "val_loss" with restore_best_weights).
//
//   improved:  loss < best - min_delta   -> best = loss, wait = 0, copy the weights and buffers
//   otherwise: wait += 1; request a stop when wait >= patience
#pragma once

#include <cstddef>
#include <iosfwd>
#include <vector>

#include "axon/train/callback.hpp"

namespace axon {

class Sequential;

struct EarlyStoppingOptions {
  std::size_t patience = 0;  ///< epochs without improvement before stopping; 0 never stops
  double min_delta = 0.0;    ///< >= 0: the drop in loss that counts as an improvement
  /// Where to say which epoch's weights were restored; nowhere when null.
  std::ostream* log = nullptr;
};

class EarlyStopping : public Callback {
 public:
  explicit EarlyStopping(const EarlyStoppingOptions& options);

  /// Refuses a resumed run: the best weights before it are not known.
  void on_train_begin(Trainer& trainer) override;
  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;
  /// Restores the best epoch's weights and buffers.
  void on_train_end(Trainer& trainer) override;

  bool active() const { return options_.patience > 0; }
  /// Ends an epoch with its monitored `loss`; copies the model's parameter values and layer
  /// buffers when it improved. Returns true when training should stop.
  bool update(double loss, Sequential& model);
  /// Puts the best epoch's values and buffers back into `model` (nothing before any update).
  void restore_best(Sequential& model) const;
  /// 1-based epoch of the best loss so far, 0 before any update.
  std::size_t best_epoch() const { return best_epoch_; }
  double best_loss() const { return best_loss_; }
  /// Whether the last run stopped because of this rule.
  bool stopped() const { return stopped_; }

 private:
  EarlyStoppingOptions options_;
  std::size_t epoch_ = 0;
  std::size_t best_epoch_ = 0;
  double best_loss_ = 0.0;
  std::size_t wait_ = 0;
  bool stopped_ = false;
  std::vector<float> best_values_;
  std::vector<std::vector<float>> best_buffers_;
};

}  // namespace axon
