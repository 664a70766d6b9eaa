// The loader's prefetching gather, on the caller and on the compute pool, against the plain
// gather_rows it replaces.
#include <gtest/gtest.h>

#include <numeric>
#include <span>
#include <vector>

#include "axon/data/data_loader.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {
namespace {

TEST(GatherTest, PrefetchedGatherEqualsGatherRows) {
  Tensor source(Shape{300, 37});
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<float>(i);
  std::vector<std::size_t> order(300);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng rng(12);
  rng.shuffle(order);
  for (const std::size_t count : {0u, 1u, 2u, 3u, 128u, 300u}) {
    const std::span<const std::size_t> rows(order.data(), count);
    Tensor plain, prefetched;
    gather_rows(source, rows, plain);
    gather_rows_prefetched(source, rows, prefetched);
    ASSERT_EQ(prefetched.shape(), plain.shape()) << count << " rows";
    EXPECT_EQ(prefetched.to_vector(), plain.to_vector()) << count << " rows";
  }
}

TEST(GatherTest, GatherOnThePoolEqualsGatherRows) {
  // 300 rows of 1,000 floats: 1.2 MB, ten runs of 32 rows on the compute pool.
  const int saved = num_threads();
  Tensor source(Shape{300, 1000});
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<float>(i);
  std::vector<std::size_t> order(300);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng rng(13);
  rng.shuffle(order);
  for (const int threads : {1, 2, 3}) {
    set_num_threads(threads);
    for (const std::size_t count : {1u, 31u, 33u, 128u, 300u}) {
      const std::span<const std::size_t> rows(order.data(), count);
      Tensor plain, pooled;
      gather_rows(source, rows, plain);
      gather_rows_prefetched(source, rows, pooled, true);
      EXPECT_EQ(pooled.to_vector(), plain.to_vector()) << count << " rows, " << threads;
    }
  }
  set_num_threads(saved);
}

TEST(GatherTest, PrefetchedGatherRejectsRowsOutOfRange) {
  Tensor source(Shape{4, 2}), out;
  const std::vector<std::size_t> rows = {0, 4};
  EXPECT_THROW(gather_rows_prefetched(source, rows, out), Error);
}

}  // namespace
}  // namespace axon
