// Layer: the interface every layer implements.
//
// forward(X) caches what backward needs and returns a reference to the layer's own output buffer;
// backward(dY) adds the parameter gradients (+=) and returns a reference to dX. Buffers are sized
// on the first batch and reused, so a steady training loop does not allocate.
//
// A layer describes itself: its type name (name()), its settings (config()), the shapes of its
// parameters and buffers (declared in the constructor, allocated by the model in one block), and
// the random streams it draws from while training. Model files and checkpoints are read and
// written from that description; the layer registry (layer_registry.hpp) builds a layer back
// from its name and settings.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/layer_config.hpp"
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

  /// Type name, such as "dense" or "relu": the key of the layer registry and of model files.
  virtual std::string name() const = 0;
  /// The settings the layer was made with, enough for the registry to make it again.
  virtual LayerConfig config() const { return {}; }
  /// Features per sample that come out for `in_features` going in; throws if they cannot fit.
  virtual std::size_t output_features(std::size_t in_features) const { return in_features; }
  /// The input size the layer requires, or 0 when it takes any (activations).
  virtual std::size_t input_features() const { return 0; }
  /// The shape of one sample coming out for one of `input` going in: (features) for a dense
  /// layer, (channels, height, width) for an image. Throws if it cannot fit. By default it is
  /// output_features of the sample's size, keeping the shape when that size does not change.
  virtual Shape output_shape(const Shape& input) const;
  /// The sample shape the layer requires, or the empty shape when it takes any: (in_features)
  /// by default, (channels, height, width) for an unflatten layer.
  virtual Shape input_shape() const;

  /// Y = f(X). `training` switches layers such as dropout and batch norm.
  virtual const Tensor& forward(const Tensor& x, bool training) = 0;
  /// Given dL/dY, adds dL/dparameters to the gradients and returns dL/dX.
  virtual const Tensor& backward(const Tensor& grad_output) = 0;

  /// Between set_weights_frozen(true) and (false) the parameters do not change (a model predicting
  /// or evaluating: FrozenWeights, model/frozen_weights.hpp), and a layer may keep work derived
  /// from them from one forward to the next (Dense keeps its weight packed for the bf16 kernel).
  /// Unfreezing drops that work.
  virtual void set_weights_frozen(bool /*frozen*/) {}

  /// Gives the parameters and buffers their initial values (layers without any do nothing).
  virtual void initialize(Rng& /*rng*/) {}

  /// Layers that draw random numbers while training (dropout) seed their own stream from `rng`,
  /// so the model's one seed decides them; Sequential::build calls it after initialize.
  virtual void seed_from(Rng& /*rng*/) {}
  /// Those streams, which a checkpoint saves and restores to resume bit for bit.
  virtual std::vector<Rng*> random_streams() { return {}; }

  /// The parameters: named views into one ParameterStore. A model lays them out in its own store
  /// when it is built; a layer used on its own gets a store of its own on first use, initialized
  /// from seed 0.
  std::vector<Parameter>& parameters();
  /// The declared parameters; their value and grad pointers are null until storage is given.
  const std::vector<Parameter>& parameters() const { return parameters_; }
  /// Values of every parameter, from the declared shapes (nothing needs to be allocated).
  std::size_t parameter_count() const;

  /// Non-trainable state saved with the model (batch norm's running statistics), in declared
  /// order.
  std::vector<Tensor*> buffers();
  /// Values of every buffer, from the declared shapes.
  std::size_t buffer_count() const;
  /// The name the i-th buffer was declared with ("running_mean").
  const std::string& buffer_name(std::size_t i) const { return buffers_.at(i).name; }
  /// Throws axon::Error saying what is wrong when loaded parameters or buffers cannot be this
  /// layer's (a negative running variance); model files call it after loading.
  virtual void check_state() const {}

  /// Points the parameters at `values` and `grads` (parameter_count() floats each, laid out in
  /// declared order), allocates the buffers and drops any storage of the layer's own. The model
  /// calls it once when it is built, then initialize().
  void bind_parameters(float* values, float* grads);
  bool has_storage() const { return bound_; }

  /// The first layer of a model has no one to pass dX to; skipping it saves a matrix product.
  void set_needs_input_grad(bool needs) { needs_input_grad_ = needs; }
  bool needs_input_grad() const { return needs_input_grad_; }

  /// Sets every parameter gradient to zero (a model zeroes its whole store at once instead).
  void zero_grad();

 protected:
  /// Declares a parameter; call in the constructor. Nothing is allocated yet.
  void add_parameter(std::string name, const Shape& shape, ParameterKind kind);
  /// Declares a buffer of `shape` filled with `initial` once allocated; call in the constructor.
  void add_buffer(std::string name, const Shape& shape, float initial);
  /// The i-th declared buffer (allocated once the layer has storage).
  Tensor& buffer(std::size_t i) {
    if (!bound_) allocate_own_storage();
    return buffers_[i].value;
  }
  const Tensor& buffer(std::size_t i) const { return buffers_[i].value; }

  bool needs_input_grad_ = true;

 private:
  struct Buffer {
    std::string name;
    Shape shape;
    float initial;
    Tensor value;
  };
  void allocate_own_storage();

  std::vector<Parameter> parameters_;
  std::vector<Buffer> buffers_;
  std::unique_ptr<ParameterStore> own_store_;  // only for a layer used outside a model
  bool bound_ = false;
};

}  // namespace axon
