// Optimizer: learning-rate bookkeeping, state sizing and hyper-parameter checks shared by every
// optimizer, and make_optimizer.
#include "axon/optimizers/optimizer.hpp"

#include <cmath>

#include "axon/optimizers/adadelta.hpp"
#include "axon/optimizers/adagrad.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/adamw.hpp"
#include "axon/optimizers/rmsprop.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

Optimizer::Optimizer(float learning_rate) : learning_rate_(learning_rate) {
  set_learning_rate(learning_rate);
}

void Optimizer::set_learning_rate(float learning_rate) {
  check(std::isfinite(learning_rate) && learning_rate > 0.0f, "learning_rate must be > 0, got {}",
        learning_rate);
  learning_rate_ = learning_rate;
}

bool Optimizer::prepare_state(Tensor& state, std::size_t size, float initial) {
  if (state.size() == size) return false;
  check(state.size() == 0,
        "optimizer state holds {} values but the parameter store has {}; make a new optimizer "
        "for a new model",
        state.size(), size);
  state = Tensor(Shape{size}, initial);
  return true;
}

void check_positive(const char* name, float value) {
  check(std::isfinite(value) && value > 0.0f, "{} must be > 0, got {}", name, value);
}

void check_non_negative(const char* name, float value) {
  check(std::isfinite(value) && value >= 0.0f, "{} must be >= 0, got {}", name, value);
}

void check_fraction(const char* name, float value) {
  check(value >= 0.0f && value < 1.0f, "{} must be in [0, 1), got {}", name, value);
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate,
                                          std::optional<float> weight_decay) {
  // Each optimizer keeps its own default decay (AdamW 0.01, the others 0) unless one is given.
  auto with_decay = [&](auto options) {
    if (weight_decay) options.weight_decay = *weight_decay;
    return options;
  };
  if (name == "sgd")
    return std::make_unique<Sgd>(with_decay(SgdOptions{.learning_rate = learning_rate}));
  if (name == "momentum") {
    return std::make_unique<Sgd>(
        with_decay(SgdOptions{.learning_rate = learning_rate, .momentum = 0.9f}));
  }
  if (name == "nesterov") {
    return std::make_unique<Sgd>(
        with_decay(SgdOptions{.learning_rate = learning_rate, .momentum = 0.9f, .nesterov = true}));
  }
  if (name == "rmsprop") {
    return std::make_unique<Rmsprop>(with_decay(RmspropOptions{.learning_rate = learning_rate}));
  }
  if (name == "adam") {
    return std::make_unique<Adam>(with_decay(AdamOptions{.learning_rate = learning_rate}));
  }
  if (name == "adamw") {
    return std::make_unique<AdamW>(with_decay(AdamWOptions{.learning_rate = learning_rate}));
  }
  if (name == "adagrad") {
    return std::make_unique<Adagrad>(with_decay(AdagradOptions{.learning_rate = learning_rate}));
  }
  if (name == "adadelta") {
    return std::make_unique<Adadelta>(with_decay(AdadeltaOptions{.learning_rate = learning_rate}));
  }
  throw Error(fmt::format(
      "unknown optimizer '{}'; choose one of: sgd, momentum, nesterov, rmsprop, adam, adamw, "
      "adagrad, adadelta",
      name));
}

}  // namespace axon
