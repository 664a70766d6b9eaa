// The training loop allocates nothing per batch once its buffers are sized: counted by replacing
// the global operator new for this test binary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <utility>

#include "axon/model/architecture.hpp"
#include "axon/model/sequential.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace axon {
namespace {

Dataset classes(std::size_t n, std::size_t features, std::size_t k) {
  Rng rng(4);
  Tensor x(Shape{n, features}), y(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < features; ++j) x(i, j) = rng.uniform();
    y(i, 0) = static_cast<float>(i % k);
  }
  return Dataset(x, y);
}

// Trains two epochs of 10 batches with `optimizer`; returns the allocations counted by batch 3 of
// the second epoch and those made between its batches 3 and 10 (the steady state).
std::pair<long, long> steady_state_allocations(const char* optimizer) {
  Dataset data = classes(1000, 64, 10);
  Sequential model = Sequential::mlp({64, 32, 16, 10}, {.output = "softmax"});
  model.compile(make_loss("cross_entropy"), make_optimizer(optimizer, 0.001f));
  long at_batch_3 = 0, at_last_full_batch = 0;
  LambdaCallback count({.on_batch_end = [&](Trainer&, const BatchRecord& r) {
    if (r.epoch == 2 && r.batch == 3) at_batch_3 = g_allocations.load();
    if (r.epoch == 2 && r.batch == 10) at_last_full_batch = g_allocations.load();
  }});
  Trainer(model, {.epochs = 2, .batch_size = 100}).add(count).fit(data);
  return {at_batch_3, at_last_full_batch - at_batch_3};
}

TEST(AllocationTest, SteadyStateTrainingStepsDoNotAllocate) {
  for (const char* optimizer :
       {"sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad", "adadelta"}) {
    const auto [before, steady] = steady_state_allocations(optimizer);
    EXPECT_GT(before, 0);
    EXPECT_EQ(steady, 0) << optimizer << ": allocations in 7 batches";
  }
}

// The same with the products in bf16 (its packing buffers are per thread and only grow) and
// with the next batch gathered on the prefetching thread (fit's default, as above).
TEST(AllocationTest, SteadyStateBf16StepsDoNotAllocate) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 on this CPU";
  const MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
  const auto [before, steady] = steady_state_allocations("adam");
  EXPECT_GT(before, 0);
  EXPECT_EQ(steady, 0) << "allocations in 7 bf16 batches";
}

// A CNN (every image layer) trained on flat rows read as 1x8x8 images: the convolutions'
// workspaces, the pooling indices and the reshapes are sized by the first batch and reused.
TEST(AllocationTest, SteadyStateCnnStepsDoNotAllocate) {
  Dataset data = classes(1000, 64, 10);
  Sequential model = parse_architecture(
      "conv 4 3 relu padding=same, batchnorm, maxpool 2, conv 6 3x2 stride=1x2, avgpool 1, "
      "dropout 0.1, globalavgpool, dense 10 softmax",
      Shape{1, 8, 8});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.001f));
  long at_batch_3 = 0, at_last_full_batch = 0;
  LambdaCallback count({.on_batch_end = [&](Trainer&, const BatchRecord& r) {
    if (r.epoch == 2 && r.batch == 3) at_batch_3 = g_allocations.load();
    if (r.epoch == 2 && r.batch == 10) at_last_full_batch = g_allocations.load();
  }});
  Trainer(model, {.epochs = 2, .batch_size = 100}).add(count).fit(data);
  EXPECT_GT(at_batch_3, 0);
  EXPECT_EQ(at_last_full_batch - at_batch_3, 0) << "allocations in 7 CNN batches";
}

}  // namespace
}  // namespace axon
