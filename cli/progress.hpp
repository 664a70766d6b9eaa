// Progress: what `axon train` prints while it trains. On a terminal, a bar redrawn in place
// during each epoch (batches, rate, ETA, running loss and accuracy); elsewhere (pipes, CI) only
// plain lines. A line stays for the first epoch, every `verbose_every`-th and the last.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>

#include "axon/model/history.hpp"

namespace axon::cli {

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, std::size_t epochs, std::size_t verbose_every);

  /// After each batch: redraws the bar (at most ~20 times a second) on a terminal.
  void on_batch(std::size_t epoch, std::size_t batch, std::size_t batches, double loss,
                double accuracy);
  /// After each epoch: prints the epoch's line when it is one to keep.
  void on_epoch(const EpochRecord& record);

 private:
  using Clock = std::chrono::steady_clock;

  std::ostream& out_;
  bool terminal_;
  std::size_t epochs_;
  std::size_t verbose_every_;
  Clock::time_point epoch_start_;
  Clock::time_point last_draw_;
  std::size_t bar_width_ = 0;  // characters of the bar on screen, to clear it
};

/// True when standard output is a terminal.
bool stdout_is_terminal();

}  // namespace axon::cli
