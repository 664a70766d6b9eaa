// Micro-benchmarks of the optimizers' update loops over the seed MLP's 109,386 parameters
// (784-128-64-10): one step() each, gradients fixed, flush-to-zero on as in training.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "axon/axon.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/sgd.hpp"

namespace {

constexpr std::size_t kSeedMlpParameters = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10;

// A store laid out as the seed MLP's (three weights and three biases), with random values and
// gradients.
struct SeedMlpStore {
  SeedMlpStore() {
    const std::vector<axon::Shape> shapes = {axon::Shape{128, 784}, axon::Shape{128},
                                             axon::Shape{64, 128},  axon::Shape{64},
                                             axon::Shape{10, 64},   axon::Shape{10}};
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      parameters.push_back({"p", shapes[i],
                            i % 2 == 0 ? axon::ParameterKind::kWeight : axon::ParameterKind::kBias,
                            nullptr, nullptr});
    }
    std::vector<axon::Parameter*> views;
    for (axon::Parameter& p : parameters) views.push_back(&p);
    store.bind(views);
    axon::Rng rng(3);
    for (float& v : store.values()) v = rng.uniform(-0.05f, 0.05f);
    for (float& g : store.grads()) g = rng.uniform(-1e-3f, 1e-3f);
  }
  std::vector<axon::Parameter> parameters;
  axon::ParameterStore store;
};

void run(benchmark::State& state, axon::Optimizer& optimizer) {
  axon::enable_flush_to_zero();
  SeedMlpStore mlp;
  if (mlp.store.size() != kSeedMlpParameters) state.SkipWithError("unexpected parameter count");
  for (auto _ : state) {
    optimizer.step(mlp.store);
    benchmark::DoNotOptimize(mlp.store.values().data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSeedMlpParameters));
}

void BM_AdamStep(benchmark::State& state) {
  axon::Adam adam;
  run(state, adam);
}
BENCHMARK(BM_AdamStep);

void BM_AdamWStep(benchmark::State& state) {
  auto adamw = axon::make_optimizer("adamw", 0.001f);
  run(state, *adamw);
}
BENCHMARK(BM_AdamWStep);

void BM_SgdMomentumStep(benchmark::State& state) {
  axon::Sgd sgd({.learning_rate = 0.01f, .momentum = 0.9f});
  run(state, sgd);
}
BENCHMARK(BM_SgdMomentumStep);

void BM_SgdStep(benchmark::State& state) {
  axon::Sgd sgd({.learning_rate = 0.01f});
  run(state, sgd);
}
BENCHMARK(BM_SgdStep);

void BM_ZeroGrad(benchmark::State& state) {
  SeedMlpStore mlp;
  for (auto _ : state) {
    mlp.store.zero_grad();
    benchmark::DoNotOptimize(mlp.store.grads().data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSeedMlpParameters));
}
BENCHMARK(BM_ZeroGrad);

}  // namespace
