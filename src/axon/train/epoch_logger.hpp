// EpochLogger: one line per chosen epoch, as Keras's verbose=2:
//   Epoch 10/100  loss 0.412345  accuracy 0.8812  val_loss 0.431234  val_accuracy 0.8750  0.12 s
// printed for the first epoch, every `every`-th, the last, and the one a run stops after.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

#include "axon/train/callback.hpp"

namespace axon {

class EpochLogger : public Callback {
 public:
  /// `every` > 0: the interval between lines (0 prints nothing).
  EpochLogger(std::ostream& out, std::size_t every);

  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override;

 private:
  std::ostream& out_;
  std::size_t every_;
};

/// The line above for `record` of a run of `epochs` (no newline).
std::string epoch_line(const EpochRecord& record, std::size_t epochs);

}  // namespace axon
