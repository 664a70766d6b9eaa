// Seed 001's exercises on Fashion-MNIST: the 784-128-64-10 MLP trained with (a) sigmoid, tanh and
// ReLU, (b) learning rates 0.001 to 1.0, (c) batch sizes 32 to 512, (d) no regularization, L2,
// dropout and batch norm. Prints one table of test accuracy and time.
//
//   seed001_exercises [epochs] [data directory]      (defaults: 5, Debian's Fashion-MNIST)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/io/idx_reader.hpp"

namespace {

struct Run {
  std::string group;
  std::string label;
  axon::MlpOptions mlp;
  std::string optimizer = "adam";
  float learning_rate = 0.001f;
  std::size_t batch_size = 128;
  float l2 = 0.0f;
};

std::vector<Run> exercises() {
  const axon::MlpOptions base{.activation = "relu", .output = "softmax"};
  std::vector<Run> runs;
  for (const char* activation : {"sigmoid", "tanh", "relu"}) {
    axon::MlpOptions mlp = base;
    mlp.activation = activation;
    runs.push_back({"(a) activation", activation, mlp});
  }
  for (float lr : {0.001f, 0.01f, 0.1f, 1.0f})
    runs.push_back({"(b) learning rate (Adam)", fmt::format("{}", lr), base, "adam", lr});
  for (std::size_t batch : {32u, 128u, 512u})
    runs.push_back({"(c) batch size", fmt::format("{}", batch), base, "adam", 0.001f, batch});
  runs.push_back({"(d) regularization", "none", base});
  runs.push_back({"(d) regularization", "L2 1e-4", base, "adam", 0.001f, 128, 1e-4f});
  axon::MlpOptions dropout = base;
  dropout.dropout = {0.2f};
  runs.push_back({"(d) regularization", "dropout 0.2", dropout});
  axon::MlpOptions batchnorm = base;
  batchnorm.batchnorm = true;
  runs.push_back({"(d) regularization", "batch norm", batchnorm});
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t epochs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 5;
  const std::string dir = argc > 2 ? argv[2] : "/usr/share/datasets/fashion-mnist";
  if (epochs == 0) {
    std::fprintf(stderr, "usage: %s [epochs > 0] [directory of the four IDX files]\n", argv[0]);
    return 2;
  }
  axon::Dataset train, test;
  try {
    train = axon::read_idx_dataset(dir + "/train-images-idx3-ubyte.gz",
                                   dir + "/train-labels-idx1-ubyte.gz");
    test = axon::read_idx_dataset(dir + "/t10k-images-idx3-ubyte.gz",
                                  dir + "/t10k-labels-idx1-ubyte.gz");
  } catch (const axon::Error& e) {
    std::fprintf(stderr, "%s\n(install Debian's dataset-fashion-mnist or pass a directory)\n",
                 e.what());
    return 2;
  }
  fmt::print("Fashion-MNIST: {} training, {} test images; 784-128-64-10, {} epochs each\n\n",
             train.size(), test.size(), epochs);
  fmt::print("{:<26}{:<14}{:>10}{:>10}{:>10}\n", "exercise", "setting", "test acc", "loss",
             "seconds");
  for (const Run& run : exercises()) {
    axon::Sequential model = axon::Sequential::mlp({784, 128, 64, 10}, run.mlp);
    model.compile(axon::make_loss("cross_entropy"),
                  axon::make_optimizer(run.optimizer, run.learning_rate));
    const auto start = std::chrono::steady_clock::now();
    axon::Trainer(model, {.epochs = epochs, .batch_size = run.batch_size, .step = {.l2 = run.l2}})
        .fit(train);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const axon::Metrics m = model.evaluate(test);
    fmt::print("{:<26}{:<14}{:>10.4f}{:>10.4f}{:>10.2f}\n", run.group, run.label, *m.accuracy,
               m.loss, seconds);
  }
  return 0;
}
