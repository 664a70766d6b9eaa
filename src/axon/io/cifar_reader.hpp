// CIFAR-10 binary batches (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"):
// records of 1 label byte (0..9) and 3072 pixel bytes, 1024 each for red, green and blue, each a
// 32 x 32 image in row-major order. A directory holds data_batch_1.bin .. data_batch_5.bin and
// test_batch.bin (possibly inside cifar-10-batches-bin/).
#pragma once

#include <string>

#include "axon/data/dataset.hpp"

namespace axon {

inline constexpr std::size_t kCifarChannels = 3;
inline constexpr std::size_t kCifarSide = 32;
inline constexpr std::size_t kCifarPixels = kCifarChannels * kCifarSide * kCifarSide;  // 3072
inline constexpr std::size_t kCifarClasses = 10;

/// The records of one batch file as (N, 3072) raw pixels 0..255 in (channel, row, column)
/// order and (N, 1) labels. Errors name the file: a length that is not a whole number of
/// 3073-byte records, no records, a label above 9.
Dataset read_cifar10_batch(const std::string& path);

/// The directory holding the batches: `dir`, or `dir`/cifar-10-batches-bin when only that has
/// them. Throws naming the file that is missing.
std::string cifar10_batch_dir(const std::string& dir);

/// The five training batches of `dir` (from cifar10_batch_dir) in order, as one data set.
Dataset read_cifar10_train(const std::string& dir);

/// test_batch.bin of `dir`.
Dataset read_cifar10_test(const std::string& dir);

}  // namespace axon
