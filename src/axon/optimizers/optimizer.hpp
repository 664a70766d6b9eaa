// Optimizer: the interface every optimizer implements. step() updates all parameters of a
// ParameterStore from its gradient block in one pass; state (moments, accumulators) is sized to
// the store on the first step and can be read back for saving and resuming.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "axon/tensor/parameter_store.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

class Optimizer {
 public:
  explicit Optimizer(float learning_rate);
  virtual ~Optimizer() = default;

  virtual std::string name() const = 0;
  /// One update of every parameter in `store` from its gradient.
  virtual void step(ParameterStore& store) = 0;

  float learning_rate() const { return learning_rate_; }
  /// Changes the learning rate (for schedules); must be > 0.
  void set_learning_rate(float learning_rate);
  /// Number of step() calls so far.
  std::size_t steps() const { return steps_; }
  void set_steps(std::size_t steps) { steps_ = steps; }
  /// The optimizer's state tensors, in a fixed order, for saving and resuming: empty before the
  /// first step, then one value per parameter. Assigning a saved state before step() resumes.
  virtual std::vector<Tensor*> state() { return {}; }

 protected:
  /// State tensors start empty (shape (0)). Sizes an empty `state` to `size` values of `initial`
  /// and returns true; otherwise checks that the store has kept its size and returns false, so a
  /// sized (or loaded) state is never reallocated.
  static bool prepare_state(Tensor& state, std::size_t size, float initial = 0.0f);

  float learning_rate_;
  std::size_t steps_ = 0;
};

/// Hyper-parameter checks shared by the optimizers' constructors; each throws axon::Error quoting
/// the name and the bad value.
void check_positive(const char* name, float value);      ///< value > 0 and finite
void check_non_negative(const char* name, float value);  ///< value >= 0 and finite
void check_fraction(const char* name, float value);      ///< 0 <= value < 1

/// Builds an optimizer by name with its defaults and the given learning rate: sgd, momentum,
/// nesterov, rmsprop, adam, adamw, adagrad, adadelta. `weight_decay`, when given, replaces the
/// optimizer's default: decoupled for adamw, an L2 term added to the gradient for the others (as
/// in PyTorch); biases are never decayed.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate,
                                          std::optional<float> weight_decay = std::nullopt);

}  // namespace axon
