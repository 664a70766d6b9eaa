// Micro-benchmarks of the model's head at batch 128 with 10 classes: softmax, the cross-entropy
// value, the fused softmax + cross-entropy gradient (A - Y) / N, and ReLU forward/backward.
#include <benchmark/benchmark.h>

#include <memory>

#include "axon/axon.hpp"

namespace {

constexpr std::size_t kBatch = 128;
constexpr std::size_t kClasses = 10;

axon::Tensor logits() {
  axon::Tensor z(axon::Shape{kBatch, kClasses});
  axon::Rng rng(5);
  for (float& v : z.values()) v = rng.uniform(-4.0f, 4.0f);
  return z;
}

axon::Tensor labels() {
  axon::Tensor y(axon::Shape{kBatch, 1});
  for (std::size_t i = 0; i < kBatch; ++i) y[i] = static_cast<float>(i % kClasses);
  return y;
}

void BM_Softmax(benchmark::State& state) {
  axon::Softmax softmax;
  const axon::Tensor z = logits();
  for (auto _ : state) benchmark::DoNotOptimize(softmax.forward(z, true).data());
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Softmax);

void BM_CrossEntropyForward(benchmark::State& state) {
  auto loss = axon::make_loss("cross_entropy");
  axon::Tensor a;
  axon::softmax_rows(logits(), a);
  const axon::Tensor y = labels();
  for (auto _ : state) benchmark::DoNotOptimize(loss->forward(a, y));
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_CrossEntropyForward);

void BM_SoftmaxCrossEntropyGradient(benchmark::State& state) {
  auto loss = axon::make_loss("cross_entropy");
  axon::Tensor a, grad;
  axon::softmax_rows(logits(), a);
  const axon::Tensor y = labels();
  for (auto _ : state) {
    loss->softmax_backward(a, y, grad);
    benchmark::DoNotOptimize(grad.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_SoftmaxCrossEntropyGradient);

// The whole head of one train step: softmax, loss value, fused gradient.
void BM_SoftmaxCrossEntropyStep(benchmark::State& state) {
  auto loss = axon::make_loss("cross_entropy");
  axon::Softmax softmax;
  axon::Tensor grad;
  const axon::Tensor z = logits();
  const axon::Tensor y = labels();
  for (auto _ : state) {
    const axon::Tensor& a = softmax.forward(z, true);
    benchmark::DoNotOptimize(loss->forward(a, y));
    loss->softmax_backward(a, y, grad);
    benchmark::DoNotOptimize(grad.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_SoftmaxCrossEntropyStep);

// ReLU on the first hidden layer's activations (128 x 128).
void BM_ReluForwardBackward(benchmark::State& state) {
  axon::enable_flush_to_zero();
  axon::ReLU relu;
  axon::Tensor z(axon::Shape{kBatch, 128}), dy(axon::Shape{kBatch, 128});
  axon::Rng rng(6);
  for (float& v : z.values()) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : dy.values()) v = rng.uniform(-1e-3f, 1e-3f);
  for (auto _ : state) {
    benchmark::DoNotOptimize(relu.forward(z, true).data());
    benchmark::DoNotOptimize(relu.backward(dy).data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_ReluForwardBackward);

}  // namespace
