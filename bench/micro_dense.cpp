// Micro-benchmarks of the dense layers of the seed MLP (784-128-64-10, batch 128): forward and
// backward of each Dense, alone and followed by its ReLU, and one whole training step.
#include <benchmark/benchmark.h>

#include <memory>

#include "axon/axon.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/tensor/gemm_bf16.hpp"

namespace {

axon::Tensor random_tensor(const axon::Shape& shape, std::uint64_t seed, float scale = 1.0f) {
  axon::Tensor t(shape);
  axon::Rng rng(seed);
  for (float& v : t.values()) v = rng.uniform(-scale, scale);
  return t;
}

// Args: in, out, threads.
void BM_DenseForward(benchmark::State& state) {
  const auto in = static_cast<std::size_t>(state.range(0));
  const auto out = static_cast<std::size_t>(state.range(1));
  axon::set_num_threads(static_cast<int>(state.range(2)));
  axon::Dense dense(in, out);
  const axon::Tensor x = random_tensor(axon::Shape{128, in}, 1);
  for (auto _ : state) benchmark::DoNotOptimize(dense.forward(x, true).data());
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_DenseForward)
    ->Args({784, 128, 1})
    ->Args({784, 128, 2})
    ->Args({128, 64, 1})
    ->Args({128, 64, 2})
    ->Args({64, 10, 1})
    ->UseRealTime();

void BM_DenseBackward(benchmark::State& state) {
  const auto in = static_cast<std::size_t>(state.range(0));
  const auto out = static_cast<std::size_t>(state.range(1));
  axon::set_num_threads(static_cast<int>(state.range(2)));
  axon::Dense dense(in, out);
  dense.set_needs_input_grad(state.range(3) != 0);
  const axon::Tensor x = random_tensor(axon::Shape{128, in}, 1);
  const axon::Tensor dz = random_tensor(axon::Shape{128, out}, 2, 0.01f);
  dense.forward(x, true);
  for (auto _ : state) benchmark::DoNotOptimize(dense.backward(dz).data());
  state.SetItemsProcessed(state.iterations() * 128);
}
// Args: in, out, threads, computes dX.
BENCHMARK(BM_DenseBackward)
    ->Args({784, 128, 1, 0})
    ->Args({784, 128, 2, 0})
    ->Args({128, 64, 1, 1})
    ->Args({128, 64, 2, 1})
    ->Args({64, 10, 1, 1})
    ->UseRealTime();

// Dense then ReLU as a model runs them (the pair Sequential fuses).
void BM_DenseReluForward(benchmark::State& state) {
  const auto in = static_cast<std::size_t>(state.range(0));
  const auto out = static_cast<std::size_t>(state.range(1));
  axon::set_num_threads(1);
  axon::Sequential model(axon::Dense(in, out), axon::ReLU());
  const axon::Tensor x = random_tensor(axon::Shape{128, in}, 1);
  for (auto _ : state) benchmark::DoNotOptimize(model.forward(x, true).data());
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_DenseReluForward)->Args({784, 128})->Args({128, 64})->UseRealTime();

// One whole train_step of the seed MLP at batch 128 (no data loading). Args: threads, and 1 for
// bf16 products (skipped without AMX).
void BM_TrainStep(benchmark::State& state) {
  axon::set_num_threads(static_cast<int>(state.range(0)));
  const bool bf16 = state.range(1) == 1;
  if (bf16 && !axon::bf16_gemm_available()) {
    state.SkipWithError("no AMX-BF16 on this CPU");
    return;
  }
  const axon::MatmulPrecisionScope precision(bf16 ? axon::MatmulPrecision::kBfloat16
                                                  : axon::MatmulPrecision::kFloat32);
  axon::enable_flush_to_zero();
  axon::Sequential model =
      axon::Sequential::mlp({784, 128, 64, 10}, {.activation = "relu", .output = "softmax"});
  model.compile(axon::make_loss("cross_entropy"), std::make_unique<axon::Adam>());
  const axon::Tensor x = random_tensor(axon::Shape{128, 784}, 1);
  axon::Tensor y(axon::Shape{128, 1});
  for (std::size_t i = 0; i < 128; ++i) y[i] = static_cast<float>(i % 10);
  for (auto _ : state) benchmark::DoNotOptimize(model.train_step(x, y));
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_TrainStep)->Args({1, 0})->Args({2, 0})->Args({1, 1})->UseRealTime();

}  // namespace
