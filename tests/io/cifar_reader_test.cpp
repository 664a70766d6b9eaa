// CIFAR-10 reader: small batches written in the binary format (1 label byte and 3072 pixel bytes
// per record), read in order with pixels in (channel, row, column) order, and bad files refused.
#include "axon/io/cifar_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

// Record `r` of batch `b`: label (b + r) % 10; pixel (c, y, x) = (c * 7 + y * 3 + x + b + r) % 256.
std::vector<unsigned char> batch_bytes(int b, int records) {
  std::vector<unsigned char> out;
  for (int r = 0; r < records; ++r) {
    out.push_back(static_cast<unsigned char>((b + r) % 10));
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x)
          out.push_back(static_cast<unsigned char>((c * 7 + y * 3 + x + b + r) % 256));
  }
  return out;
}

void write_batches(const TempDir& dir, const std::string& sub = "") {
  if (!sub.empty()) std::filesystem::create_directories(dir.path() / sub);
  const std::string prefix = sub.empty() ? "" : sub + "/";
  for (int b = 1; b <= 5; ++b)
    dir.write(prefix + "data_batch_" + std::to_string(b) + ".bin", batch_bytes(b, b));
  dir.write(prefix + "test_batch.bin", batch_bytes(0, 3));
}

TEST(CifarReader, ReadsTheTrainingBatchesInOrderAndTheTestBatch) {
  TempDir dir;
  write_batches(dir);
  const std::string base = cifar10_batch_dir(dir.path().string());
  const Dataset train = read_cifar10_train(base);
  ASSERT_EQ(train.inputs.shape(), (Shape{15, 3072}));  // 1 + 2 + 3 + 4 + 5 records
  std::size_t row = 0;
  for (int b = 1; b <= 5; ++b) {
    for (int r = 0; r < b; ++r, ++row) {
      EXPECT_EQ(train.targets[row], static_cast<float>((b + r) % 10));
      // Channel 2 (blue), row 5, column 9 is at 2 * 1024 + 5 * 32 + 9.
      EXPECT_EQ(train.inputs(row, 2 * 1024 + 5 * 32 + 9),
                static_cast<float>((14 + 15 + 9 + b + r) % 256));
    }
  }
  const Dataset test = read_cifar10_test(base);
  EXPECT_EQ(test.size(), 3u);
  EXPECT_EQ(test.targets.to_vector(), (std::vector<float>{0, 1, 2}));
}

TEST(CifarReader, FindsTheBatchesInTheExtractedSubdirectory) {
  TempDir dir;
  write_batches(dir, "cifar-10-batches-bin");
  EXPECT_EQ(cifar10_batch_dir(dir.path().string()), dir.path().string() + "/cifar-10-batches-bin");
}

TEST(CifarReader, NamesAMissingBatch) {
  TempDir dir;
  write_batches(dir);
  std::filesystem::remove(dir.file("data_batch_4.bin"));
  const std::string message = error_of([&] { cifar10_batch_dir(dir.path().string()); });
  EXPECT_NE(message.find("has no data_batch_4.bin"), std::string::npos) << message;
}

TEST(CifarReader, RefusesTruncatedFilesAndLabelsAboveNine) {
  TempDir dir;
  std::vector<unsigned char> bytes = batch_bytes(0, 2);
  bytes.pop_back();
  const std::string truncated = dir.write("truncated.bin", bytes);
  std::string message = error_of([&] { read_cifar10_batch(truncated); });
  EXPECT_NE(message.find("6145 bytes is not a whole number of CIFAR-10 records"), std::string::npos)
      << message;
  EXPECT_NE(message.find(truncated), std::string::npos) << message;
  bytes = batch_bytes(0, 2);
  bytes[3073] = 57;  // the second record's label
  const std::string labels = dir.write("labels.bin", bytes);
  message = error_of([&] { read_cifar10_batch(labels); });
  EXPECT_NE(message.find("record 2 has label 57"), std::string::npos) << message;
  const std::string empty = dir.write("empty.bin", std::vector<unsigned char>{});
  EXPECT_NE(error_of([&] { read_cifar10_batch(empty); }).find("empty CIFAR-10 batch"),
            std::string::npos);
}

}  // namespace
}  // namespace axon
