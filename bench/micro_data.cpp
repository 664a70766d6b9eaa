// Micro-benchmarks of batch gathering: 128 shuffled rows of a Fashion-MNIST-sized dataset
// (60,000 x 784 floats, 188 MB) copied into a reused batch buffer, plain and prefetched.
#include <benchmark/benchmark.h>

#include <numeric>
#include <vector>

#include "axon/axon.hpp"

namespace {

const axon::Dataset& fashion_sized() {
  static const axon::Dataset data = [] {
    axon::Tensor x(axon::Shape{60000, 784}, 0.5f);
    axon::Tensor y(axon::Shape{60000, 1});
    for (std::size_t i = 0; i < 60000; ++i) y[i] = static_cast<float>(i % 10);
    return axon::Dataset(std::move(x), std::move(y));
  }();
  return data;
}

// Gathers one shuffled epoch, batch by batch, the way fit's DataLoader does.
void BM_GatherShuffledEpoch(benchmark::State& state) {
  const axon::Dataset& data = fashion_sized();
  axon::DataLoader loader(data, {.batch_size = static_cast<std::size_t>(state.range(0))}, 7);
  for (auto _ : state) {
    for (const axon::DataLoader::Batch batch : loader)
      benchmark::DoNotOptimize(batch.inputs.data());
  }
  state.SetItemsProcessed(state.iterations() * 60000);
  state.SetBytesProcessed(state.iterations() * 60000 * 785 * 4);
}
BENCHMARK(BM_GatherShuffledEpoch)->Arg(128)->Unit(benchmark::kMillisecond);

// One batch of 128 random rows; Arg 0 is the plain gather_rows, 1 the prefetching gather the
// loader uses.
void BM_GatherRows(benchmark::State& state) {
  const axon::Dataset& data = fashion_sized();
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  axon::Rng rng(8);
  rng.shuffle(order);
  axon::Tensor batch;
  std::size_t start = 0;
  for (auto _ : state) {
    const std::span<const std::size_t> rows(order.data() + start, 128);
    if (state.range(0) == 0)
      axon::gather_rows(data.inputs, rows, batch);
    else
      axon::gather_rows_prefetched(data.inputs, rows, batch);
    benchmark::DoNotOptimize(batch.data());
    start = (start + 128) % (data.size() - 128);
  }
  state.SetItemsProcessed(state.iterations() * 128);
  state.SetBytesProcessed(state.iterations() * 128 * 784 * 4);
}
BENCHMARK(BM_GatherRows)->Arg(0)->Arg(1);

}  // namespace
