// SIGINT and SIGTERM during `axon train`: the first asks the run to stop after the current batch
// (the trainer then saves what it can and the command exits 130 or 143); a second one removes the
// temporary files being written and exits at once.
#pragma once

#include "axon/train/callback.hpp"

namespace axon::cli {

/// Installs the handlers for SIGINT and SIGTERM (and restores the defaults when destroyed).
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// The first signal received (SIGINT or SIGTERM), 0 while none came.
  static int received();
  /// The exit code for a run stopped by `signal`: 128 + its number (130 for SIGINT, 143 SIGTERM).
  static int exit_code(int signal) { return 128 + signal; }
};

/// Asks the trainer to stop after the batch in progress once a signal came.
class StopOnSignal : public Callback {
 public:
  void on_batch_end(Trainer& trainer, const BatchRecord& record) override;
};

/// Thrown by a command stopped by a signal once it has saved what it could; main exits with
/// StopSignals::exit_code(signal).
struct Interrupted {
  int signal = 0;
};

/// "SIGINT", "SIGTERM" or "a signal".
const char* signal_name(int signal);

}  // namespace axon::cli
