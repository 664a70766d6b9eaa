// LrSchedule: the learning rate for each epoch, as torch.optim.lr_scheduler computes it. Epochs
// count from 0; `base` is the optimizer's learning rate when training starts.
//
//   constant      lr = base
//   step          lr = base gamma^floor(e / step_size)                          (StepLR)
//   exponential   lr = base gamma^e                                             (ExponentialLR)
//   cosine        lr = eta_min + (base - eta_min) (1 + cos(pi e / T_max)) / 2   (CosineAnnealingLR)
//   plateau       lr = max(lr factor, min_lr) once the monitored loss has not dropped below
//                 best (1 - threshold) for more than `patience` epochs         (ReduceLROnPlateau)
//   warm-up W     lr = base (e + 1) / W for e < W, then the schedule at epoch e - W
//                 (SequentialLR of LinearLR(1 / W, 1, W - 1) and the schedule, milestone W)
#pragma once

#include <cstddef>
#include <string>

namespace axon {

struct StepLrOptions {
  std::size_t step_size = 0;  ///< > 0: epochs between decays
  float gamma = 0.1f;         ///< in (0, 1]: factor per decay
};

struct CosineLrOptions {
  std::size_t t_max = 0;  ///< > 0: epochs from base down to eta_min
  float eta_min = 0.0f;   ///< >= 0: the lowest rate
};

struct PlateauLrOptions {
  float factor = 0.1f;        ///< in (0, 1): the rate's factor on a plateau
  std::size_t patience = 10;  ///< epochs without improvement tolerated
  float threshold = 1e-4f;    ///< >= 0: improving means loss < best (1 - threshold)
  std::size_t cooldown = 0;   ///< epochs after a reduction before counting again
  float min_lr = 0.0f;        ///< >= 0: the rate never goes below this
};

class LrSchedule {
 public:
  enum class Kind { kConstant, kStep, kExponential, kCosine, kPlateau };

  static LrSchedule constant() { return LrSchedule(Kind::kConstant); }
  static LrSchedule step(const StepLrOptions& options);
  /// gamma in (0, 1]: a decay (torch allows growth; a rate grown without bound only diverges).
  static LrSchedule exponential(float gamma);
  static LrSchedule cosine(const CosineLrOptions& options);
  static LrSchedule plateau(const PlateauLrOptions& options = {});
  /// This schedule after `epochs` of linear warm-up (0: none).
  LrSchedule with_warmup(std::size_t epochs) const;

  /// Parses "constant", "step:STEP_SIZE[:GAMMA]", "exponential:GAMMA", "cosine:T_MAX[:ETA_MIN]",
  /// "plateau[:FACTOR[:PATIENCE[:THRESHOLD[:MIN_LR[:COOLDOWN]]]]]", each optionally followed by
  /// "+warmup:EPOCHS" (such as "cosine:50+warmup:5"). Throws naming the forms for bad text.
  static LrSchedule parse(const std::string& text);
  /// The form parse reads back.
  std::string to_string() const;

  /// Starts over at epoch 0 from `base_lr` (> 0), forgetting any plateau state.
  void start(float base_lr);
  /// The learning rate of the current epoch (0 is possible: cosine with eta_min 0 at T_max).
  double learning_rate() const;
  /// Ends the current epoch. `monitored_loss` drives plateau (it is ignored during warm-up).
  void end_epoch(double monitored_loss);
  /// The current epoch, from 0.
  std::size_t epoch() const { return epoch_; }

  Kind kind() const { return kind_; }
  std::size_t warmup_epochs() const { return warmup_epochs_; }
  bool is_constant() const { return kind_ == Kind::kConstant && warmup_epochs_ == 0; }
  const StepLrOptions& step_options() const { return step_; }
  float gamma() const { return gamma_; }
  const CosineLrOptions& cosine_options() const { return cosine_; }
  const PlateauLrOptions& plateau_options() const { return plateau_; }

 private:
  explicit LrSchedule(Kind kind) : kind_(kind) {}
  /// The schedule's own rate at its epoch `e` (after warm-up).
  double scheduled(std::size_t e) const;

  Kind kind_;
  StepLrOptions step_{};
  float gamma_ = 0.1f;  // exponential
  CosineLrOptions cosine_{};
  PlateauLrOptions plateau_{};
  std::size_t warmup_epochs_ = 0;
  // Progress.
  double base_ = 0.0;
  std::size_t epoch_ = 0;
  double plateau_lr_ = 0.0;
  double best_ = 0.0;
  std::size_t bad_epochs_ = 0;
  std::size_t cooldown_left_ = 0;
};

}  // namespace axon
