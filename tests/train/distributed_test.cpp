// distributed: the split of a global batch over ranks and the gradient scaling, in one process.
#include "axon/train/distributed.hpp"

#include <gtest/gtest.h>

#include <vector>

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

}  // namespace
}  // namespace axon::distributed
