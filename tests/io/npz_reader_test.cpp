// NPZ reader and NumPy data sets: archives written by numpy.savez and numpy.savez_compressed
// (tests/fixtures/numpy/make_numpy_fixtures.py), and damaged archives refused by name.
#include "axon/io/npz_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "axon/io/numpy_dataset.hpp"
#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

std::string fixture(const std::string& name) {
  return std::string(AXON_TEST_DIR) + "/fixtures/numpy/" + name;
}

std::vector<unsigned char> fixture_bytes(const std::string& name) {
  std::ifstream in(fixture(name), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// x = (arange(48).reshape(12, 4) % 7) / 2 and y = arange(12) % 3, as the generator writes them.
void expect_classes(const NumpyData& data) {
  ASSERT_EQ(data.train.inputs.shape(), (Shape{12, 4}));
  ASSERT_EQ(data.train.targets.shape(), (Shape{12, 1}));
  for (std::size_t i = 0; i < 48; ++i)
    EXPECT_EQ(data.train.inputs[i], static_cast<float>(i % 7) / 2.0f) << i;
  for (std::size_t i = 0; i < 12; ++i)
    EXPECT_EQ(data.train.targets[i], static_cast<float>(i % 3)) << i;
  EXPECT_EQ(data.task, Task::kClassification);
  EXPECT_FALSE(data.test.has_value());
}

TEST(NpzReader, ReadsStoredAndDeflatedArchives) {
  expect_classes(read_npz_dataset(fixture("classes.npz")));
  expect_classes(read_npz_dataset(fixture("classes_compressed.npz")));
  const std::map<std::string, NpyArray> arrays = read_npz(fixture("classes_compressed.npz"));
  ASSERT_EQ(arrays.size(), 2u);
  EXPECT_EQ(arrays.at("y").shape, (std::vector<std::size_t>{12}));
}

TEST(NpzReader, FloatTargetsMakeARegressionUnlessTheTaskIsGiven) {
  const NumpyData data = read_npz_dataset(fixture("regression.npz"));
  EXPECT_EQ(data.task, Task::kRegression);
  ASSERT_EQ(data.train.targets.shape(), (Shape{12, 1}));
  for (std::size_t i = 0; i < 12; ++i)
    EXPECT_EQ(data.train.targets[i], data.train.inputs(i, 0) * 2 - data.train.inputs(i, 1));
  EXPECT_EQ(read_npz_dataset(fixture("classes.npz"), Task::kRegression).task, Task::kRegression);
}

TEST(NpzReader, ReadsASeparateTestSetAndKeepsTheImageShape) {
  const NumpyData data = read_npz_dataset(fixture("split.npz"));
  ASSERT_EQ(data.train.inputs.shape(), (Shape{4, 6}));
  ASSERT_TRUE(data.test.has_value());
  ASSERT_EQ(data.test->inputs.shape(), (Shape{2, 6}));
  EXPECT_EQ(data.sample_shape, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(data.test->inputs(1, 5), 35.0f);  // arange(36)[35]
  EXPECT_EQ(data.test->targets.to_vector(), (std::vector<float>{1, 0}));
}

void expect_refused(const std::string& name, const std::string& problem) {
  const std::string message = error_of([&] { read_npz_dataset(fixture(name)); });
  EXPECT_NE(message.find(problem), std::string::npos) << name << ": " << message;
  EXPECT_NE(message.find(name), std::string::npos) << name << ": " << message;
}

TEST(NpzReader, RefusesMissingArraysPicklesAndBadLabels) {
  expect_refused("no_y.npz", "has no array 'y' (it holds x;");
  expect_refused("pickled.npz", "object arrays are not supported");
  expect_refused("rows_differ.npz", "x has 12 rows but y has 10");
  expect_refused("negative_labels.npz", "y row 0 is -1");
}

std::string parse_error(const std::vector<unsigned char>& bytes) {
  return error_of([&] { parse_npz(bytes, "bad.npz"); });
}

TEST(NpzReader, RefusesDamagedArchives) {
  const std::vector<unsigned char> good = fixture_bytes("classes_compressed.npz");
  ASSERT_GT(good.size(), 200u);
  std::vector<unsigned char> truncated(good.begin(), good.begin() + good.size() / 2);
  EXPECT_NE(parse_error(truncated).find("no end of central directory"), std::string::npos);
  std::vector<unsigned char> flipped = good;
  flipped[100] ^= 0xff;  // inside the first entry's deflate data
  const std::string message = parse_error(flipped);
  EXPECT_TRUE(message.find("damaged deflate data") != std::string::npos ||
              message.find("CRC-32 mismatch") != std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.npz"), std::string::npos) << message;
  EXPECT_NE(parse_error({'P', 'K'}).find("too short"), std::string::npos);
}

TEST(NpzReader, RefusesAStoredEntryWithAWrongChecksum) {
  std::vector<unsigned char> bytes = fixture_bytes("classes.npz");
  bytes[200] ^= 0x01;  // a data byte of the first stored entry (x.npy)
  EXPECT_NE(parse_error(bytes).find("CRC-32 mismatch"), std::string::npos);
}

TEST(NpzReader, RefusesADeflatedSizeNoDataCouldGiveBeforeAllocatingIt) {
  std::vector<unsigned char> bytes = fixture_bytes("classes_compressed.npz");
  const unsigned char record[] = {'P', 'K', 1, 2};  // the first central directory record
  const auto at = std::search(bytes.begin(), bytes.end(), std::begin(record), std::end(record));
  ASSERT_NE(at, bytes.end());
  // Its uncompressed size (offset 24) set to 2 GiB - 1 from a few hundred compressed bytes.
  const unsigned char huge[] = {0xff, 0xff, 0xff, 0x7f};
  std::copy(std::begin(huge), std::end(huge), at + 24);
  const std::string message = parse_error(bytes);
  EXPECT_NE(message.find("declares 2147483647 bytes from"), std::string::npos) << message;
  EXPECT_NE(message.find("more than deflate can give"), std::string::npos) << message;
}

}  // namespace
}  // namespace axon
