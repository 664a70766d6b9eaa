// Sequential: building the store, forward and backward passes, one training step, evaluation.
#include "axon/model/sequential.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/sample_shape.hpp"
#include "axon/metrics/regression_metrics.hpp"
#include "axon/model/frozen_weights.hpp"
#include "axon/model/regularization.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {

Sequential::Sequential(std::uint64_t seed) : seed_(seed), rng_(seed) {}

Sequential Sequential::mlp(const std::vector<std::size_t>& sizes, const MlpOptions& options) {
  check(sizes.size() >= 2, "an MLP needs at least an input and an output size, got {} sizes",
        sizes.size());
  const std::size_t hidden = sizes.size() - 2;
  check(options.dropout.size() <= 1 || options.dropout.size() == hidden,
        "dropout: give one probability or one per hidden layer ({}), got {}", hidden,
        options.dropout.size());
  // "relu" for every hidden layer, or "relu,relu,tanh": one per hidden layer.
  std::vector<std::string> activations;
  for (std::size_t start = 0;;) {
    const std::size_t comma = options.activation.find(',', start);
    activations.push_back(options.activation.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  check(activations.size() == 1 || activations.size() == hidden,
        "activation: give one name or one per hidden layer ({}), got {} in '{}'", hidden,
        activations.size(), options.activation);
  Sequential model(options.seed);
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    model.add(Dense(sizes[i], sizes[i + 1], {.init = options.init}));
    const bool last = i + 2 == sizes.size();
    if (!last && options.batchnorm) model.add(BatchNorm(sizes[i + 1]));
    const std::string& activation =
        last ? options.output : activations[activations.size() == 1 ? 0 : i];
    if (!(last && (activation == "identity" || activation == "linear" || activation == "none")))
      model.add(make_activation(activation));
    if (!last && !options.dropout.empty()) {
      const float p = options.dropout[options.dropout.size() == 1 ? 0 : i];
      if (p != 0.0f) model.add(Dropout(p));
    }
  }
  return model;
}

Sequential& Sequential::add(std::unique_ptr<Layer> layer) {
  check(!built_, "cannot add a layer to a model that is already built");
  check(layer != nullptr, "cannot add a null layer");
  layers_.push_back(std::move(layer));
  return *this;
}

void Sequential::set_seed(std::uint64_t seed) {
  check(!built_, "set the seed before the model is built (its first use)");
  seed_ = seed;
  rng_ = Rng(seed);
}

void Sequential::build(std::size_t input_features) {
  build(input_features == 0 ? Shape() : Shape{input_features});
}

void Sequential::build(const Shape& input_shape) {
  if (built_) return;
  check(!layers_.empty(), "the model has no layers");
  Shape shape = input_shape;
  for (std::size_t i = 0; shape.numel() == 0 && i < layers_.size(); ++i)
    shape = layers_[i]->input_shape();
  check(shape.numel() > 0, "the model's input size is unknown: pass it to build()");
  input_shape_ = shape;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    try {
      shape = layers_[i]->output_shape(shape);
    } catch (const Error& e) {
      throw Error(fmt::format("layer {} ({}): {}", i + 1, layer_label(i), e.what()));
    }
  }
  input_features_ = input_shape_.numel();
  output_shape_ = shape;
  output_features_ = shape.numel();

  // Every layer's declared parameters, laid out in one store: the model's only allocation of
  // them. Each layer then points its views at its part and initializes it.
  std::vector<const Parameter*> declared;
  for (const auto& layer : layers_) {
    const Layer& l = *layer;
    for (const Parameter& p : l.parameters()) declared.push_back(&p);
  }
  store_.allocate(declared);
  std::size_t offset = 0;
  for (auto& layer : layers_) {
    layer->bind_parameters(store_.values().data() + offset, store_.grads().data() + offset);
    offset += layer->parameter_count();
    layer->initialize(rng_);
  }
  // After every initialization, so adding dropout does not change the initial weights.
  for (auto& layer : layers_) layer->seed_from(rng_);
  // The first layer with parameters has nothing to pass dX to.
  for (auto& layer : layers_) {
    layer->set_needs_input_grad(false);
    if (layer->parameter_count() > 0) break;
  }
  built_ = true;
}

void Sequential::compile(std::unique_ptr<Loss> loss, std::unique_ptr<Optimizer> optimizer) {
  check(loss != nullptr, "compile: a loss is required");
  check(optimizer != nullptr, "compile: an optimizer is required");
  loss_ = std::move(loss);
  optimizer_ = std::move(optimizer);
}

void Sequential::require_compiled() const {
  check(loss_ != nullptr && optimizer_ != nullptr,
        "the model has no loss and optimizer: call compile() first");
}

const Tensor& Sequential::forward(const Tensor& x, bool training) {
  build(sample_shape(x.shape()));
  check(x.rows() > 0, "forward: the input batch is empty");
  check(x.cols() == input_features_, "forward: the model takes {} input features, got shape {}",
        input_features_, x.shape());
  const Tensor* a = &x;
  for (auto& layer : layers_) a = &layer->forward(*a, training);
  return *a;
}

void Sequential::run_backward(std::size_t from_layer, const Tensor& grad) {
  const Tensor* g = &grad;
  for (std::size_t i = from_layer; i-- > 0;) {
    g = &layers_[i]->backward(*g);
    if (!layers_[i]->needs_input_grad()) break;
  }
}

void Sequential::backward(const Tensor& grad_output) { run_backward(layers_.size(), grad_output); }

