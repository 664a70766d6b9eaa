// CIFAR-10 reader: fixed-size records checked against the file length, labels against 0..9.
#include "axon/io/cifar_reader.hpp"

#include <algorithm>
#include <filesystem>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

constexpr std::size_t kRecord = 1 + kCifarPixels;
constexpr int kTrainBatches = 5;

std::string batch_path(const std::string& dir, int batch) {
  return dir + "/data_batch_" + std::to_string(batch) + ".bin";
}

// The records of `bytes` from `path`, checked, into rows `first`... of `images` and `labels`.
void decode_batch(const std::vector<unsigned char>& bytes, const std::string& path,
                  std::size_t first, Tensor& images, Tensor& labels) {
  for (std::size_t i = 0; i < bytes.size() / kRecord; ++i) {
    const unsigned char* record = bytes.data() + i * kRecord;
    check(record[0] < kCifarClasses,
          "'{}': record {} has label {} (CIFAR-10 labels are 0 to 9); is this CIFAR-100?", path,
          i + 1, record[0]);
    labels[first + i] = record[0];
    std::copy(record + 1, record + kRecord, images.row(first + i));
  }
}

// Sizes come from the file lengths first, so the floats are allocated once, then each file is
// read and decoded in turn.
Dataset read_cifar10_batches(const std::vector<std::string>& paths) {
  std::size_t total = 0;
  for (const std::string& path : paths) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    check(!error, "cannot read '{}': {}", path, error.message());
    check(size > 0, "'{}': empty CIFAR-10 batch", path);
    check(size % kRecord == 0,
          "'{}': {} bytes is not a whole number of CIFAR-10 records (1 label byte + {} pixel "
          "bytes = {} each); the file is truncated or not a CIFAR-10 binary batch",
          path, size, kCifarPixels, kRecord);
    total += static_cast<std::size_t>(size / kRecord);
  }
  check_fits_in_memory(
      checked_mul(total, (kCifarPixels + 1) * sizeof(float) + kRecord, "the CIFAR-10 images"),
      paths.front(), fmt::format("{} CIFAR-10 images as floats", total));
  Tensor images(Shape{total, kCifarPixels});
  Tensor labels(Shape{total, 1});
  std::size_t row = 0;
  for (const std::string& path : paths) {
    const std::vector<unsigned char> bytes = read_file_bytes(path);
    check(bytes.size() % kRecord == 0 && row + bytes.size() / kRecord <= total,
          "'{}' changed while it was read", path);
    decode_batch(bytes, path, row, images, labels);
    row += bytes.size() / kRecord;
  }
  check(row == total, "'{}' changed while it was read", paths.back());
  return Dataset(std::move(images), std::move(labels));
}

}  // namespace

Dataset read_cifar10_batch(const std::string& path) { return read_cifar10_batches({path}); }

std::string cifar10_batch_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  check(fs::is_directory(dir), "'{}' is not a directory (expected the CIFAR-10 binary batches)",
        dir);
  const std::string nested = dir + "/cifar-10-batches-bin";
  const std::string base =
      !fs::exists(dir + "/test_batch.bin") && fs::is_directory(nested) ? nested : dir;
  std::vector<std::string> needed = {base + "/test_batch.bin"};
  for (int b = 1; b <= kTrainBatches; ++b) needed.push_back(batch_path(base, b));
  for (const std::string& path : needed)
    check(fs::exists(path),
          "'{}' has no {}: a CIFAR-10 directory holds data_batch_1.bin to data_batch_5.bin and "
          "test_batch.bin (the \"binary version\" of the data set)",
          dir, fs::path(path).filename().string());
  return base;
}

Dataset read_cifar10_train(const std::string& dir) {
  std::vector<std::string> paths;
  for (int b = 1; b <= kTrainBatches; ++b) paths.push_back(batch_path(dir, b));
  return read_cifar10_batches(paths);
}

Dataset read_cifar10_test(const std::string& dir) {
  return read_cifar10_batch(dir + "/test_batch.bin");
}

}  // namespace axon
