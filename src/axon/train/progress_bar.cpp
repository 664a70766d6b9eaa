// ProgressBar: drawing and clearing the bar.
#include "axon/train/progress_bar.hpp"

#include <ostream>
#include <string>

#include <fmt/format.h>

#include "axon/train/trainer.hpp"

namespace axon {
namespace {

constexpr std::size_t kBarCells = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(50);

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

void ProgressBar::on_epoch_begin(Trainer& /*trainer*/, std::size_t /*epoch*/) {
  epoch_start_ = Clock::now();
  last_draw_ = epoch_start_ - kRedrawInterval;
}

void ProgressBar::on_batch_end(Trainer& trainer, const BatchRecord& r) {
  if (!terminal_) return;
  const Clock::time_point now = Clock::now();
  if (now - last_draw_ < kRedrawInterval && r.batch != r.batches) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(r.batch) / elapsed : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(r.batches - r.batch) / rate : 0.0;
  const std::size_t filled = r.batches == 0 ? kBarCells : kBarCells * r.batch / r.batches;
  std::string line =
      fmt::format("Epoch {}/{} [{}{}] {}/{}  {:.0f} batch/s  ETA {:.1f}s  loss {:.4f}", r.epoch,
                  trainer.options().epochs, std::string(filled, '='),
                  std::string(kBarCells - filled, '.'), r.batch, r.batches, rate, eta, r.mean_loss);
  if (r.accuracy) line += fmt::format("  accuracy {:.4f}", *r.accuracy);
  const std::size_t width = line.size();
  if (width < bar_width_) line += std::string(bar_width_ - width, ' ');
  bar_width_ = width;
  out_ << '\r' << line << std::flush;
}

void ProgressBar::on_epoch_end(Trainer& /*trainer*/, const EpochRecord& /*record*/) {
  if (bar_width_ == 0) return;
  out_ << '\r' << std::string(bar_width_, ' ') << '\r' << std::flush;
  bar_width_ = 0;
}

}  // namespace axon
