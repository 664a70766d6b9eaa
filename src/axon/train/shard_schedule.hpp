// ShardSchedule: the steps of an epoch when every rank draws its batches from its own shard of the
// training rows instead of taking a share of one global batch (TrainerOptions::sharded).
#pragma once

#include <cstddef>
#include <vector>

namespace axon {

/// Rank r holds shard_rows[r] rows and takes share(B, r, N).count of them a step (the global batch
/// B split as in distributed::share). An epoch has as many steps as the rank that runs out first
/// allows, min over r of ceil(shard_rows[r] / its batch): a rank with rows to spare leaves its
/// last few shuffled rows out of that epoch (other rows each epoch, as its shuffle changes).
class ShardSchedule {
 public:
  /// Throws when a rank would take no rows (B < N) or holds none.
  ShardSchedule(std::vector<std::size_t> shard_rows, std::size_t batch_size);

  /// The rows rank `rank` takes a step (the last step may give it fewer).
  std::size_t local_batch(int rank) const { return batch_[static_cast<std::size_t>(rank)]; }
  /// The steps of an epoch.
  std::size_t steps() const { return steps_; }
  /// The rows rank `rank` trains on at step `step` (0-based).
  std::size_t rows(int rank, std::size_t step) const;
  /// The rows of all ranks together at step `step`: what the gradients average over.
  std::size_t global_rows(std::size_t step) const;

 private:
  std::vector<std::size_t> shard_rows_, batch_;
  std::size_t steps_ = 0;
};

}  // namespace axon
