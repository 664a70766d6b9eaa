// EarlyStopping: the patience rule and the snapshot of the best weights.
#include "axon/train/early_stopping.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "axon/model/sequential.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/trainer.hpp"

namespace axon {

EarlyStopping::EarlyStopping(const EarlyStoppingOptions& options) : options_(options) {
  check(std::isfinite(options.min_delta) && options.min_delta >= 0.0,
        "min_delta must be >= 0, got {}", options.min_delta);
}

void EarlyStopping::on_train_begin(Trainer& trainer) {
  check(!active() || trainer.resumed_epochs() == 0,
        "early stopping cannot continue a resumed run (the best weights before it are not known)");
  epoch_ = best_epoch_ = wait_ = 0;
  stopped_ = false;
}

void EarlyStopping::on_epoch_end(Trainer& trainer, const EpochRecord& record) {
  if (!active() || !update(monitored_loss(record), trainer.model())) return;
  stopped_ = true;
  trainer.request_stop(fmt::format("no improvement in {} epochs", options_.patience));
}

void EarlyStopping::on_train_end(Trainer& trainer) {
  if (!active() || best_epoch_ == 0) return;
  restore_best(trainer.model());
  if (options_.log != nullptr)
    *options_.log << fmt::format("Restored the weights of epoch {} (loss {:.6f})\n", best_epoch_,
                                 best_loss_);
}

bool EarlyStopping::update(double loss, Sequential& model) {
  ++epoch_;
  if (best_epoch_ == 0 || loss < best_loss_ - options_.min_delta) {
    best_epoch_ = epoch_;
    best_loss_ = loss;
    wait_ = 0;
    const std::span<const float> values = model.parameters().values();
    best_values_.assign(values.begin(), values.end());
    best_buffers_.clear();
    for (std::size_t i = 0; i < model.size(); ++i)
      for (const Tensor* b : model.layer(i).buffers())
        best_buffers_.emplace_back(b->values().begin(), b->values().end());
    return false;
  }
  ++wait_;
  return active() && wait_ >= options_.patience;
}

void EarlyStopping::restore_best(Sequential& model) const {
  if (best_epoch_ == 0) return;
  std::ranges::copy(best_values_, model.parameters().values().begin());
  std::size_t k = 0;
  for (std::size_t i = 0; i < model.size(); ++i)
    for (Tensor* b : model.layer(i).buffers()) std::ranges::copy(best_buffers_[k++], b->data());
}

}  // namespace axon
