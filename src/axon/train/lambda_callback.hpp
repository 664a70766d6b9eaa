// LambdaCallback: a callback made of functions, for the one-off hook of a script or a test:
//
//   trainer.add(std::make_unique<LambdaCallback>(LambdaCallback::Hooks{
//       .on_epoch_end = [](Trainer&, const EpochRecord& r) { fmt::print("{}\n", r.loss); }}));
#pragma once

#include <cstddef>
#include <functional>
#include <utility>

#include "axon/train/callback.hpp"

namespace axon {

class LambdaCallback : public Callback {
 public:
  /// Each hook may be left empty.
  struct Hooks {
    std::function<void(Trainer&)> on_train_begin = {};
    std::function<void(Trainer&, std::size_t)> on_epoch_begin = {};
    std::function<void(Trainer&, const BatchRecord&)> on_batch_end = {};
    std::function<void(Trainer&, const EpochRecord&)> on_epoch_end = {};
    std::function<void(Trainer&)> on_train_end = {};
  };

  explicit LambdaCallback(Hooks hooks) : hooks_(std::move(hooks)) {}

  void on_train_begin(Trainer& t) override {
    if (hooks_.on_train_begin) hooks_.on_train_begin(t);
  }
  void on_epoch_begin(Trainer& t, std::size_t epoch) override {
    if (hooks_.on_epoch_begin) hooks_.on_epoch_begin(t, epoch);
  }
  void on_batch_end(Trainer& t, const BatchRecord& r) override {
    if (hooks_.on_batch_end) hooks_.on_batch_end(t, r);
  }
  void on_epoch_end(Trainer& t, const EpochRecord& r) override {
    if (hooks_.on_epoch_end) hooks_.on_epoch_end(t, r);
  }
  void on_train_end(Trainer& t) override {
    if (hooks_.on_train_end) hooks_.on_train_end(t);
  }

 private:
  Hooks hooks_;
};

}  // namespace axon
