// Dataset and DataLoader: batch counts, the last partial batch, shuffling and splits.
#include "axon/data/data_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

// Sample i has input (i, -i) and target i, so batches can be traced back to rows.
Dataset numbered(std::size_t n) {
  Tensor x(Shape{n, 2}), y(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    x(i, 0) = static_cast<float>(i);
    x(i, 1) = -static_cast<float>(i);
    y(i, 0) = static_cast<float>(i);
  }
  return Dataset(x, y);
}

TEST(DataLoaderTest, SeedsDatasetGivesEightBatchesOf32) {
  Dataset data = numbered(256);
  DataLoader loader(data, {.batch_size = 32, .shuffle = true}, 0);
  EXPECT_EQ(loader.num_batches(), 8u);
}

TEST(DataLoaderTest, LastPartialBatchAndEveryRowOnce) {
  Dataset data = numbered(10);
  DataLoader loader(data, {.batch_size = 4, .shuffle = true}, 1);
  std::vector<std::size_t> sizes;
  std::multiset<float> seen;
  for (const DataLoader::Batch batch : loader) {
    sizes.push_back(batch.inputs.rows());
    for (std::size_t i = 0; i < batch.inputs.rows(); ++i) {
      EXPECT_EQ(batch.inputs(i, 0), batch.targets(i, 0));
      EXPECT_EQ(batch.inputs(i, 1), -batch.targets(i, 0));
      seen.insert(batch.targets(i, 0));
    }
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(std::set<float>(seen.begin(), seen.end()).size(), 10u);
}

TEST(DataLoaderTest, DropLastSkipsTheRemainder) {
  Dataset data = numbered(10);
  DataLoader loader(data, {.batch_size = 4, .drop_last = true}, 1);
  EXPECT_EQ(loader.num_batches(), 2u);
}

TEST(DataLoaderTest, ReshufflesEachPassDeterministicallyPerSeed) {
  Dataset data = numbered(50);
  auto first_rows = [&](std::uint64_t seed) {
    DataLoader loader(data, {.batch_size = 50}, seed);
    std::vector<float> a, b;
    for (const auto batch : loader) a = batch.targets.to_vector();
    for (const auto batch : loader) b = batch.targets.to_vector();
    EXPECT_NE(a, b) << "each pass reshuffles";
    return a;
  };
  EXPECT_EQ(first_rows(3), first_rows(3));
  EXPECT_NE(first_rows(3), first_rows(4));
}

TEST(DataLoaderTest, NoShuffleKeepsOrder) {
  Dataset data = numbered(5);
  DataLoader loader(data, {.batch_size = 2, .shuffle = false}, 0);
  std::vector<float> order;
  for (const auto batch : loader)
    for (float v : batch.targets.values()) order.push_back(v);
  EXPECT_EQ(order, (std::vector<float>{0, 1, 2, 3, 4}));
}

TEST(DataLoaderTest, BatchBuffersAreReused) {
  Dataset data = numbered(64);
  DataLoader loader(data, {.batch_size = 16}, 0);
  const float* first = nullptr;
  for (const auto batch : loader) {
    if (first == nullptr) first = batch.inputs.data();
    EXPECT_EQ(batch.inputs.data(), first);
  }
  // Prefetching alternates between two sets of buffers, reused too.
  DataLoader prefetching(data, {.batch_size = 16, .prefetch = true}, 0);
  std::set<const float*> buffers;
  for (int epoch = 0; epoch < 3; ++epoch)
    for (const auto batch : prefetching) buffers.insert(batch.inputs.data());
  EXPECT_EQ(buffers.size(), 2u);
}

TEST(DataLoaderTest, BadArgumentsAreRejected) {
  Dataset data = numbered(4);
  EXPECT_THROW(DataLoader(data, {.batch_size = 0}, 0), Error);
  Dataset empty;
  EXPECT_THROW(DataLoader(empty, {.batch_size = 2}, 0), Error);
  EXPECT_THROW(Dataset(Tensor(Shape{3, 2}), Tensor(Shape{4, 1})), Error);
}

TEST(DatasetTest, SplitIsADisjointSeededPartition) {
  Dataset data = numbered(100);
  Rng rng(2);
  auto [train, held] = data.split(0.2, rng);
  EXPECT_EQ(train.size(), 80u);
  EXPECT_EQ(held.size(), 20u);
  std::set<float> all;
  for (float v : train.targets.values()) all.insert(v);
  for (float v : held.targets.values()) all.insert(v);
  EXPECT_EQ(all.size(), 100u);
  EXPECT_THROW(data.split(1.0, rng), Error);
  EXPECT_THROW(numbered(2).split(0.1, rng), Error);
}

// axon eval rebuilds the held-out rows from the seed: the indices are the rows split() takes.
TEST(DatasetTest, SplitIndicesNameTheRowsOfTheSplit) {
  Dataset data = numbered(50);
  Rng a(9), b(9);
  auto [train, held] = data.split(0.3, a);
  const auto [train_rows, held_rows] = Dataset::split_indices(50, 0.3, b);
  ASSERT_EQ(held_rows.size(), held.size());
  ASSERT_EQ(train_rows.size(), train.size());
  for (std::size_t i = 0; i < held_rows.size(); ++i)
    EXPECT_EQ(held.targets[i], data.targets[held_rows[i]]) << i;
  for (std::size_t i = 0; i < train_rows.size(); ++i)
    EXPECT_EQ(train.targets[i], data.targets[train_rows[i]]) << i;
}

// Rows of every batch of `epochs` passes, as the targets name them.
std::vector<std::vector<float>> passes(DataLoader& loader, int epochs) {
  std::vector<std::vector<float>> batches;
  for (int e = 0; e < epochs; ++e)
    for (const DataLoader::Batch batch : loader) {
      const auto values = batch.targets.values();
      batches.emplace_back(values.begin(), values.end());
      for (std::size_t i = 0; i < batch.inputs.rows(); ++i)
        EXPECT_EQ(batch.inputs(i, 0), batch.targets(i, 0));
    }
  return batches;
}

TEST(DataLoaderTest, PrefetchGivesTheSameBatchesInTheSameOrder) {
  Dataset data = numbered(1003);
  DataLoader plain(data, {.batch_size = 64, .shuffle = true}, 5);
  DataLoader prefetching(data, {.batch_size = 64, .shuffle = true, .prefetch = true}, 5);
  const auto expected = passes(plain, 3);
  EXPECT_EQ(expected.size(), 3u * 16u);
  EXPECT_EQ(passes(prefetching, 3), expected);
}

TEST(DataLoaderTest, PrefetchServesBatchesAskedOutOfOrder) {
  Dataset data = numbered(100);
  DataLoader plain(data, {.batch_size = 8, .shuffle = true}, 2);
  DataLoader prefetching(data, {.batch_size = 8, .shuffle = true, .prefetch = true}, 2);
  plain.begin();
  prefetching.begin();
  for (const std::size_t b : {3u, 4u, 4u, 0u, 12u, 11u, 12u}) {
    const auto want = plain.batch(b).targets.values();
    const auto got = prefetching.batch(b).targets.values();
    EXPECT_TRUE(std::equal(want.begin(), want.end(), got.begin(), got.end())) << "batch " << b;
  }
  EXPECT_THROW(prefetching.batch(13), Error);
}

}  // namespace
}  // namespace axon
