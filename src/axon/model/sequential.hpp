// Sequential: layers applied one after another, trained with a loss and an optimizer.
//
//   Sequential model = Sequential::mlp({2, 8, 4, 2}, {.activation = "relu", .output = "softmax"});
//   model.compile(make_loss("cross_entropy"), std::make_unique<Adam>(AdamOptions{}));
//   Trainer(model, {.epochs = 100, .batch_size = 32}).fit(train);     (train/trainer.hpp)
//
// All parameters live in one ParameterStore built when the model is first used. One seed drives
// every random choice (initialization, shuffling, splits, dropout): the same seed and thread count
// give bit-identical results.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/layers/initializer.hpp"
#include "axon/layers/layer.hpp"
#include "axon/losses/loss.hpp"
#include "axon/metrics/accuracy.hpp"  // count_correct, used with a model's outputs
#include "axon/model/metrics.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/parameter_store.hpp"
#include "axon/tensor/rng.hpp"

namespace axon {

/// A multi-layer perceptron described by its layer sizes, as in the seeds' [1, 10, 10, 1].
struct MlpOptions {
  /// After every hidden dense layer: one name for all ("relu") or one per hidden layer
  /// ("relu,relu,tanh").
  std::string activation = "relu";
  std::string output = "identity";  ///< after the last dense layer
  Initializer init = Initializer::torch_default();
  std::uint64_t seed = 42;
  /// BatchNorm after every hidden dense layer, before its activation.
  bool batchnorm = false;
  /// Dropout probability after every hidden activation: one value for all hidden layers or one
  /// per hidden layer (0 adds no layer); empty for none.
  std::vector<float> dropout = {};
};

/// What train_step adds to the plain gradient step.
struct TrainStepOptions {
  /// lambda >= 0: adds lambda / 2 sum ||W||^2 over the weights (not biases, scales or shifts) to
  /// the loss and lambda W to their gradients.
  float l2 = 0.0f;
  /// > 0: scales the gradient block to this global L2 norm when it is larger, after the L2 term
  /// (torch.nn.utils.clip_grad_norm_); 0 turns clipping off.
  float clip_norm = 0.0f;
  /// Called on the gradient block after backward, before the L2 term, clipping and the optimizer,
  /// with the batch's row count: data-parallel training sums the ranks' gradients here.
  std::function<void(std::span<float> grads, std::size_t rows)> reduce_gradients = {};
};

class Sequential {
 public:
  explicit Sequential(std::uint64_t seed = 42);
  /// Sequential(Dense(4, 2), ReLU(), Dense(2, 1), Sigmoid())
  template <typename... Layers>
  requires(sizeof...(Layers) > 0 && (std::derived_from<std::decay_t<Layers>, Layer> &&
                                     ...)) explicit Sequential(Layers&&... layers)
      : Sequential() {
    (add(std::forward<Layers>(layers)), ...);
  }
  /// Dense layers of `sizes` (input first, output last), each hidden one followed by
  /// options.activation and the last by options.output.
  static Sequential mlp(const std::vector<std::size_t>& sizes, const MlpOptions& options = {});

  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;

  Sequential& add(std::unique_ptr<Layer> layer);
  template <typename L>
  requires std::derived_from<std::decay_t<L>, Layer> Sequential& add(L&& layer) {
    return add(std::make_unique<std::decay_t<L>>(std::forward<L>(layer)));
  }

  /// Sets the seed; takes effect when the model is built (before its first use).
  void set_seed(std::uint64_t seed);
  std::uint64_t seed() const { return seed_; }
  /// Lays out the parameter store and initializes every layer from the seed. Runs on first use;
  /// call it yourself to set weights by hand before training. `input_features` is needed only
  /// when no layer tells it (a dense or unflatten layer does).
  void build(std::size_t input_features = 0);
  /// The same, given the shape of one input sample: (features), or (channels, height, width)
  /// for a model that starts with a convolution. The empty shape asks the layers.
  void build(const Shape& input_shape);
  bool built() const { return built_; }

  /// Sets the loss and the optimizer used by train_step and evaluate (and so by a Trainer).
  void compile(std::unique_ptr<Loss> loss, std::unique_ptr<Optimizer> optimizer);
  Loss* loss() { return loss_.get(); }
  Optimizer* optimizer() { return optimizer_.get(); }

  /// The output of the last layer for a batch `x`.
  const Tensor& forward(const Tensor& x, bool training = false);
  /// Backpropagates dL/doutput through every layer, adding to the parameter gradients.
  void backward(const Tensor& grad_output);
  void zero_grad() { store_.zero_grad(); }

  /// One optimization step on one batch; returns the batch loss (with the L2 term, if any).
  float train_step(const Tensor& x, const Tensor& y, const TrainStepOptions& options = {});
  /// The output of the last train_step's forward pass (valid until the next forward).
  const Tensor& last_output() const;
  /// The mean loss over `data`, with the accuracy for a classification loss or MSE, MAE and R²
  /// for a regression one (metrics/).
  Metrics evaluate(const Dataset& data, std::size_t batch_size = 256);
  /// Outputs for every row of `x`, computed in batches of `batch_size`.
  Tensor predict(const Tensor& x, std::size_t batch_size = 256);

  /// A table of layers, output shapes and parameter counts, like Keras's model.summary().
  std::string summary();

  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_.at(i); }
  template <typename L>
  L& layer(std::size_t i) {
    auto* l = dynamic_cast<L*>(layers_.at(i).get());
    if (l == nullptr) throw_wrong_layer_type(i);
    return *l;
  }
  std::size_t input_features() const { return input_features_; }
  std::size_t output_features() const { return output_features_; }
  /// The shape of one input sample ((784) or (1, 28, 28)), known once the model is built.
  const Shape& input_shape() const { return input_shape_; }
  /// The shape of one output sample ((10)).
  const Shape& output_shape() const { return output_shape_; }
  ParameterStore& parameters() { return store_; }
  std::size_t parameter_count() const { return store_.size(); }
  /// All parameters by name ("dense_1.weight", ...), in store order.
  std::vector<std::pair<std::string, Parameter*>> named_parameters();
  Rng& rng() { return rng_; }

 private:
  void require_compiled() const;
  void throw_wrong_layer_type(std::size_t i) const;
  std::string layer_label(std::size_t i) const;
  void run_backward(std::size_t from_layer, const Tensor& grad);

  std::vector<std::unique_ptr<Layer>> layers_;
  std::unique_ptr<Loss> loss_;
  std::unique_ptr<Optimizer> optimizer_;
  ParameterStore store_;
  std::uint64_t seed_;
  Rng rng_;
  bool built_ = false;
  std::size_t input_features_ = 0;
  std::size_t output_features_ = 0;
  Shape input_shape_;
  Shape output_shape_;
  Tensor loss_grad_;
  Tensor eval_batch_;
  const Tensor* last_output_ = nullptr;  // the output of the last train_step's forward pass
};

}  // namespace axon
