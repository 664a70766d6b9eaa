// Progress: the in-place bar and the per-epoch lines.
#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ostream>

#include <fmt/format.h>

namespace axon::cli {
namespace {

constexpr std::size_t kBarCells = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(50);

std::string epoch_line(const EpochRecord& r, std::size_t epochs) {
  std::string line = fmt::format("Epoch {}/{}  loss {:.6f}", r.epoch, epochs, r.loss);
  if (r.accuracy) line += fmt::format("  accuracy {:.4f}", *r.accuracy);
  if (r.val_loss) line += fmt::format("  val_loss {:.6f}", *r.val_loss);
  if (r.val_accuracy) line += fmt::format("  val_accuracy {:.4f}", *r.val_accuracy);
  return line + fmt::format("  {:.2f} s", r.seconds);
}

}  // namespace

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

Progress::Progress(std::ostream& out, bool terminal, std::size_t epochs, std::size_t verbose_every)
    : out_(out), terminal_(terminal), epochs_(epochs), verbose_every_(verbose_every) {
  epoch_start_ = Clock::now();
  last_draw_ = epoch_start_ - kRedrawInterval;
}

void Progress::on_batch(std::size_t epoch, std::size_t batch, std::size_t batches, double loss,
                        double accuracy) {
  const Clock::time_point now = Clock::now();
  if (!terminal_ || (now - last_draw_ < kRedrawInterval && batch != batches)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
  const double rate = elapsed > 0.0 ? batch / elapsed : 0.0;
  const double eta = rate > 0.0 ? (batches - batch) / rate : 0.0;
  const std::size_t filled = batches == 0 ? kBarCells : kBarCells * batch / batches;
  std::string line =
      fmt::format("Epoch {}/{} [{}{}] {}/{}  {:.0f} batch/s  ETA {:.1f}s  loss {:.4f}", epoch,
                  epochs_, std::string(filled, '='), std::string(kBarCells - filled, '.'), batch,
                  batches, rate, eta, loss);
  if (!std::isnan(accuracy)) line += fmt::format("  accuracy {:.4f}", accuracy);
  const std::size_t width = line.size();
  if (width < bar_width_) line += std::string(bar_width_ - width, ' ');
  bar_width_ = width;
  out_ << '\r' << line << std::flush;
}

void Progress::on_epoch(const EpochRecord& record) {
  if (terminal_ && bar_width_ > 0) {
    out_ << '\r' << std::string(bar_width_, ' ') << '\r';
    bar_width_ = 0;
  }
  const bool keep = verbose_every_ > 0 && (record.epoch == 1 || record.epoch == epochs_ ||
                                           record.epoch % verbose_every_ == 0);
  if (keep) out_ << epoch_line(record, epochs_) << '\n';
  out_ << std::flush;
  epoch_start_ = Clock::now();  // the next epoch starts now
}

}  // namespace axon::cli
