// distributed: the split of a global batch over ranks and the gradient scaling, in one process.
#include "axon/train/distributed.hpp"
#include "axon/train/shard_schedule.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "axon/tensor/error.hpp"
#include "support/error_text.hpp"

namespace axon::distributed {
namespace {

TEST(DistributedTest, FirstRanksTakeTheRemainderRows) {
  // 33 rows on 2 ranks: 17 and 16; 10 rows on 4 ranks: 3, 3, 2, 2.
  EXPECT_EQ(share(33, 0, 2).begin, 0u);
  EXPECT_EQ(share(33, 0, 2).count, 17u);
  EXPECT_EQ(share(33, 1, 2).begin, 17u);
  EXPECT_EQ(share(33, 1, 2).count, 16u);
  const std::size_t counts[] = {3, 3, 2, 2};
  std::size_t next = 0;
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(share(10, r, 4).begin, next) << "rank " << r;
    EXPECT_EQ(share(10, r, 4).count, counts[r]) << "rank " << r;
    next += counts[r];
  }
}

TEST(DistributedTest, MoreRanksThanRowsLeavesSomeEmpty) {
  EXPECT_EQ(share(2, 1, 3).count, 1u);
  EXPECT_EQ(share(2, 2, 3).count, 0u);
  EXPECT_EQ(share(2, 2, 3).begin, 2u);
}

TEST(DistributedTest, OneProcessIsRankZeroOfOne) {
  EXPECT_EQ(rank(), 0);
  EXPECT_EQ(size(), 1);
  std::vector<float> values = {1.5f, -2.0f};
  allreduce_sum(values);
  EXPECT_EQ(values, (std::vector<float>{1.5f, -2.0f}));
  const double fingerprint[] = {109386, 60000, 42};
  EXPECT_TRUE(same_on_all_ranks(fingerprint));
}

TEST(DistributedTest, ReducerScalesByTheShareOfTheGlobalBatch) {
  // A rank's loss averages over its 16 rows; of a global batch of 32 its gradient counts half.
  std::vector<float> grads = {2.0f, -4.0f};
  gradient_reducer(32)(grads, 16);
  EXPECT_EQ(grads, (std::vector<float>{1.0f, -2.0f}));
}

TEST(DistributedTest, BlocksCoverTheRowsInOrder) {
  // 10 rows on 4 ranks: [0, 2), [2, 5), [5, 7), [7, 10).
  const std::size_t begins[] = {0, 2, 5, 7}, counts[] = {2, 3, 2, 3};
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(block(10, r, 4).begin, begins[r]) << "rank " << r;
    EXPECT_EQ(block(10, r, 4).count, counts[r]) << "rank " << r;
  }
  EXPECT_EQ(block(60000, 1, 2).begin, 30000u);
  EXPECT_EQ(block(60000, 1, 2).count, 30000u);
  EXPECT_EQ(block(7, 0, 1).count, 7u);
}

TEST(DistributedTest, EachRankShufflesWithItsOwnStream) {
  std::set<std::uint64_t> seeds;
  for (int r = 0; r < 64; ++r) seeds.insert(shard_seed(42, r));
  EXPECT_EQ(seeds.size(), 64u);
  EXPECT_EQ(shard_seed(42, 3), shard_seed(42, 3));
  EXPECT_NE(shard_seed(42, 0), shard_seed(43, 0));
}

TEST(DistributedTest, OneRankSumsMetricsToThemselves) {
  Metrics m;
  m.loss = 0.5;
  m.accuracy = 0.75;
  m.samples = 8;
  const Metrics same = sum_metrics(m);
  EXPECT_EQ(same.loss, 0.5);
  EXPECT_EQ(same.accuracy, 0.75);
  EXPECT_EQ(same.samples, 8u);
}

TEST(ShardScheduleTest, StepsEndWhenTheFirstRankRunsOut) {
  // Global batch 33 on 2 ranks: 17 and 16 rows a step. Shards of 100 and 101 rows: ceil(100/17)
  // = 6 steps, ceil(101/16) = 7; the epoch has 6 and rank 1 leaves 101 - 96 = 5 rows out.
  const ShardSchedule s({100, 101}, 33);
  EXPECT_EQ(s.local_batch(0), 17u);
  EXPECT_EQ(s.local_batch(1), 16u);
  EXPECT_EQ(s.steps(), 6u);
  EXPECT_EQ(s.rows(0, 0), 17u);
  EXPECT_EQ(s.rows(0, 5), 15u);  // 100 - 5 x 17
  EXPECT_EQ(s.rows(1, 5), 16u);
  EXPECT_EQ(s.global_rows(0), 33u);
  EXPECT_EQ(s.global_rows(5), 31u);
}

TEST(ShardScheduleTest, RefusesARankWithNoRowsAStep) {
  std::string message = test::error_of([] { ShardSchedule({10, 10, 10}, 2); });
  EXPECT_NE(message.find("a batch of 2 rows cannot be shared by 3 ranks"), std::string::npos)
      << message;
  message = test::error_of([] { ShardSchedule({10, 0}, 8); });
  EXPECT_NE(message.find("rank 1 holds no training rows"), std::string::npos) << message;
}

}  // namespace
}  // namespace axon::distributed
