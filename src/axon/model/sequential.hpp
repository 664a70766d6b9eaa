// Sequential: layers applied one after another, trained with a loss and an optimizer.
//
//   Sequential model = Sequential::mlp({2, 8, 4, 2}, {.activation = "relu", .output = "softmax"});
//   model.compile(make_loss("cross_entropy"), std::make_unique<Adam>(AdamOptions{}));
//   History history = model.fit(train, {.epochs = 100, .batch_size = 32});
//
// All parameters live in one ParameterStore built when the model is first used. One seed drives
// every random choice (initialization, shuffling, splits, dropout): the same seed and thread count
// give bit-identical results.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/layers/initializer.hpp"
#include "axon/layers/layer.hpp"
#include "axon/losses/loss.hpp"
#include "axon/metrics/accuracy.hpp"  // count_correct, used with a model's outputs
#include "axon/model/history.hpp"
#include "axon/optimizers/lr_schedule.hpp"
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
};

struct FitOptions {
  std::size_t epochs = 1;
  std::size_t batch_size = 32;
  bool shuffle = true;
  /// Gather the next batch on a second thread while this one trains (DataLoaderOptions).
  bool prefetch = true;
  /// Fraction of the training data held out (at random, seeded) to validate on each epoch.
  double validation_split = 0.0;
  /// Validation data given explicitly (takes precedence over validation_split).
  const Dataset* validation_data = nullptr;
  /// Prints one line every this many epochs (and after the last); 0 prints nothing.
  std::size_t verbose_every = 0;
  /// Where the lines go; std::cout when null.
  std::ostream* log = nullptr;
  /// Called after every batch with (epoch, batch index, batches per epoch, running mean loss,
  /// running accuracy or NaN): drives progress bars.
  std::function<void(std::size_t, std::size_t, std::size_t, double, double)> on_batch_end = {};
  /// Called after every epoch; returning false stops training.
  std::function<bool(const EpochRecord&)> on_epoch_end = {};
  /// L2 penalty and gradient clipping, as in TrainStepOptions. The training loss reported
  /// includes the L2 term; the validation loss does not.
  float l2 = 0.0f;
  float clip_norm = 0.0f;
  /// The learning rate per epoch, from the optimizer's rate when fit starts; plateau and early
  /// stopping watch the validation loss when there is validation data, else the training loss.
  /// Schedules leave the optimizer at the last epoch's rate.
  LrSchedule lr_schedule = LrSchedule::constant();
  /// > 0: stops once the monitored loss has not improved by more than min_delta for this many
  /// epochs, and returns the model with the weights (and buffers) of its best epoch.
  std::size_t early_stopping_patience = 0;
  double min_delta = 0.0;
  /// Resuming a stopped run: the records of the epochs it completed, oldest first. fit replays
  /// their shuffles and learning-rate schedule, then trains epochs completed_epochs.size() + 1 to
  /// `epochs`; the history it returns starts with these records. The weights, buffers, optimizer
  /// state and dropout streams must be as those epochs left them, and the model's Rng as the
  /// first run's fit found it (a freshly built model).
  History completed_epochs = {};
  /// With completed_epochs: the model's Rng state after them, as a checkpoint records it; fit
  /// checks that the replay arrives there (a different seed, data or batch size would not).
  std::optional<Rng::State> completed_rng = std::nullopt;
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
  /// when no dense layer tells it.
  void build(std::size_t input_features = 0);
  bool built() const { return built_; }

  /// Sets the loss and the optimizer used by fit, train_step and evaluate.
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
  History fit(const Dataset& train, const FitOptions& options);
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
  Tensor loss_grad_;
  Tensor eval_batch_;
  const Tensor* last_output_ = nullptr;  // the output of the last train_step's forward pass
};

}  // namespace axon
