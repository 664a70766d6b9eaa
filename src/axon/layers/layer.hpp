// Layer: the interface every layer implements.
//
// forward(X) caches what backward needs and returns a reference to the layer's own output buffer;
// backward(dY) adds the parameter gradients (+=) and returns a reference to dX. Buffers are sized
// on the first batch and reused, so a steady training loop does not allocate.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/tensor/parameter.hpp"
#include "axon/tensor/parameter_store.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

class Layer {
 public:
  Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  Layer(Layer&&) = default;
  Layer& operator=(Layer&&) = default;
  virtual ~Layer() = default;

  /// Short type name, such as "dense" or "relu".
  virtual std::string name() const = 0;
  /// Features per sample that come out for `in_features` going in; throws if they cannot fit.
  virtual std::size_t output_features(std::size_t in_features) const { return in_features; }

  /// Y = f(X). `training` switches layers such as dropout and batch norm.
  virtual const Tensor& forward(const Tensor& x, bool training) = 0;
  /// Given dL/dY, adds dL/dparameters to the gradients and returns dL/dX.
  virtual const Tensor& backward(const Tensor& grad_output) = 0;

  /// Fills the parameters with their initial values (layers without parameters do nothing).
  virtual void initialize(Rng& /*rng*/) {}

  /// Layers that draw random numbers while training (dropout) seed their own stream from `rng`,
  /// so the model's one seed decides them; Sequential::build calls it after initialize.
  virtual void seed_from(Rng& /*rng*/) {}

  /// Non-trainable state saved with the model (such as batch norm's running statistics).
  virtual std::vector<Tensor*> buffers() { return {}; }

  /// The single way to reach the weights: views into a ParameterStore.
  std::vector<Parameter>& parameters() { return parameters_; }
  const std::vector<Parameter>& parameters() const { return parameters_; }
  std::size_t parameter_count() const;

  /// The first layer of a model has no one to pass dX to; skipping it saves a matrix product.
  void set_needs_input_grad(bool needs) { needs_input_grad_ = needs; }
  bool needs_input_grad() const { return needs_input_grad_; }

  /// Sets every parameter gradient to zero (a model zeroes its whole store at once instead).
  void zero_grad();
  /// Frees the layer's own parameter storage once a model's store holds the parameters.
  void release_own_storage() { own_store_.reset(); }

 protected:
  /// Declares a parameter; call in the constructor, then call allocate_parameters() once.
  void add_parameter(std::string name, const Shape& shape, ParameterKind kind);
  /// Gives the declared parameters storage of their own, so a layer works outside a model too.
  /// A model later moves them into its single store.
  void allocate_parameters();

  bool needs_input_grad_ = true;

 private:
  std::vector<Parameter> parameters_;
  std::unique_ptr<ParameterStore> own_store_;
};

}  // namespace axon
