// Seed 000, the first teaching notebook: a single neuron, a layer of two, a 4-2-2-1 network, the
// two-Gaussian dataset with a shuffling DataLoader, backpropagation with (half) MSE checked against
// the seed's hand-written formulas, and per-batch SGD training on 1024 samples.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/data/generators.hpp"
#include "example_utils.hpp"

namespace {

using axon::Dense;
using axon::Sequential;
using axon::Shape;
using axon::Tensor;
using examples::format_array;

/// Every weight and bias ~ N(0, 1), as the seed's np.random.randn.
void randn_init(Sequential& model, axon::Rng& rng) {
  model.build();
  for (float& v : model.parameters().values()) v = rng.normal();
}

void randn_init(Dense& layer, axon::Rng& rng) {
  for (float& v : layer.weight().values()) v = rng.normal();
  for (float& v : layer.bias().values()) v = rng.normal();
}

/// The seed's SimpleNeuralNetwork: 4 -> 2 (ReLU) -> 2 (ReLU) -> 1 (sigmoid), randn weights.
Sequential simple_network(axon::Rng& rng) {
  Sequential model(Dense(4, 2), axon::ReLU(), Dense(2, 2), axon::ReLU(), Dense(2, 1),
                   axon::Sigmoid());
  randn_init(model, rng);
  // The seed's backward takes dL/dA = A - Y summed over the batch: half the summed squared error.
  model.compile(axon::make_loss("half_mse", axon::Reduction::kSum),
                axon::make_optimizer("sgd", 0.01f));
  return model;
}

Tensor random_input(axon::Rng& rng) {
  Tensor x(Shape{1, 4});
  for (float& v : x.values()) v = rng.normal();
  return x;
}

// --- The seed's backward pass, written out, to check the library's gradients against. ---

/// C = A^T B   A: (N, p)  B: (N, q)  C: (p, q)
Tensor at_b(const Tensor& a, const Tensor& b) {
  Tensor c(Shape{a.cols(), b.cols()});
  for (std::size_t n = 0; n < a.rows(); ++n)
    for (std::size_t i = 0; i < a.cols(); ++i)
      for (std::size_t j = 0; j < b.cols(); ++j) c(i, j) += a(n, i) * b(n, j);
  return c;
}

/// C = A B   A: (N, p)  B: (p, q)  C: (N, q)
Tensor a_b(const Tensor& a, const Tensor& b) {
  Tensor c(Shape{a.rows(), b.cols()});
  for (std::size_t n = 0; n < a.rows(); ++n)
    for (std::size_t i = 0; i < a.cols(); ++i)
      for (std::size_t j = 0; j < b.cols(); ++j) c(n, j) += a(n, i) * b(i, j);
  return c;
}

/// Column sums: dB = sum over the batch of dZ, shaped (out).
Tensor column_sums(const Tensor& a) {
  Tensor s(Shape{a.cols()});
  for (std::size_t n = 0; n < a.rows(); ++n)
    for (std::size_t j = 0; j < a.cols(); ++j) s[j] += a(n, j);
  return s;
}

/// dZ = dA * relu'(Z), relu'(z) = 1 if z > 0 else 0
Tensor relu_backward(Tensor da, const Tensor& z) {
  for (std::size_t i = 0; i < da.size(); ++i) da[i] *= z[i] > 0.0f ? 1.0f : 0.0f;
  return da;
}

/// A layer's weight as a (out, in) tensor.
Tensor weight_of(Sequential& model, std::size_t layer) {
  Dense& dense = model.layer<Dense>(layer);
  return Tensor(dense.weight().shape, dense.weight().values());
}

/// dW1, dB1, dW2, dB2, dW3, dB3 by the seed's formulas, from the cached forward values.
std::vector<Tensor> seed_gradients(Sequential& model, const Tensor& x,
                                   const std::vector<Tensor>& out, const Tensor& y) {
  const Tensor &z1 = out[0], &a1 = out[1], &z2 = out[2], &a2 = out[3], &a3 = out[5];
  // dZ3 = (output - y) sigma'(Z3),  sigma'(z) = sigma(z) (1 - sigma(z))
  Tensor dz3(a3.shape());
  for (std::size_t i = 0; i < a3.size(); ++i) dz3[i] = (a3[i] - y[i]) * a3[i] * (1.0f - a3[i]);
  Tensor dz2 = relu_backward(a_b(dz3, weight_of(model, 4)), z2);  // dA2 = dZ3 W3
  Tensor dz1 = relu_backward(a_b(dz2, weight_of(model, 2)), z1);  // dA1 = dZ2 W2
  return {at_b(dz1, x),     column_sums(dz1), at_b(dz2, a1),
          column_sums(dz2), at_b(dz3, a2),    column_sums(dz3)};
}

float max_difference(std::span<const float> a, std::span<const float> b) {
  float worst = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

double mean_squared_error(const Tensor& prediction, const Tensor& target) {
  double sum = 0.0;
  for (std::size_t i = 0; i < prediction.size(); ++i) {
    const double d = prediction[i] - target[i];
    sum += d * d;
  }
  return sum / static_cast<double>(prediction.size());
}

void task_1_single_neuron(axon::Rng& rng) {
  fmt::print("Task 1: a single neuron, Z = X W^T + B, output = relu(Z)\n");
  Dense neuron(4, 1);
  randn_init(neuron, rng);
  const Tensor x = random_input(rng);
  const Tensor& z = neuron.forward(x, false);
  axon::ReLU relu;
  fmt::print("Input: {}\n", format_array(x));
  fmt::print("Weights: {}\n", format_array(Tensor(Shape{1, 4}, neuron.weight().values())));
  fmt::print("Bias Term: {}\n", format_array(Tensor(Shape{1}, neuron.bias().values())));
  fmt::print("Z: {}\n", format_array(z));
  fmt::print("Output: {}\n\n", format_array(relu.forward(z, false)));
}

void task_2_two_neurons(axon::Rng& rng) {
  fmt::print("Task 2: a layer of two neurons, W: (2, 4)\n");
  Dense layer(4, 2);
  randn_init(layer, rng);
  const Tensor x = random_input(rng);
  const Tensor& z = layer.forward(x, false);
  axon::ReLU relu;
  fmt::print("Input: {}\n", format_array(x));
  fmt::print("Weights: {}\n", format_array(Tensor(Shape{2, 4}, layer.weight().values())));
  fmt::print("Bias Term: {}\n", format_array(Tensor(Shape{1, 2}, layer.bias().values())));
  fmt::print("Z: {}\n", format_array(z));
  fmt::print("Output: {}\n\n", format_array(relu.forward(z, false)));
}

void task_3_network(axon::Rng& rng) {
  fmt::print("Task 3: a 4-2-2-1 network (ReLU, ReLU, sigmoid)\n");
  Sequential network = simple_network(rng);
  const Tensor x = random_input(rng);
  fmt::print("Output: {}\n\n", format_array(network.forward(x)));
}

void task_4_and_5_data(axon::Rng& rng) {
  fmt::print("Task 4: the two-Gaussian dataset\n");
  const axon::Dataset dataset = axon::data::blobs(rng);
  axon::DataLoader loader(dataset, {.batch_size = 32, .shuffle = true}, rng);
  fmt::print("Number of Input Data: {}\nNumber of Batches: {}\n\n", dataset.size(),
             loader.num_batches());

  fmt::print("Task 5: batch computation\n");
  const axon::DataLoader::Batch first = *loader.begin();
  fmt::print("Shape of first batch data:\n {}\n", first.inputs.shape().to_string());
  fmt::print("Shape of first batch labels:\n {}\n", first.targets.shape().to_string());
  Sequential network = simple_network(rng);
  fmt::print("Output: {}\n\n", network.forward(first.inputs).shape().to_string());
}

void task_6_backpropagation(axon::Rng& rng) {
  fmt::print("Task 6: backpropagation, one epoch of per-batch updates (learning rate 0.01)\n");
  const axon::Dataset dataset = axon::data::blobs(rng);
  axon::DataLoader loader(dataset, {.batch_size = 32, .shuffle = true}, rng);
  Sequential model = simple_network(rng);
  Tensor grad;
  fmt::print("Epoch 1:\n===============================================\n");
  std::size_t b = 0;
  for (const axon::DataLoader::Batch batch : loader) {
    // Forward through each layer, keeping Z1, A1, Z2, A2, Z3, A3 for the hand-written check.
    std::vector<Tensor> out;
    const Tensor* a = &batch.inputs;
    for (std::size_t i = 0; i < model.size(); ++i)
      out.push_back(*(a = &model.layer(i).forward(*a, true)));
    fmt::print("Batch {} - Loss: {}\n", ++b, mean_squared_error(*a, batch.targets));

    model.zero_grad();
    model.loss()->backward(*a, batch.targets, grad);  // dL/dA3 = A3 - Y
    model.backward(grad);
    if (b == 1) {
      fmt::print(
          "  Gradients on this batch, and their largest difference from the seed's "
          "formulas:\n");
      const std::vector<Tensor> expected = seed_gradients(model, batch.inputs, out, batch.targets);
      const char* seed_names[] = {"dW1", "dB1", "dW2", "dB2", "dW3", "dB3"};
      std::size_t k = 0;
      for (auto& [name, p] : model.named_parameters()) {
        const std::string label =
            fmt::format("  {:<20} = ", fmt::format("{} ({})", seed_names[k], name));
        fmt::print("{}{}   (differs by {:.1e})\n", label,
                   format_array(Tensor(p->shape, p->grads()), 5, std::string(label.size(), ' ')),
                   max_difference(p->grads(), expected[k++].values()));
      }
    }
    model.optimizer()->step(model.parameters());  // W <- W - eta dW for every parameter
  }
  fmt::print("\n");
}

void task_7_training(axon::Rng& rng) {
  fmt::print("Task 7: training on 1024 samples (512 per class), batch 32, learning rate 0.01\n");
  const axon::Dataset dataset = axon::data::blobs(rng, {.samples_per_class = 512});
  Sequential model = simple_network(rng);
  axon::DataLoader loader(dataset, {.batch_size = 32, .shuffle = true}, rng);
  constexpr std::size_t kEpochs = 20;
  for (std::size_t epoch = 1; epoch <= kEpochs; ++epoch) {
    double half_squared_sum = 0.0;
    for (const axon::DataLoader::Batch batch : loader)
      half_squared_sum += model.train_step(batch.inputs, batch.targets);
    // The batch losses are (1/2) sum (a - y)^2; report the mean squared error as the seed does.
    fmt::print("Epoch {:>2} - Loss: {:.6f}\n", epoch, 2.0 * half_squared_sum / dataset.size());
  }
  const Tensor prediction = model.predict(dataset.inputs);
  const std::size_t correct = axon::count_correct(prediction, dataset.targets, 0.5f);
  fmt::print("Accuracy after {} epochs: {:.2f}% ({} of {})\n", kEpochs,
             100.0 * correct / dataset.size(), correct, dataset.size());
  // A constant output of 0.5 scores MSE 0.25: it means every ReLU unit of a 2-unit layer outputs
  // 0 for every input, which N(0, 1) weights cause for roughly a third of the seeds.
  if (correct * 2 <= dataset.size() + dataset.size() / 20)
    fmt::print(
        "The loss stalled near 0.25: the ReLU units are dead (zero for every input), a risk "
        "of the seed's N(0, 1) init on 2-unit layers. Try another seed.\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seed = examples::seed_from_args(argc, argv, 4);
  try {
    axon::Rng rng(seed);
    task_1_single_neuron(rng);
    task_2_two_neurons(rng);
    task_3_network(rng);
    task_4_and_5_data(rng);
    task_6_backpropagation(rng);
    axon::Rng training_rng(seed + 7);  // its own stream, so Task 7 does not depend on Tasks 1-6
    task_7_training(training_rng);
  } catch (const axon::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
