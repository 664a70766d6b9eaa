// Seed 003, NN from scratch: an L-layer network from the layer list [1, 10, 10, 1] (ReLU hidden
// layers, sigmoid output, weights and biases ~ N(0, 0.1^2)) trained one sample at a time with
// gradient descent on the cost (1/2)(y - a)^2, fitting y = (sin x + 1) / 2 on 500 points.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/data/generators.hpp"
#include "example_utils.hpp"

namespace {

using axon::Sequential;
using axon::Tensor;

constexpr float kLearningRate = 0.01f;

/// The seed's NeuralNetwork(layer_list): every weight and bias ~ N(0, 0.1^2).
Sequential make_network(const std::vector<std::size_t>& layer_list, axon::Rng& rng,
                        std::uint64_t seed) {
  Sequential model = Sequential::mlp(layer_list, {.activation = "relu",
                                                  .output = "sigmoid",
                                                  .init = axon::Initializer::normal(0.1f),
                                                  .seed = seed});
  model.build();
  for (float& v : model.parameters().values()) v = rng.normal(0.0f, 0.1f);
  model.compile(axon::make_loss("half_mse"), axon::make_optimizer("sgd", kLearningRate));
  return model;
}

/// Per-sample training in the data's order, as the seed's train(): `epochs` passes; calls
/// `report(epoch, mean cost)` after each (epoch counted from 0 like the seed).
template <typename Report>
void train(Sequential& model, const axon::Dataset& data, std::size_t epochs, Report report) {
  std::size_t epoch = 0;
  axon::LambdaCallback print({.on_epoch_end = [&](axon::Trainer&, const axon::EpochRecord& r) {
    report(epoch++, r.loss);
  }});
  axon::Trainer(model, {.epochs = epochs, .batch_size = 1, .shuffle = false}).add(print).fit(data);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seed = examples::seed_from_args(argc, argv, 1);
  try {
    axon::Rng rng(seed);
    // X = linspace(-2 pi, 2 pi, 500), y = 0.5 (sin X + 1), X_norm = (X - mean) / std.
    const axon::Dataset data = axon::data::sine(rng);
    const std::vector<std::size_t> layers = {1, 10, 10, 1};

    fmt::print("Training [1, 10, 10, 1] on {} samples, learning rate {}, 1000 epochs\n",
               data.size(), kLearningRate);
    Sequential model = make_network(layers, rng, seed);
    train(model, data, 1000, [](std::size_t epoch, double loss) {
      if (epoch % 200 == 0) fmt::print("Epoch {} Loss : {}\n", epoch, loss);
    });
    const axon::Metrics fitted = model.evaluate(data);
    fmt::print("Final: cost (1/2)(y - a)^2 {:.6f}, MSE {:.6f}\n\n", fitted.loss, *fitted.mse);

    // Results at different epochs: a fresh network, checked after 10, 50, 100, 500 and 1000.
    const std::vector<std::size_t> sample_rows = {0, 62, 125, 187, 250, 312, 375, 437, 499};
    auto row = [&](const std::string& label, const Tensor& values, const std::string& tail) {
      std::string line = fmt::format("{:<16}", label);
      for (std::size_t r : sample_rows) line += fmt::format("{:>7.3f}", values[r]);
      fmt::print("{}{}\n", line, tail);
    };
    fmt::print("Results at different epochs (actual vs predicted at 9 of the 500 points)\n");
    row("x (normalized)", data.inputs, "");
    row("actual y", data.targets, "");
    Sequential fresh = make_network(layers, rng, seed + 1);
    const std::size_t checkpoints[] = {10, 50, 100, 500, 1000};
    std::size_t trained = 0;
    for (const std::size_t checkpoint : checkpoints) {
      train(fresh, data, checkpoint - trained, [](std::size_t, double) {});
      trained = checkpoint;
      const Tensor predicted = fresh.predict(data.inputs);
      const axon::Metrics m = fresh.evaluate(data);
      row(fmt::format("{} epochs", checkpoint), predicted, fmt::format("   MSE {:.6f}", *m.mse));
    }
  } catch (const axon::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
