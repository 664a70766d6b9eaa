// Micro-benchmarks of each matrix product of one training step of the seed MLP (batch 128), on
// one and two OpenBLAS threads: where threads pay off and where they only add synchronization.
#include <benchmark/benchmark.h>

#include <vector>

#include "axon/axon.hpp"

namespace {

// Args: m, n, k, A transposed, B transposed, threads. Names follow Dense: Z = X W^T is (N, out,
// in, no, yes), dW = dZ^T X is (out, in, N, yes, no), dX = dZ W is (N, in, out, no, no).
void BM_Gemm(benchmark::State& state) {
  const auto m = static_cast<std::size_t>(state.range(0));
  const auto n = static_cast<std::size_t>(state.range(1));
  const auto k = static_cast<std::size_t>(state.range(2));
  const bool ta = state.range(3) != 0, tb = state.range(4) != 0;
  axon::set_num_threads(static_cast<int>(state.range(5)));
  std::vector<float> a(m * k, 0.5f), b(k * n, 0.25f), c(m * n, 0.0f);
  for (auto _ : state) {
    axon::gemm(ta ? axon::Transpose::kYes : axon::Transpose::kNo,
               tb ? axon::Transpose::kYes : axon::Transpose::kNo, m, n, k, 1.0f, a.data(),
               ta ? m : k, b.data(), tb ? k : n, 0.0f, c.data(), n);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * static_cast<double>(m * n * k) * static_cast<double>(state.iterations()) * 1e-9,
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Gemm)
    ->ArgNames({"m", "n", "k", "ta", "tb", "threads"})
    ->ArgsProduct({{128}, {128}, {784}, {0}, {1}, {1, 2}})     // Z1 = X W1^T
    ->ArgsProduct({{128}, {784}, {128}, {1}, {0}, {1, 2}})     // dW1 = dZ1^T X
    ->ArgsProduct({{128}, {64}, {128}, {0}, {1}, {1, 2}})      // Z2
    ->ArgsProduct({{64}, {128}, {128}, {1}, {0}, {1, 2}})      // dW2
    ->ArgsProduct({{128}, {128}, {64}, {0}, {0}, {1, 2}})      // dX2
    ->ArgsProduct({{128}, {10}, {64}, {0}, {1}, {1, 2}})       // Z3
    ->ArgsProduct({{1024}, {1024}, {1024}, {0}, {0}, {1, 2}})  // a large square product: the peak
    ->UseRealTime();

}  // namespace
