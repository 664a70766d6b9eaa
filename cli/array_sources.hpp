// Data sources of arrays: NumPy archives (npz:FILE) and CIFAR-10 binary batches (cifar10:DIR).
#pragma once

#include <optional>
#include <string>

#include "data_source.hpp"

namespace axon::cli {

/// An .npz of x and y (split by the caller), or of x_train, y_train, x_test and y_test; with
/// `test_only` the test arrays (when there are any) come back as `train`. With a shard of several
/// ranks, only the shard's block of each array's rows is read.
SourceData load_npz_source(const std::string& path, std::optional<Task> task, bool test_only,
                           ShardOf shard = {});

/// The CIFAR-10 binary batches in `dir`: 50000 training and 10000 test images of 3072 raw pixels
/// (3 channels of 32 x 32, channel-major); with `test_only`, test_batch.bin as `train`.
SourceData load_cifar10_source(const std::string& dir, bool test_only);

}  // namespace axon::cli
