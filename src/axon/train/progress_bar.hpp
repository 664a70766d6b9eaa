// ProgressBar: a bar redrawn in place during each epoch (batches, rate, ETA, running loss and
// accuracy), at most ~20 times a second, and cleared when the epoch ends. Meant for a terminal:
// with `terminal` false it draws nothing, so pipes and logs get only EpochLogger's lines.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>

#include "axon/train/callback.hpp"

namespace axon {

class ProgressBar : public Callback {
 public:
  ProgressBar(std::ostream& out, bool terminal);

  void on_epoch_begin(Trainer& trainer, std::size_t epoch) override;
  void on_batch_end(Trainer& trainer, const BatchRecord& record) override;
  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

 private:
  using Clock = std::chrono::steady_clock;

  std::ostream& out_;
  bool terminal_;
  Clock::time_point epoch_start_;
  Clock::time_point last_draw_;
  std::size_t bar_width_ = 0;  // characters of the bar on screen, to clear it
};

}  // namespace axon
