// Optimizer: the interface every optimizer implements. step() updates all parameters of a
// ParameterStore from its gradient block in one pass; state (moments, accumulators) is sized to
// the store on the first step and can be read back for saving and resuming.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "axon/tensor/parameter_store.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

/// An optimizer's settings by name, the learning rate aside: {"beta1", 0.9}, {"amsgrad", 0}.
/// Flags are 0 or 1.
using HyperParameters = std::vector<std::pair<std::string, double>>;

class Optimizer {
 public:
  explicit Optimizer(float learning_rate);
  virtual ~Optimizer() = default;

  /// Type name, such as "adam": the key of the optimizer registry and of model files.
  virtual std::string name() const = 0;
  /// Its settings, enough for the registry to make it again (with learning_rate()).
  virtual HyperParameters hyper_parameters() const = 0;
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
  /// Throws axon::Error saying what is wrong when loaded state cannot be this optimizer's (a
  /// negative average of squared gradients); model files call it after loading.
  virtual void check_state() const {}

 protected:
  /// State tensors start empty (shape (0)). Sizes an empty `state` to `size` values of `initial`
  /// and returns true; otherwise checks that the store has kept its size and returns false, so a
  /// sized (or loaded) state is never reallocated.
  static bool prepare_state(Tensor& state, std::size_t size, float initial = 0.0f);
  /// Throws unless every value of `state` is >= 0: "adam: exp_avg_sq holds -1 at 3, ...".
  void check_non_negative_state(const Tensor& state, const char* what) const;

  float learning_rate_;
  std::size_t steps_ = 0;
};

/// Hyper-parameter checks shared by the optimizers' constructors; each throws axon::Error quoting
/// the name and the bad value.
void check_positive(const char* name, double value);      ///< value > 0 and finite
void check_non_negative(const char* name, double value);  ///< value >= 0 and finite
void check_fraction(const char* name, double value);      ///< 0 <= value < 1
void check_positive(const char* name, float value);
void check_non_negative(const char* name, float value);
void check_fraction(const char* name, float value);

/// The settings of `options` as an optimizer class O lists them (O::visit_options).
template <typename O, typename Options>
HyperParameters collect_hyper_parameters(Options options) {
  HyperParameters out;
  O::visit_options(options,
                   [&](const char* key, auto& value) { out.emplace_back(key, double(value)); });
  return out;
}

/// Builds an optimizer registered under `name` (optimizer_registry.hpp: sgd, momentum, nesterov,
/// rmsprop, adam, adamw, adagrad, adadelta) with its defaults and the given learning rate.
/// `weight_decay`, when given, replaces the optimizer's default: decoupled for adamw, an L2 term
/// added to the gradient for the others; like PyTorch, every parameter is decayed (set
/// decay_bias = false in the options to spare biases and normalization scales).
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate,
                                          std::optional<float> weight_decay = std::nullopt);

}  // namespace axon
