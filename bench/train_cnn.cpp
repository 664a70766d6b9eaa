// train_cnn: trains a small CNN on Fashion-MNIST with axon and prints one JSON line (seconds per
// epoch and their median, test accuracy, peak RSS). bench/compare_pytorch --cnn times it against
// the same network in PyTorch 1.13, alternating runs; bench/train_cnn_pytorch.py is that network
// alone.
//
//   conv C1 3x3 relu, maxpool 2, conv C2 3x3 relu, maxpool 2, flatten, dense 128 relu, dense 10
//   softmax + cross-entropy, Adam 1e-3, batch 128, shuffled, seed 42; C1,C2 = 32,64
//
//   build/bench/train_cnn [--data DIR] [--epochs N] [--batch N] [--threads N] [--train-limit N]
//                         [--matmul auto|fp32|bf16] [--channels C1,C2]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/axon.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/layers/activations.hpp"
#include "axon/model/architecture.hpp"
#include "axon/tensor/gemm_bf16.hpp"

namespace {

struct Options {
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::size_t epochs = 3, batch = 128, train_limit = 0;
  std::size_t channels1 = 32, channels2 = 64;
  int threads = 2;
  std::string matmul = "auto";
};

std::string architecture(const Options& o) {
  return fmt::format(
      "conv {} 3 relu, maxpool 2, conv {} 3 relu, maxpool 2, flatten, dense 128 relu, dense 10",
      o.channels1, o.channels2);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

// User plus system CPU seconds of the process so far (every thread).
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data")
      o.data = value;
    else if (flag == "--epochs")
      o.epochs = std::stoul(value);
    else if (flag == "--batch")
      o.batch = std::stoul(value);
    else if (flag == "--threads")
      o.threads = std::stoi(value);
    else if (flag == "--train-limit")
      o.train_limit = std::stoul(value);
    else if (flag == "--matmul")
      o.matmul = value;
    else if (flag == "--channels") {
      const std::size_t comma = value.find(',');
      if (comma == std::string::npos) throw axon::Error("--channels takes C1,C2, got " + value);
      o.channels1 = std::stoul(value.substr(0, comma));
      o.channels2 = std::stoul(value.substr(comma + 1));
    } else
      throw axon::Error("unknown flag " + flag);
  }
  if (argc % 2 == 0) throw axon::Error(fmt::format("{} needs a value", argv[argc - 1]));
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options o = parse(argc, argv);
    if (o.matmul == "auto") o.matmul = axon::bf16_gemm_available() ? "bf16" : "fp32";
    axon::set_matmul_precision(axon::parse_matmul_precision(o.matmul));
    axon::set_num_threads(o.threads);
    axon::Dataset train = axon::read_idx_dataset(o.data + "/train-images-idx3-ubyte.gz",
                                                 o.data + "/train-labels-idx1-ubyte.gz");
    const axon::Dataset test = axon::read_idx_dataset(o.data + "/t10k-images-idx3-ubyte.gz",
                                                      o.data + "/t10k-labels-idx1-ubyte.gz");
    if (o.train_limit > 0 && o.train_limit < train.size()) {
      std::vector<std::size_t> first(o.train_limit);
      for (std::size_t i = 0; i < first.size(); ++i) first[i] = i;
      train = train.subset(first);
    }
    axon::Sequential model = axon::parse_architecture(architecture(o), axon::Shape{1, 28, 28}, 42);
    model.add(axon::Softmax());
    model.compile(axon::make_loss("cross_entropy"), axon::make_optimizer("adam", 0.001f));
    const double cpu_before = cpu_seconds();
    const axon::History history =
        axon::Trainer(model, {.epochs = o.epochs, .batch_size = o.batch}).fit(train);
    const double train_cpu_s = cpu_seconds() - cpu_before;
    std::vector<double> seconds, losses;
    for (const axon::EpochRecord& r : history) {
      seconds.push_back(r.seconds);
      losses.push_back(r.loss);
    }
    const auto start = std::chrono::steady_clock::now();
    const axon::Metrics metrics = model.evaluate(test);
    const double test_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print(
        "{{\"system\": \"axon\", \"matmul\": \"{}\", \"threads\": {}, \"batch\": {}, "
        "\"channels\": [{}, {}], \"train_samples\": {}, \"epoch_s\": [{:.3f}], "
        "\"median_epoch_s\": {:.4f}, \"train_cpu_s\": {:.2f}, \"losses\": [{:.4f}], "
        "\"test_accuracy\": {:.4f}, "
        "\"test_s\": {:.2f}, \"peak_rss_mib\": {:.1f}}}\n",
        o.matmul, o.threads, o.batch, o.channels1, o.channels2, train.size(),
        fmt::join(seconds, ", "), median(seconds), train_cpu_s, fmt::join(losses, ", "),
        metrics.accuracy.value_or(0.0), test_seconds, peak_rss_mib());
  } catch (const std::exception& e) {
    std::cerr << "train_cnn: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