float Sequential::train_step(const Tensor& x, const Tensor& y, const TrainStepOptions& options) {
  require_compiled();
  // Denormal gradients and Adam moments would otherwise slow the products and updates down.
  const FlushToZeroScope flush_to_zero;
  store_.zero_grad();
  const Tensor& output = forward(x, true);
  last_output_ = &output;
  float loss = loss_->forward(output, y);
  // Softmax followed by cross-entropy: dL/dZ = (A - Y) / N, skipping the softmax's Jacobian.
  const bool ends_in_softmax = dynamic_cast<const Softmax*>(layers_.back().get()) != nullptr;
  if (ends_in_softmax && loss_->softmax_backward(output, y, loss_grad_)) {
    run_backward(layers_.size() - 1, loss_grad_);
  } else {
    loss_->backward(output, y, loss_grad_);
    run_backward(layers_.size(), loss_grad_);
  }
  if (options.reduce_gradients) options.reduce_gradients(store_.grads(), x.rows());
  if (options.l2 != 0.0f) loss += static_cast<float>(add_l2_penalty(store_, options.l2));
  if (options.clip_norm != 0.0f) clip_grad_norm(store_.grads(), options.clip_norm);
  optimizer_->step(store_);
  return loss;
}

const Tensor& Sequential::last_output() const {
  check(last_output_ != nullptr, "last_output: no train_step has run yet");
  return *last_output_;
}

Metrics Sequential::evaluate(const Dataset& data, std::size_t batch_size) {
  require_compiled();
  check(!data.empty(), "evaluate: the data is empty");
  check(batch_size > 0, "batch_size must be > 0, got {}", batch_size);
  build(sample_shape(data.inputs.shape()));
  const bool classification = loss_->task() == Task::kClassification;
  const float threshold = loss_->decision_threshold();
  double loss_sum = 0.0;
  std::size_t correct = 0;
  RegressionMetrics regression;
  Tensor targets;
  std::vector<std::size_t> rows;
  const FrozenWeights frozen(*this);  // one packing of each weight for all batches
  for (std::size_t start = 0; start < data.size(); start += batch_size) {
    const std::size_t n = std::min(batch_size, data.size() - start);
    rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) rows[i] = start + i;
    gather_rows(data.inputs, rows, eval_batch_);
    gather_rows(data.targets, rows, targets);
    const Tensor& out = forward(eval_batch_, false);
    loss_sum += static_cast<double>(loss_->forward(out, targets)) * n;
    if (classification)
      correct += count_correct(out, targets, threshold);
    else if (out.rows() == targets.rows() && out.cols() == targets.cols())
      regression.add(out, targets);
  }
  Metrics m;
  m.samples = data.size();
  m.loss = loss_sum / data.size();
  if (classification) {
    m.accuracy = static_cast<double>(correct) / data.size();
  } else if (regression.rows() > 0) {
    m.mse = regression.mse();
    m.mae = regression.mae();
    m.r2 = regression.r2();
  }
  return m;
}

Tensor Sequential::predict(const Tensor& x, std::size_t batch_size) {
  check(batch_size > 0, "batch_size must be > 0, got {}", batch_size);
  check(x.rows() > 0, "predict: the input is empty");
  build(sample_shape(x.shape()));
  check(x.cols() == input_features_, "predict: the model takes {} input features, got shape {}",
        input_features_, x.shape());
  Tensor result(batch_shape(x.rows(), output_shape_));
  std::vector<std::size_t> rows;
  const FrozenWeights frozen(*this);  // one packing of each weight for all batches
  for (std::size_t start = 0; start < x.rows(); start += batch_size) {
    const std::size_t n = std::min(batch_size, x.rows() - start);
    rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) rows[i] = start + i;
    gather_rows(x, rows, eval_batch_);
    const Tensor& out = forward(eval_batch_, false);
    std::copy_n(out.data(), out.size(), result.row(start));
  }
  return result;
}

std::string Sequential::layer_label(std::size_t i) const {
  std::map<std::string, std::size_t> seen;
  for (std::size_t j = 0; j <= i; ++j) ++seen[layers_[j]->name()];
  return fmt::format("{}_{}", layers_[i]->name(), seen[layers_[i]->name()]);
}

std::vector<std::pair<std::string, Parameter*>> Sequential::named_parameters() {
  build();
  std::vector<std::pair<std::string, Parameter*>> out;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (Parameter& p : layers_[i]->parameters())
      out.emplace_back(layer_label(i) + "." + p.name, &p);
  return out;
}

void Sequential::throw_wrong_layer_type(std::size_t i) const {
  throw Error(fmt::format("layer {} is a {}, not the type asked for", i, layers_.at(i)->name()));
}

std::string Sequential::summary() {
  build();
  auto with_commas = [](std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  };
  const std::string rule(66, '_'), double_rule(66, '=');
  std::string out = "Model: \"sequential\"\n" + rule + "\n";
  out += fmt::format(" {:<30}{:<22}{:>12}\n", "Layer (type)", "Output Shape", "Param #");
  out += double_rule + "\n";
  Shape shape = input_shape_;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    shape = layers_[i]->output_shape(shape);
    const std::string label = fmt::format("{} ({})", layer_label(i), layers_[i]->name());
    std::string dims = "(None";
    for (std::size_t axis = 0; axis < shape.rank(); ++axis)
      dims += fmt::format(", {}", shape[axis]);
    out += fmt::format(" {:<30}{:<22}{:>12}\n", label, dims + ")",
                       with_commas(layers_[i]->parameter_count()));
    out += (i + 1 == layers_.size() ? double_rule : rule) + "\n";
  }
  out += fmt::format("Total params: {}\n", with_commas(store_.size()));
  out += fmt::format("Trainable params: {}\n", with_commas(store_.size()));
  out += "Non-trainable params: 0\n";
  return out;
}

}  // namespace axon
