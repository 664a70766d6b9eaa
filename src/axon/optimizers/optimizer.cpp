// Optimizer: learning-rate bookkeeping, state sizing and hyper-parameter checks shared by every
// optimizer, and make_optimizer.
#include "axon/optimizers/optimizer.hpp"

#include <cmath>

#include "axon/optimizers/optimizer_registry.hpp"
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

void Optimizer::check_non_negative_state(const Tensor& state, const char* what) const {
  for (std::size_t i = 0; i < state.size(); ++i)
    check(state[i] >= 0.0f, "{}: {} holds {} at {}, but an average of squares is >= 0", name(),
          what, state[i], i + 1);
}

namespace {

// Templates so that a float setting is quoted as the float it is ("got -0.1").
template <typename T>
void check_positive_value(const char* name, T value) {
  check(std::isfinite(value) && value > T(0), "{} must be > 0, got {}", name, value);
}
template <typename T>
void check_non_negative_value(const char* name, T value) {
  check(std::isfinite(value) && value >= T(0), "{} must be >= 0, got {}", name, value);
}
template <typename T>
void check_fraction_value(const char* name, T value) {
  check(value >= T(0) && value < T(1), "{} must be in [0, 1), got {}", name, value);
}

}  // namespace

void check_positive(const char* name, double value) { check_positive_value(name, value); }
void check_positive(const char* name, float value) { check_positive_value(name, value); }
void check_non_negative(const char* name, double value) { check_non_negative_value(name, value); }
void check_non_negative(const char* name, float value) { check_non_negative_value(name, value); }
void check_fraction(const char* name, double value) { check_fraction_value(name, value); }
void check_fraction(const char* name, float value) { check_fraction_value(name, value); }

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate,
                                          std::optional<float> weight_decay) {
  // Each optimizer keeps its own default decay (AdamW 0.01, the others 0) unless one is given.
  HyperParameters settings;
  if (weight_decay) settings.emplace_back("weight_decay", *weight_decay);
  return OptimizerRegistry::global().make(name, learning_rate, settings);
}

}  // namespace axon
