// The handler does only async-signal-safe work: it stores the signal number, writes a fixed
// message with write(2), and on the second signal unlinks the recorded temporaries and _exits.
#include "signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "axon/io/temporary_files.hpp"
#include "axon/train/trainer.hpp"

namespace axon::cli {
namespace {

std::atomic<int> first_signal{0};

void say(const char* text) {
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

void on_signal(int signal) {
  int none = 0;
  if (first_signal.compare_exchange_strong(none, signal)) {
    say(signal == SIGINT ? "\naxon: SIGINT: stopping after this batch (again to stop at once)\n"
                         : "\naxon: SIGTERM: stopping after this batch (again to stop at once)\n");
    return;
  }
  remove_temporaries_now();
  say("axon: stopped at once; the last saved files are kept, temporary files removed\n");
  ::_exit(128 + signal);
}

void install(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads in progress go on; the run stops between batches
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

StopSignals::StopSignals() {
  first_signal.store(0);
  install(on_signal);
}

StopSignals::~StopSignals() { install(SIG_DFL); }

int StopSignals::received() { return first_signal.load(); }

void StopOnSignal::on_batch_end(Trainer& trainer, const BatchRecord& /*record*/) {
  if (const int signal = StopSignals::received(); signal != 0 && !trainer.stop_requested())
    trainer.request_stop(signal_name(signal), StopPoint::kAfterBatch);
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

}  // namespace axon::cli
