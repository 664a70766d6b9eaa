// IDX reader: round trips of small hand-made files, plain and gzipped, and every malformed case
// rejected with a message naming the file and the problem.
#include "axon/io/idx_reader.hpp"

#include <gtest/gtest.h>

#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

// The IDX bytes of `dims` (big-endian) followed by `values`, with element type `type`.
std::vector<unsigned char> idx_bytes(const std::vector<std::uint32_t>& dims,
                                     const std::vector<unsigned char>& values,
                                     unsigned char type = 0x08) {
  std::vector<unsigned char> out = {0, 0, type, static_cast<unsigned char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<unsigned char>(d >> shift));
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

const std::vector<unsigned char> kPixels = {0, 255, 51, 102, 10, 20, 30, 40, 255, 0, 0, 255};

TEST(IdxReader, ReadsImagesScaledToUnitRange) {
  TempDir dir;
  const std::string path = dir.write("images-idx3-ubyte", idx_bytes({3, 2, 2}, kPixels));
  const Tensor images = read_idx_images(path);
  ASSERT_EQ(images.shape(), (Shape{3, 4}));
  EXPECT_FLOAT_EQ(images(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(images(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(images(0, 2), 0.2f);
  EXPECT_FLOAT_EQ(images(1, 3), 40.0f / 255.0f);
  EXPECT_FLOAT_EQ(images(2, 3), 1.0f);
}

TEST(IdxReader, ReadsGzippedFilesLikePlainOnes) {
  TempDir dir;
  const Tensor plain = read_idx_images(dir.write("plain", idx_bytes({3, 2, 2}, kPixels)), 1.0f);
  const Tensor gzipped =
      read_idx_images(dir.write_gzip("packed.gz", idx_bytes({3, 2, 2}, kPixels)), 1.0f);
  EXPECT_EQ(plain.to_vector(), gzipped.to_vector());
  EXPECT_FLOAT_EQ(gzipped(0, 1), 255.0f);
}

TEST(IdxReader, ReadsLabelsAsClassIndices) {
  TempDir dir;
  const Tensor labels = read_idx_labels(dir.write_gzip("labels.gz", idx_bytes({3}, {7, 0, 9})));
  ASSERT_EQ(labels.shape(), (Shape{3, 1}));
  EXPECT_EQ(labels.to_vector(), (std::vector<float>{7, 0, 9}));
}

TEST(IdxReader, ReadsADatasetOfImagesAndLabels) {
  TempDir dir;
  const Dataset data = read_idx_dataset(dir.write("i", idx_bytes({3, 2, 2}, kPixels)),
                                        dir.write("l", idx_bytes({3}, {1, 2, 3})));
  EXPECT_EQ(data.size(), 3u);
  EXPECT_EQ(data.features(), 4u);
  EXPECT_FLOAT_EQ(data.targets[2], 3.0f);
}

TEST(IdxReader, RejectsABadMagic) {
  TempDir dir;
  std::vector<unsigned char> bytes = idx_bytes({3}, {1, 2, 3});
  bytes[0] = 0x50;
  const std::string path = dir.write("bad", bytes);
  const std::string message = error_of([&] { read_idx(path); });
  EXPECT_NE(message.find("bad magic"), std::string::npos) << message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST(IdxReader, RejectsAnUnsupportedElementType) {
  TempDir dir;
  const std::string path = dir.write("floats", idx_bytes({1}, {0, 0, 0, 0}, 0x0D));
  EXPECT_NE(error_of([&] { read_idx(path); }).find("0x0d is not supported"), std::string::npos);
}

TEST(IdxReader, RejectsATruncatedHeader) {
  TempDir dir;
  std::vector<unsigned char> bytes = idx_bytes({3, 2, 2}, {});
  bytes.resize(9);
  const std::string path = dir.write("short", bytes);
  EXPECT_NE(error_of([&] { read_idx(path); }).find("truncated IDX header"), std::string::npos);
}

TEST(IdxReader, RejectsTruncatedData) {
  TempDir dir;
  std::vector<unsigned char> pixels = kPixels;
  pixels.pop_back();
  const std::string path = dir.write("cut", idx_bytes({3, 2, 2}, pixels));
  const std::string message = error_of([&] { read_idx(path); });
  EXPECT_NE(message.find("truncated IDX data: sizes 3 x 2 x 2 need 12 bytes, the file has 11"),
            std::string::npos)
      << message;
}

TEST(IdxReader, RejectsSizesWhoseProductOverflows) {
  TempDir dir;
  const std::string path =
      dir.write("huge", idx_bytes({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, {}));
  EXPECT_NE(error_of([&] { read_idx(path); }).find("too large"), std::string::npos);
}

TEST(IdxReader, RejectsTrailingBytes) {
  TempDir dir;
  const std::string path = dir.write("long", idx_bytes({2}, {1, 2, 3}));
  EXPECT_NE(error_of([&] { read_idx(path); }).find("1 unexpected bytes"), std::string::npos);
}

TEST(IdxReader, RejectsImageAndLabelCountsThatDisagree) {
  TempDir dir;
  const std::string images = dir.write("i", idx_bytes({3, 2, 2}, kPixels));
  const std::string labels = dir.write("l", idx_bytes({2}, {1, 2}));
  const std::string message = error_of([&] { read_idx_dataset(images, labels); });
  EXPECT_NE(message.find("holds 3 images"), std::string::npos) << message;
  EXPECT_NE(message.find("holds 2 labels"), std::string::npos) << message;
}

TEST(IdxReader, RejectsLabelsWithMoreThanOneDimension) {
  TempDir dir;
  const std::string path = dir.write("l", idx_bytes({3, 2, 2}, kPixels));
  EXPECT_NE(error_of([&] { read_idx_labels(path); }).find("a label file has 1 dimension"),
            std::string::npos);
}

TEST(IdxReader, RejectsATruncatedGzipStream) {
  TempDir dir;
  const std::string full = dir.write_gzip("full.gz", idx_bytes({3, 2, 2}, kPixels));
  std::vector<unsigned char> bytes = test::read_bytes(full);
  bytes.resize(bytes.size() / 2);
  const std::string path = dir.write("half.gz", bytes);
  EXPECT_NE(error_of([&] { read_idx(path); }).find("gzip data is truncated"), std::string::npos);
}

TEST(IdxReader, RejectsAMissingFile) {
  EXPECT_NE(error_of([] { read_idx("/nonexistent/axon/file"); }).find("cannot open"),
            std::string::npos);
}

TEST(IdxReader, ReadsOneBlockOfRowsPlainOrGzipped) {
  TempDir dir;
  const std::string plain = dir.write("plain", idx_bytes({3, 2, 2}, kPixels));
  const std::string packed = dir.write_gzip("packed.gz", idx_bytes({3, 2, 2}, kPixels));
  for (const std::string& path : {plain, packed}) {
    const IdxArray rows = read_idx_rows(path, 1, 2);  // images 2 and 3
    EXPECT_EQ(rows.dims, (std::vector<std::size_t>{2, 2, 2})) << path;
    EXPECT_EQ(rows.values, std::vector<unsigned char>(kPixels.begin() + 4, kPixels.end())) << path;
    EXPECT_EQ(read_idx_rows(path, 0, 1).values,
              std::vector<unsigned char>(kPixels.begin(), kPixels.begin() + 4))
        << path;
    EXPECT_EQ(read_idx_dims(path), (std::vector<std::size_t>{3, 2, 2})) << path;
  }
  const Tensor labels =
      idx_labels(read_idx_rows(dir.write("l", idx_bytes({3}, {7, 0, 9})), 2, 1), "l");
  ASSERT_EQ(labels.shape(), (Shape{1, 1}));
  EXPECT_EQ(labels[0], 9.0f);
}

TEST(IdxReader, RejectsABlockPastTheEndOrCutShort) {
  TempDir dir;
  const std::string path = dir.write("i", idx_bytes({3, 2, 2}, kPixels));
  std::string message = error_of([&] { read_idx_rows(path, 2, 2); });
  EXPECT_NE(message.find("rows 2 to 4 asked of an IDX file of 3 rows"), std::string::npos)
      << message;
  std::vector<unsigned char> pixels = kPixels;
  pixels.resize(9);  // image 3 cut short
  for (const std::string& cut : {dir.write("cut", idx_bytes({3, 2, 2}, pixels)),
                                 dir.write_gzip("cut.gz", idx_bytes({3, 2, 2}, pixels))}) {
    message = error_of([&] { read_idx_rows(cut, 2, 1); });
    EXPECT_NE(message.find("truncated or corrupt IDX data: rows 2 to 3 need 4 bytes"),
              std::string::npos)
        << message;
  }
  EXPECT_EQ(read_idx_rows(dir.write("ok", idx_bytes({3, 2, 2}, pixels)), 0, 2).values.size(), 8u);
}

}  // namespace
}  // namespace axon
