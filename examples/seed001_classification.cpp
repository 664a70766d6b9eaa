// Seed 001, Lab 1: activation functions and their derivatives, then a 2-layer network (He init,
// ReLU, softmax, cross-entropy, full-batch gradient descent) on a 3-class, 20-feature synthetic
// set, standardized and split 80/20, with its loss per epoch, test accuracy and weight/activation
// sizes.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/data/generators.hpp"
#include "axon/data/standardizer.hpp"
#include "example_utils.hpp"

namespace {

using axon::Dense;
using axon::Layer;
using axon::Sequential;
using axon::Shape;
using axon::Tensor;

/// f(z) and f'(z) through the library's own layers: f' is backward() of a gradient of ones.
std::pair<Tensor, Tensor> value_and_derivative(Layer& activation, const Tensor& z) {
  Tensor value = activation.forward(z, false);
  Tensor derivative = activation.backward(Tensor(z.shape(), 1.0f));
  return {value, derivative};
}

void activation_table() {
  fmt::print("Activation functions and their derivatives\n");
  const std::vector<float> points = {-5.0f, -2.5f, -1.0f, 0.0f, 1.0f, 2.5f, 5.0f};
  const Tensor z(Shape{points.size(), 1}, points);
  axon::Sigmoid sigmoid;
  axon::Tanh tanh;
  axon::ReLU relu;
  const auto [s, ds] = value_and_derivative(sigmoid, z);
  const auto [t, dt] = value_and_derivative(tanh, z);
  const auto [r, dr] = value_and_derivative(relu, z);
  fmt::print("{:>6} {:>9} {:>9} {:>9} {:>9} {:>6} {:>6}\n", "z", "sigmoid", "sigmoid'", "tanh",
             "tanh'", "relu", "relu'");
  for (std::size_t i = 0; i < points.size(); ++i)
    fmt::print("{:>6.1f} {:>9.5f} {:>9.5f} {:>9.5f} {:>9.5f} {:>6.2f} {:>6.1f}\n", points[i], s[i],
               ds[i], t[i], dt[i], r[i], dr[i]);
  fmt::print("Key Properties:\n");
  fmt::print("- Sigmoid: Smooth, bounded [0,1], prone to vanishing gradients\n");
  fmt::print("- Tanh: Smooth, bounded [-1,1], zero-centered\n");
  fmt::print("- ReLU: Simple, no upper bound, dead ReLU problem possible\n\n");
}

double mean_absolute(std::span<const float> values) {
  double sum = 0.0;
  for (float v : values) sum += std::abs(v);
  return sum / static_cast<double>(values.size());
}

/// The seed's gradient-flow bars as numbers: mean |W| per layer and mean |A| per stage.
void magnitudes(Sequential& model, const axon::Dataset& train) {
  std::vector<std::size_t> first_ten(10);
  for (std::size_t i = 0; i < first_ten.size(); ++i) first_ten[i] = i;
  const Tensor x = train.subset(first_ten).inputs;
  const Tensor a1 = model.layer(1).forward(model.layer(0).forward(x, false), false);
  const Tensor a2 = model.layer(3).forward(model.layer(2).forward(a1, false), false);
  fmt::print("Weight magnitudes (mean |W|): W1 {:.4f}, W2 {:.4f}\n",
             mean_absolute(model.layer<Dense>(0).weight().values()),
             mean_absolute(model.layer<Dense>(2).weight().values()));
  fmt::print(
      "Activation magnitudes (mean |A|, first 10 samples): Input {:.4f}, Hidden (A1) "
      "{:.4f}, Output (A2) {:.4f}\n\n",
      mean_absolute(x.values()), mean_absolute(a1.values()), mean_absolute(a2.values()));
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seed = examples::seed_from_args(argc, argv, 42);
  try {
    activation_table();

    // make_classification(n_samples=1000, n_features=20, n_informative=15, n_redundant=5,
    // n_classes=3), split 80/20, standardized with the training set's mean and std.
    axon::Rng rng(seed);
    const axon::Dataset data = axon::data::classification(rng);
    auto [train, test] = data.split(0.2, rng);
    axon::data::Standardizer scaler;
    scaler.fit_transform(train.inputs);
    scaler.transform(test.inputs);
    fmt::print("Data: {} training and {} test samples, {} features, 3 classes\n\n", train.size(),
               test.size(), train.features());

    // NeuralNetwork(input_size=20, hidden_size=64, output_size=3, learning_rate=0.1):
    // W ~ N(0, 2 / fan_in) (He), b = 0; trained on the whole training set at once.
    const axon::DenseOptions he{.init = axon::Initializer::he_normal()};
    Sequential model(seed);
    model.add(Dense(20, 64, he)).add(axon::ReLU()).add(Dense(64, 3, he)).add(axon::Softmax());
    model.compile(axon::make_loss("cross_entropy"), axon::make_optimizer("sgd", 0.1f));
    fmt::print("{}\n", model.summary());

    constexpr std::size_t kEpochs = 1000, kPrintEvery = 200;
    axon::LambdaCallback print({.on_epoch_end = [&](axon::Trainer&, const axon::EpochRecord& r) {
      if (r.epoch % kPrintEvery == 0)
        fmt::print("Epoch {}/{} - Loss: {:.4f}, Accuracy: {:.4f}\n", r.epoch, kEpochs, r.loss,
                   *r.accuracy);
    }});
    const axon::History history =
        axon::Trainer(model, {.epochs = kEpochs, .batch_size = train.size(), .shuffle = false})
            .add(print)
            .fit(train);
    const axon::Metrics test_metrics = model.evaluate(test);
    fmt::print("\nTest Accuracy: {:.4f}\n", *test_metrics.accuracy);
    fmt::print("Training loss: {:.4f} after epoch 1, {:.4f} after epoch {}\n\n",
               history.front().loss, history.back().loss, kEpochs);
    magnitudes(model, train);
  } catch (const axon::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
