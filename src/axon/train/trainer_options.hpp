// TrainerOptions: the settings of a training run, as the user gives them.
#pragma once

#include <cstddef>

#include "axon/data/dataset.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/lr_schedule.hpp"

namespace axon {

struct TrainerOptions {
  std::size_t epochs = 1;
  std::size_t batch_size = 32;
  bool shuffle = true;
  /// Gather the next batch on a second thread while this one trains (DataLoaderOptions).
  bool prefetch = true;
  /// Fraction of the training data held out (at random, from the model's Rng) to validate on
  /// after each epoch.
  double validation_split = 0.0;
  /// Validation data given explicitly (takes precedence over validation_split); not owned.
  const Dataset* validation_data = nullptr;
  /// The learning rate per epoch, warm-up included (LrSchedule::with_warmup), from the
  /// optimizer's rate when training starts; plateau watches monitored_loss(). Schedules leave
  /// the optimizer at the last epoch's rate.
  LrSchedule lr_schedule = LrSchedule::constant();
  /// L2 penalty and gradient clipping of every step. The training loss reported includes the L2
  /// term; the validation loss does not.
  TrainStepOptions step = {};
  /// Data-parallel over MPI ranks (axon/train/distributed.hpp): batch_size stays the global
  /// batch, each rank trains on its share of it (distributed::share), the gradients are summed
  /// across ranks before every update, and the reported loss and accuracy are the global batch's.
  /// Every rank must hold the same data and the same model seed. No effect with one rank.
  bool data_parallel = false;
  /// With data_parallel on several ranks: the data each rank passes to fit is its own shard (of
  /// different sizes, allowed). Each rank splits off its validation part and shuffles its shard
  /// with its own stream (distributed::shard_seed of the model's Rng state) and takes
  /// share(batch_size) rows of it a step (ShardSchedule); the gradients are summed as above, and
  /// the validation metrics too. The model's Rng is left as it was, alike on every rank.
  bool sharded = false;
  /// Stop with an Error naming the epoch and batch when the loss or a weight is NaN or infinite.
  bool check_divergence = true;
};

}  // namespace axon
