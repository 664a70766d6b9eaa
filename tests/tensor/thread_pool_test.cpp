// The compute pool runs every chunk exactly once on any thread count and passes a chunk's
// exception to the caller; gemm's chunks follow the shape alone; and the same training gives
// bit-identical weights and losses on 1 and on 2 threads, in fp32 and (where the CPU has it) in
// bf16: the products, and the element-wise work on the pool (the Adam and SGD updates and zeroing
// the gradients in parallel_ranges' runs), over a whole Trainer::fit.
#include "axon/tensor/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "axon/data/generators.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/gemm.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/parallel_ranges.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/trainer.hpp"

namespace axon {
namespace {

TEST(ThreadPool, RunsEveryChunkOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (std::size_t chunks : {0u, 1u, 2u, 7u, 64u}) {
      std::vector<std::atomic<int>> runs(chunks);
      for (int job = 0; job < 50; ++job) pool.run(chunks, [&](std::size_t i) { ++runs[i]; });
      for (std::size_t i = 0; i < chunks; ++i)
        ASSERT_EQ(runs[i].load(), 50) << threads << " threads, chunk " << i << " of " << chunks;
    }
  }
}

TEST(ThreadPool, PassesAChunksExceptionToTheCaller) {
  ThreadPool pool(2);
  std::atomic<int> ran{0};
  EXPECT_THROW(pool.run(8,
                        [&](std::size_t i) {
                          ++ran;
                          if (i == 5) throw std::runtime_error("chunk 5");
                        }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 8);                  // the other chunks still ran
  pool.run(3, [&](std::size_t) { ++ran; });  // and the pool still works
  EXPECT_EQ(ran.load(), 11);
}

TEST(ThreadPool, TheCallerStartsWithItsOwnShare) {
  // Two chunks on two threads: chunk 0 is the caller's share, chunk 1 the worker's. Chunk 1 waits
  // until chunk 0 has started, so a worker that took chunk 1 cannot also take chunk 0; a worker
  // that claimed in job order instead of its own share first would sometimes run chunk 0.
  ThreadPool pool(2);
  const std::thread::id caller = std::this_thread::get_id();
  for (int job = 0; job < 200; ++job) {
    std::atomic<bool> started{false};
    std::thread::id ran_chunk_0;
    pool.run(2, [&](std::size_t i) {
      if (i == 0) {
        ran_chunk_0 = std::this_thread::get_id();
        started.store(true);
      } else {
        while (!started.load()) std::this_thread::yield();
      }
    });
    ASSERT_EQ(ran_chunk_0, caller) << "job " << job;
  }
}

TEST(ProductSplit, FollowsTheShapeInAlignedRuns) {
  // 128 x 128 x 784 (Z = X W^T of the seed MLP): 12.8 M multiply-adds, 4 chunks of 32 rows.
  const ProductSplit z = split_product(128, 128, 784);
  EXPECT_TRUE(z.rows);
  EXPECT_EQ(z.chunks, 4u);
  EXPECT_EQ(z.step, 32u);
  // 128 x 784 x 128 (dW): the columns are longer and are split.
  const ProductSplit dw = split_product(128, 784, 128);
  EXPECT_FALSE(dw.rows);
  EXPECT_EQ(dw.step * (dw.chunks - 1) < 784 && dw.step * dw.chunks >= 784, true);
  EXPECT_EQ(dw.step % kChunkAlign, 0u);
  // A small product is one chunk.
  EXPECT_EQ(split_product(128, 10, 64).chunks, 1u);
}

TEST(ProductSplit, CutsTheSideAskedForWhenItIsLongEnough) {
  // Dense's forward asks for columns (output features), its dW for rows.
  const ProductSplit z = split_product(128, 128, 784, SplitSide::kColumns);
  EXPECT_FALSE(z.rows);
  EXPECT_EQ(z.chunks, 4u);
  EXPECT_EQ(z.step, 32u);
  const ProductSplit dw = split_product(128, 784, 128, SplitSide::kRows);
  EXPECT_TRUE(dw.rows);
  EXPECT_EQ(dw.chunks, 4u);
  EXPECT_EQ(dw.step, 32u);
  // Ten output features cannot make two aligned chunks: the rows are cut instead.
  const ProductSplit narrow = split_product(4096, 10, 784, SplitSide::kColumns);
  EXPECT_TRUE(narrow.rows);
  EXPECT_GT(narrow.chunks, 1u);
}

TEST(ProductSplit, EverySideComputesTheProduct) {
  // OpenBLAS sums an element in an order that can depend on where its chunk starts, so the sides
  // may differ in the last bits (a call site always asks for the same side); each is the product.
  const std::size_t m = 128, n = 96, k = 784;
  std::vector<float> a(m * k), b(n * k), expected(m * n, 0.25f);
  Rng rng(4);
  for (float& x : a) x = rng.uniform(-1.0f, 1.0f);
  for (float& x : b) x = rng.uniform(-1.0f, 1.0f);
  gemm_reference(Transpose::kNo, Transpose::kYes, m, n, k, 1.0f, a.data(), k, b.data(), k, 1.0f,
                 expected.data(), n);
  for (const SplitSide side : {SplitSide::kLonger, SplitSide::kRows, SplitSide::kColumns}) {
    std::vector<float> c(m * n, 0.25f);
    gemm(Transpose::kNo, Transpose::kYes, m, n, k, 1.0f, a.data(), k, b.data(), k, 1.0f, c.data(),
         n, side);
    for (std::size_t i = 0; i < c.size(); ++i)
      ASSERT_NEAR(c[i], expected[i], 1e-4f) << "element " << i << ", side " << int(side);
  }
}

TEST(ParallelRanges, CutsRunsFromTheSizeAlone) {
  for (const int threads : {1, 2, 3}) {
    set_num_threads(threads);
    const std::size_t size = 3 * kElementRun + 5;
    std::vector<std::atomic<int>> hits(size);
    std::vector<std::atomic<std::size_t>> run_ends(4);
    parallel_ranges(size, [&](std::size_t begin, std::size_t end) {
      ASSERT_EQ(begin % kElementRun, 0u);
      run_ends[begin / kElementRun].store(end);
      for (std::size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
    });
    for (std::size_t i = 0; i < size; ++i) ASSERT_EQ(hits[i].load(), 1) << "element " << i;
    EXPECT_EQ(run_ends[0].load(), kElementRun);
    EXPECT_EQ(run_ends[3].load(), size);  // the last run is the remainder
  }
  set_num_threads(1);
  int calls = 0;
  parallel_ranges(0, [&](std::size_t, std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

std::vector<float> train_weights(int threads, MatmulPrecision precision,
                                 const std::string& optimizer = "adam") {
  set_num_threads(threads);
  MatmulPrecisionScope scope(precision);
  Rng rng(5);
  const Dataset data = data::classification(
      rng, {.samples = 1024, .features = 100, .informative = 60, .redundant = 20});
  // 128 x 100 x 256 = 3.3 M multiply-adds per product of the first layer: several chunks; 42,499
  // parameters: three runs of Adam's update and of zeroing the gradients.
  Sequential model = Sequential::mlp({100, 256, 64, 3}, {.output = "softmax", .seed = 9});
  model.compile(make_loss("cross_entropy"), make_optimizer(optimizer, 0.003f));
  const History history = Trainer(model, {.epochs = 2, .batch_size = 128}).fit(data);
  const auto weights = model.parameters().values();
  std::vector<float> result(weights.begin(), weights.end());
  for (const EpochRecord& epoch : history) result.push_back(static_cast<float>(epoch.loss));
  return result;
}

class ThreadCountTest : public ::testing::TestWithParam<MatmulPrecision> {
 protected:
  void SetUp() override {
    if (GetParam() == MatmulPrecision::kBfloat16 && !bf16_gemm_available())
      GTEST_SKIP() << bf16_gemm_unavailable_reason();
  }
  void TearDown() override { set_num_threads(saved_); }
  int saved_ = num_threads();
};

TEST_P(ThreadCountTest, SameWeightsOnOneAndTwoThreads) {
  const std::vector<float> one = train_weights(1, GetParam());
  const std::vector<float> two = train_weights(2, GetParam());
  const std::vector<float> two_again = train_weights(2, GetParam());
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(one, two);  // bit for bit
  EXPECT_EQ(two, two_again);
}

TEST_P(ThreadCountTest, SameWeightsOnOneAndTwoThreadsWithMomentum) {
  // SGD with momentum: its update runs in parallel_ranges' runs too.
  EXPECT_EQ(train_weights(1, GetParam(), "momentum"), train_weights(2, GetParam(), "momentum"));
}

INSTANTIATE_TEST_SUITE_P(Precisions, ThreadCountTest,
                         ::testing::Values(MatmulPrecision::kFloat32, MatmulPrecision::kBfloat16),
                         [](const ::testing::TestParamInfo<MatmulPrecision>& info) {
                           return to_string(info.param);
                         });

}  // namespace
}  // namespace axon
