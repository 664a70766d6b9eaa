// ShardSchedule: each rank's batch, the steps of an epoch, and the rows of every step.
#include "axon/train/shard_schedule.hpp"

#include <algorithm>
#include <limits>

#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"

namespace axon {

ShardSchedule::ShardSchedule(std::vector<std::size_t> shard_rows, std::size_t batch_size)
    : shard_rows_(std::move(shard_rows)) {
  const int ranks = static_cast<int>(shard_rows_.size());
  check(ranks > 0, "ShardSchedule: no ranks");
  check(batch_size >= shard_rows_.size(),
        "a batch of {} rows cannot be shared by {} ranks: use a batch_size of at least {}",
        batch_size, ranks, ranks);
  steps_ = std::numeric_limits<std::size_t>::max();
  for (int r = 0; r < ranks; ++r) {
    const std::size_t n = shard_rows_[static_cast<std::size_t>(r)];
    check(n > 0, "rank {} holds no training rows: {} ranks need at least as many rows", r, ranks);
    batch_.push_back(distributed::share(batch_size, r, ranks).count);
    steps_ = std::min(steps_, (n + batch_.back() - 1) / batch_.back());
  }
}

std::size_t ShardSchedule::rows(int rank, std::size_t step) const {
  const auto r = static_cast<std::size_t>(rank);
  const std::size_t begin = step * batch_[r];
  return begin >= shard_rows_[r] ? 0 : std::min(batch_[r], shard_rows_[r] - begin);
}

std::size_t ShardSchedule::global_rows(std::size_t step) const {
  std::size_t sum = 0;
  for (std::size_t r = 0; r < batch_.size(); ++r) sum += rows(static_cast<int>(r), step);
  return sum;
}

}  // namespace axon
