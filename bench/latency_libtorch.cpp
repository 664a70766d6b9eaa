// latency_libtorch: the latency of the seed MLP's forward pass (784-128-64-10, ReLU, softmax) in
// libtorch's C++ API, batches of 1 and of 64, p50 and p99 over the calls; one JSON line. Built and
// run by bench/compare_pytorch --latency when libtorch's headers are installed (libtorch-dev).
//
//   latency_libtorch THREADS CALLS
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: latency_libtorch THREADS CALLS\n");
    return 2;
  }
  const int threads = std::stoi(argv[1]);
  const std::size_t calls = std::stoul(argv[2]);
  torch::set_num_threads(threads);
  torch::manual_seed(0);
  torch::nn::Sequential model(torch::nn::Linear(784, 128), torch::nn::ReLU(),
                              torch::nn::Linear(128, 64), torch::nn::ReLU(),
                              torch::nn::Linear(64, 10), torch::nn::Softmax(1));
  model->eval();
  torch::NoGradGuard no_grad;
  std::string fields;
  for (const long rows : {1L, 64L}) {
    const torch::Tensor x = torch::rand({rows, 784});
    for (std::size_t c = 0; c < calls / 10 + 1; ++c) model->forward(x);
    std::vector<double> us;
    for (std::size_t c = 0; c < calls; ++c) {
      const auto start = std::chrono::steady_clock::now();
      const torch::Tensor out = model->forward(x);
      us.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
      if (out.size(0) != rows) return 1;
    }
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, ", \"p50_us_%ld\": %.2f, \"p99_us_%ld\": %.2f", rows,
                  percentile(us, 0.5), rows, percentile(us, 0.99));
    fields += buffer;
  }
  std::printf("{\"system\": \"libtorch\", \"threads\": %d, \"calls\": %zu%s}\n", threads, calls,
              fields.c_str());
  return 0;
}
