// Seed 002, C1: a neuron deciding on a restaurant, sigmoid/tanh/ReLU values, the 2-2-1 network with
// the seed's hand-set weights, the loss functions on the seed's tensors, and fitting y = 2x with
// SGD.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/data/generators.hpp"
#include "example_utils.hpp"

namespace {

using axon::Dense;
using axon::Sequential;
using axon::Shape;
using axon::Tensor;

void set(axon::Parameter& parameter, std::initializer_list<float> values) {
  std::copy(values.begin(), values.end(), parameter.value);
}

float apply(axon::Layer& activation, float z) {
  return activation.forward(Tensor(Shape{1, 1}, {z}), false)[0];
}

void neuron() {
  // z = price w_price + rating w_rating + bias: one Dense(2, 1) with the weights set by hand.
  Dense neuron(2, 1);
  set(neuron.weight(), {-0.8f, 1.2f});  // you prefer cheaper places and good ratings
  set(neuron.bias(), {0.5f});           // a general tendency to eat out
  const Tensor output = neuron.forward(Tensor(Shape{1, 2}, {3.0f, 4.0f}), false);
  fmt::print("Neuron raw output: {: .2f}\n\n", output[0]);
}

void activations() {
  axon::Sigmoid sigmoid;
  axon::Tanh tanh;
  axon::ReLU relu;
  fmt::print("Sigmoid for 3.3 and -3.2\n");
  fmt::print("{}  Close to 1\n", apply(sigmoid, 3.3f));
  fmt::print("{} Close to 0\n\n", apply(sigmoid, -3.2f));
  fmt::print("Tanh function for 2.0 and -2.0\n");
  fmt::print("{}  Positive outcome\n", apply(tanh, 2.0f));
  fmt::print("{}  Negative outcome\n\n", apply(tanh, -2.0f));
  fmt::print("{}  Keeps positive\n", apply(relu, 3.3f));
  fmt::print("{}  Zeroes out\n\n", apply(relu, -2.0f));
}

void feed_forward() {
  // inputs (price, rating) -> 2 ReLU neurons -> 1 sigmoid neuron, weights from the seed.
  Sequential model(Dense(2, 2), axon::ReLU(), Dense(2, 1), axon::Sigmoid());
  model.build();
  set(model.layer<Dense>(0).weight(), {0.2f, 0.8f, 0.6f, -0.5f});
  set(model.layer<Dense>(0).bias(), {0.5f, -0.2f});
  set(model.layer<Dense>(2).weight(), {0.4f, 0.9f});
  set(model.layer<Dense>(2).bias(), {0.1f});
  const Tensor inputs(Shape{1, 2}, {3.0f, 4.0f});
  const Tensor layer1 = model.layer(1).forward(model.layer(0).forward(inputs, false), false);
  fmt::print("Layer 1 output:  {}\n", examples::format_array(Tensor(Shape{2}, layer1.values()), 1));
  fmt::print("Final decision (probability) {}\n\n", model.forward(inputs)[0]);
}

float loss_value(const std::string& name, const Tensor& prediction, const Tensor& target) {
  return axon::make_loss(name)->forward(prediction, target);
}

void losses() {
  const Tensor y_true_reg(Shape{4, 1}, {2.5f, 0.0f, 2.1f, 7.8f});
  const Tensor y_pred_reg(Shape{4, 1}, {3.0f, -0.5f, 2.0f, 7.5f});
  const Tensor y_true_cls(Shape{3, 1}, {1.0f, 0.0f, 1.0f});
  const Tensor y_pred_cls(Shape{3, 2}, {0.3f, 0.7f, 0.6f, 0.4f, 0.2f, 0.8f});
  const Tensor y_true_bin(Shape{3, 1}, {1.0f, 0.0f, 1.0f});
  const Tensor y_pred_bin(Shape{3, 1}, {0.9f, 0.2f, 0.8f});

  fmt::print("MSE Loss: {}\n", loss_value("mse", y_pred_reg, y_true_reg));
  fmt::print("MAE Loss: {}\n", loss_value("mae", y_pred_reg, y_true_reg));
  fmt::print("Huber Loss: {}\n", loss_value("huber", y_pred_reg, y_true_reg));
  fmt::print("Binary Cross-Entropy Loss: {}\n", loss_value("bce", y_pred_bin, y_true_bin));
  // nn.CrossEntropyLoss reads its input as logits (it applies log-softmax itself), so the seed's
  // "probabilities" are logits there: softmax_cross_entropy is the same loss.
  fmt::print("Categorical Cross-Entropy Loss: {}\n",
             loss_value("softmax_cross_entropy", y_pred_cls, y_true_cls));
  fmt::print("  (the same rows read as probabilities, sparse categorical cross-entropy: {})\n",
             loss_value("sparse_categorical_crossentropy", y_pred_cls, y_true_cls));

  // The other losses the seed lists, on the same tensors.
  const Tensor one_hot(Shape{3, 2}, {0.0f, 1.0f, 1.0f, 0.0f, 0.0f, 1.0f});
  const Tensor scores(Shape{3, 1}, {0.8f, -0.4f, 0.3f});
  fmt::print("Categorical Cross-Entropy (one-hot targets, probabilities): {}\n",
             loss_value("categorical_crossentropy", y_pred_cls, one_hot));
  fmt::print("Binary Cross-Entropy with logits (scores 0.8, -0.4, 0.3): {}\n",
             loss_value("bce_logits", scores, y_true_bin));
  fmt::print("Hinge Loss (same scores, labels 0 read as -1): {}\n",
             loss_value("hinge", scores, y_true_bin));
  // D_KL(P || Q) = sum_j p_j log(p_j / q_j), per sample: soft targets P, since for one-hot rows
  // it reduces to the cross-entropy above.
  const Tensor p(Shape{3, 2}, {0.1f, 0.9f, 0.8f, 0.2f, 0.25f, 0.75f});
  fmt::print(
      "KL Divergence (P = rows (0.1, 0.9), (0.8, 0.2), (0.25, 0.75), Q = predictions): {}\n\n",
      loss_value("kl_div", y_pred_cls, p));
}

/// Full-batch gradient descent on `data` for a Dense(1, 1) with PyTorch's default init.
Sequential fit_line(const axon::Dataset& data, float learning_rate, std::size_t epochs,
                    std::size_t print_every, std::uint64_t seed, const char* line_format) {
  Sequential model(seed);
  model.add(Dense(1, 1));
  model.compile(axon::make_loss("mse"), axon::make_optimizer("sgd", learning_rate));
  axon::LambdaCallback print({.on_epoch_end = [&](axon::Trainer&, const axon::EpochRecord& r) {
    if (r.epoch % print_every == 0) fmt::print(fmt::runtime(line_format), r.epoch, epochs, r.loss);
  }});
  axon::Trainer(model, {.epochs = epochs, .batch_size = data.size(), .shuffle = false})
      .add(print)
      .fit(data);
  return model;
}

void fit_y_equals_2x(std::uint64_t seed) {
  axon::Rng rng(seed);
  // x = 1, 2, 3, 4 and y = 2x; SGD with learning rate 0.01 for 100 epochs.
  Sequential model =
      fit_line(axon::data::linear(rng), 0.01f, 100, 20, seed, "Epoch [{}/{}], Loss: {:.4f}\n");
  fmt::print("Learned weight: {}\n", model.layer<Dense>(0).weight().value[0]);
  fmt::print("Learned bias: {}\n\n", model.layer<Dense>(0).bias().value[0]);

  // The complete example: x = 0, 1, 2, 3 and y = 2x; learning rate 0.1 for 100 epochs.
  Sequential complete = fit_line(axon::data::linear(rng, {.start = 0.0f}), 0.1f, 100, 10, seed + 1,
                                 "Epoch {0}: Loss = {2: .4f}\n");
  fmt::print("Learned weight: {}\n", complete.layer<Dense>(0).weight().value[0]);
  fmt::print("Learned bias: {}\n", complete.layer<Dense>(0).bias().value[0]);
  fmt::print("Prediction for input 5.0:  {}\n", complete.forward(Tensor(Shape{1, 1}, {5.0f}))[0]);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seed = examples::seed_from_args(argc, argv, 0);
  try {
    neuron();
    activations();
    feed_forward();
    losses();
    fit_y_equals_2x(seed);
  } catch (const axon::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
