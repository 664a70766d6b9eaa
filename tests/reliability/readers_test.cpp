// The readers on damaged input: an IDX header declaring more than memory holds fails before
// anything is allocated; every truncation and every single-bit change of a model file is either
// loaded or rejected with an axon::Error naming the file; the fuzzers' seeds still parse.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <functional>
#include <iostream>

#include "axon/io/csv_reader.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/io/model_file.hpp"
#include "axon/losses/loss.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"
#include "support/idx_bytes.hpp"

namespace axon {
namespace {

using test::idx_bytes;

using test::error_of;

TEST(MemoryBudget, KnowsTheAvailableMemory) {
  const std::optional<std::uint64_t> available = available_memory();
  ASSERT_TRUE(available.has_value());
  EXPECT_GT(*available, 0u);
  EXPECT_EQ(memory_text(5'000'000'000'000), "5 TB");
  EXPECT_EQ(memory_text(1536), "1.54 kB");
}

TEST(MemoryBudget, IdxHeaderDeclaringATerabyteFailsBeforeReading) {
  test::TempDir dir;
  // 10^6 x 10^3 x 10^3 = 10^12 bytes declared; the file holds only the header.
  const std::string path = dir.write("huge-idx3-ubyte", idx_bytes({1000000, 1000, 1000}));
  const std::string message = error_of([&] { read_idx(path); });
  EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("1000000 x 1000 x 1000"), std::string::npos) << message;
  EXPECT_NE(message.find("needs 5 TB of memory, but only"), std::string::npos) << message;
  // Gzipped, the header is inflated alone first.
  const std::string gz = dir.write_gzip("huge-idx3-ubyte.gz", idx_bytes({1000000, 1000, 1000}));
  EXPECT_NE(error_of([&] { read_idx(gz); }).find("needs 5 TB of memory"), std::string::npos);
}

TEST(IdxReader, ZeroPixelImagesAreRejected) {
  const std::string message = error_of([] {
    idx_images(parse_idx(idx_bytes({3, 0, 4}), "z.idx"), "z.idx");
  });
  EXPECT_NE(message.find("'z.idx': 3 images of 0 pixels"), std::string::npos) << message;
}

TEST(CsvReader, ParsesFromMemoryWithLineAndColumnInErrors) {
  const CsvData data = parse_csv(
      "\xEF\xBB\xBF"
      "a,b,label\n1,2,0\n3,4,1\n",
      "mem.csv");
  EXPECT_EQ(data.features.rows(), 2u);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_NE(error_of([] {
              parse_csv("a,b\n1,2\n3,1e999\n", "m.csv");
            }).find("'m.csv' line 3, column 2 (b): 1e999 is beyond the float range"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_csv(std::string("a,b\n1,\x01\x80\n", 10), "m.csv");
            }).find("'\\x01\\x80' is not a number"),
            std::string::npos);
}

std::vector<unsigned char> small_model_bytes(const test::TempDir& dir) {
  Sequential model =
      Sequential::mlp({3, 4, 2}, {.output = "softmax", .batchnorm = true, .dropout = {0.25f}});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  model.build(3);
  ModelInfo info;
  info.preprocessing.classes = 2;
  info.preprocessing.mean = {0.0f, 1.0f, 2.0f};
  info.preprocessing.stddev = {1.0f, 1.0f, 2.0f};
  info.metadata = {{"data", "test"}};
  save_model(dir.file("m.axon"), model, info);
  return test::read_bytes(dir.file("m.axon"));
}

// Loads `bytes` or expects an axon::Error that names `source`; returns whether it loaded.
bool loads_or_names_source(std::span<const unsigned char> bytes, const std::string& source) {
  try {
    LoadedModel loaded = parse_model(bytes, source);
    Tensor x(Shape{2, loaded.model.input_features()});
    loaded.model.predict(x);
    return true;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(source), std::string::npos) << e.what();
    return false;
  }
}

void fix_checksum(std::vector<unsigned char>& bytes) {
  const std::size_t body = bytes.size() - 4;
  const auto crc = static_cast<std::uint32_t>(crc32(crc32(0, Z_NULL, 0), bytes.data(), body));
  for (int i = 0; i < 4; ++i) bytes[body + i] = static_cast<unsigned char>(crc >> (8 * i));
}

TEST(ModelReader, EveryTruncationIsRejectedNamingTheFile) {
  test::TempDir dir;
  const std::vector<unsigned char> good = small_model_bytes(dir);
  ASSERT_TRUE(loads_or_names_source(good, "m.axon"));
  for (std::size_t size = 0; size < good.size(); ++size)
    EXPECT_FALSE(loads_or_names_source(std::span(good).first(size), "m.axon")) << size;
}

TEST(ModelReader, EverySingleBitChangeBehindAValidChecksumIsSafe) {
  test::TempDir dir;
  const std::vector<unsigned char> good = small_model_bytes(dir);
  std::size_t loaded = 0, rejected = 0;
  for (std::size_t at = 0; at + 4 < good.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<unsigned char> bytes = good;
      bytes[at] ^= static_cast<unsigned char>(1 << bit);
      fix_checksum(bytes);
      (loads_or_names_source(bytes, "m.axon") ? loaded : rejected) += 1;
    }
  }
  std::cout << good.size() << "-byte model, " << 8 * (good.size() - 4)
            << " single-bit changes: " << loaded << " loaded, " << rejected << " rejected\n";
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(loaded, 0u);  // a changed weight is still a model
}

// The fuzzers' seed corpora, as a quick regression check that needs no clang.
TEST(FuzzSeeds, ParseWithoutCrashing) {
  const std::filesystem::path corpus = std::filesystem::path(AXON_TEST_DIR) / "../fuzz/corpus";
  std::size_t seeds = 0;
  for (const char* kind : {"idx", "csv", "model"}) {
    for (const auto& entry : std::filesystem::directory_iterator(corpus / kind)) {
      const std::vector<unsigned char> bytes = test::read_bytes(entry.path().string());
      ASSERT_FALSE(bytes.empty());
      ++seeds;
      const std::string kind_name = kind;
      if (kind_name == "idx") {
        EXPECT_NO_THROW(parse_idx(bytes, "seed")) << entry.path();
      } else if (kind_name == "csv") {  // the first byte chooses options in the fuzz target
        EXPECT_NO_THROW(
            parse_csv({reinterpret_cast<const char*>(bytes.data()) + 1, bytes.size() - 1}, "seed"))
            << entry.path();
      } else {
        EXPECT_TRUE(loads_or_names_source(std::span(bytes).subspan(1), "seed")) << entry.path();
      }
    }
  }
  EXPECT_GE(seeds, 12u);
}

}  // namespace
}  // namespace axon
