// NPY reader: files written by numpy itself (tests/fixtures/numpy/make_numpy_fixtures.py) in
// every supported dtype, byte order and layout, and every refused or malformed case with a
// message naming the file and the problem.
#include "axon/io/npy_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"
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

const std::vector<float> kSigned = {0, 1, -2, 3, -4, 127};
const std::vector<float> kUnsigned = {0, 1, 2, 3, 4, 255};
const std::vector<float> kFloats = {0.5f, -1.25f, 3.0f, 1e-3f, 2.0e6f, -7.75f};

TEST(NpyReader, ReadsEveryIntegerTypeInBothByteOrders) {
  for (const char* order : {"le", "be"}) {
    for (int size : {1, 2, 4, 8}) {
      const std::string suffix = fmt::format("{}_{}.npy", size, order);
      const std::string name = "i" + suffix;
      const NpyArray signed_array = read_npy(fixture(name));
      EXPECT_EQ(signed_array.shape, (std::vector<std::size_t>{2, 3})) << name;
      EXPECT_EQ(signed_array.values, kSigned) << name;
      EXPECT_TRUE(signed_array.integral) << name;
      const std::string unsigned_name = "u" + suffix;
      EXPECT_EQ(read_npy(fixture(unsigned_name)).values, kUnsigned) << unsigned_name;
    }
  }
}

TEST(NpyReader, ReadsFloatsInBothByteOrders) {
  for (const char* name : {"f4_le.npy", "f4_be.npy", "f8_le.npy", "f8_be.npy"}) {
    const NpyArray array = read_npy(fixture(name));
    EXPECT_EQ(array.shape, (std::vector<std::size_t>{2, 3})) << name;
    EXPECT_EQ(array.values, kFloats) << name;
    EXPECT_FALSE(array.integral) << name;
  }
}

TEST(NpyReader, ReadsBoolsAsZeroAndOne) {
  EXPECT_EQ(read_npy(fixture("bool.npy")).values, (std::vector<float>{1, 0, 1, 0, 0, 1}));
}

TEST(NpyReader, ReordersFortranArraysToCOrder) {
  const NpyArray cube = read_npy(fixture("fortran_2x3x4.npy"));
  EXPECT_EQ(cube.shape, (std::vector<std::size_t>{2, 3, 4}));
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(cube.values[i], static_cast<float>(i)) << i;
  const NpyArray big_endian = read_npy(fixture("fortran_be_3x2.npy"));
  EXPECT_EQ(big_endian.values, (std::vector<float>{0, 1, 2, 3, 4, 5}));
}

// A block of rows (--shard) is the same rows of the whole array, in C and in Fortran order.
TEST(NpyReader, ABlockOfRowsIsThoseRowsOfTheWholeArray) {
  for (const char* name : {"fortran_2x3x4.npy", "f8_le.npy", "i4_be.npy"}) {
    const std::vector<unsigned char> bytes = fixture_bytes(name);
    const NpyArray whole = parse_npy(bytes, name);
    const std::size_t rows = whole.shape[0], row_values = whole.values.size() / rows;
    std::vector<float> joined;
    for (int part = 0; part < 2; ++part) {
      const NpyArray block = parse_npy_block(bytes, name, part, 2);
      const distributed::Share mine = distributed::block(rows, part, 2);
      EXPECT_EQ(block.shape[0], mine.count) << name;
      EXPECT_EQ(block.whole_rows, rows) << name;
      EXPECT_EQ(block.values.size(), mine.count * row_values) << name;
      joined.insert(joined.end(), block.values.begin(), block.values.end());
    }
    EXPECT_EQ(joined, whole.values) << name;
  }
}

TEST(NpyReader, ReadsScalarsVectorsEmptyArraysAndVersion2Headers) {
  const NpyArray scalar = read_npy(fixture("scalar.npy"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.values, (std::vector<float>{2.5f}));
  EXPECT_EQ(read_npy(fixture("vector.npy")).values, (std::vector<float>{0, 1, 2, 3, 4}));
  const NpyArray empty = read_npy(fixture("empty_0x3.npy"));
  EXPECT_EQ(empty.shape, (std::vector<std::size_t>{0, 3}));
  EXPECT_TRUE(empty.values.empty());
  EXPECT_EQ(read_npy(fixture("version2.npy")).values, (std::vector<float>{0, 1, 2, 3}));
}

TEST(NpyReader, ReadsGzippedFiles) {
  TempDir dir;
  const std::string path = dir.write_gzip("f.npy.gz", fixture_bytes("f4_le.npy"));
  EXPECT_EQ(read_npy(path).values, kFloats);
}

void expect_refused(const std::string& name, const std::string& problem) {
  const std::string message = error_of([&] { read_npy(fixture(name)); });
  EXPECT_NE(message.find(problem), std::string::npos) << name << ": " << message;
  EXPECT_NE(message.find(name), std::string::npos) << name << ": " << message;
}

TEST(NpyReader, RefusesObjectArraysAndUnsupportedTypes) {
  expect_refused("object.npy", "object arrays are not supported");
  expect_refused("strings.npy", "dtype '<U2' is not supported");
  expect_refused("half.npy", "dtype '<f2' is not supported");
  expect_refused("complex.npy", "dtype '<c8' is not supported");
  expect_refused("structured.npy", "structured arrays");
}

TEST(NpyReader, RefusesNonFiniteAndOutOfRangeValues) {
  expect_refused("nan.npy", "element 1 (in file order) is nan");
  expect_refused("huge_f8.npy", "element 1 (in file order) is 1e+300");
}

TEST(NpyReader, RefusesPicklesAndOtherFiles) {
  const std::vector<unsigned char> pickle = {0x80, 0x04, 0x95, 0x00};
  EXPECT_NE(error_of([&] { parse_npy(pickle, "p.npy"); }).find("'p.npy' is a Python pickle"),
            std::string::npos);
  const std::vector<unsigned char> text = {'a', ',', 'b', '\n'};
  EXPECT_NE(error_of([&] { parse_npy(text, "t.npy"); }).find("'t.npy': not a .npy file"),
            std::string::npos);
}

// The bytes of a version 1 .npy file with `header` (padded as numpy pads it) and `data`.
std::vector<unsigned char> npy_bytes(const std::string& header, std::size_t data_bytes,
                                     unsigned char major = 1) {
  std::vector<unsigned char> out = {0x93, 'N', 'U', 'M', 'P', 'Y', major, 0};
  out.push_back(static_cast<unsigned char>(header.size() & 0xff));
  out.push_back(static_cast<unsigned char>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.resize(out.size() + data_bytes, 0);
  return out;
}

std::string parse_error(const std::vector<unsigned char>& bytes) {
  return error_of([&] { parse_npy(bytes, "bad.npy"); });
}

TEST(NpyReader, RefusesMalformedHeaders) {
  const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
  EXPECT_EQ(parse_npy(npy_bytes(good, 8), "ok.npy").values, (std::vector<float>{0, 0}));
  EXPECT_NE(parse_error(npy_bytes(good, 8, 4)).find("version 4.0 is not supported"),
            std::string::npos);
  const std::pair<std::string, std::string> cases[] = {
      {"{'descr': '<f4', 'shape': (2,), }", "lacks 'fortran_order'"},
      {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", "True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,x), }", "expected a size"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unknown key"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk", "unexpected text"},
      {"{'descr: '<f4'", "expected ':'"},
      {"['descr']", "expected '{'"},
      {"{'descr': '>q8', 'fortran_order': False, 'shape': (2,), }", "dtype '>q8'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 64), }",
       "too large"},
  };
  for (const auto& [header, problem] : cases) {
    const std::string message = parse_error(npy_bytes(header, 8));
    EXPECT_NE(message.find(problem), std::string::npos) << header << ": " << message;
    EXPECT_NE(message.find("bad.npy"), std::string::npos) << message;
  }
}

TEST(NpyReader, RefusesTruncatedAndTrailingData) {
  const std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
  EXPECT_NE(parse_error(npy_bytes(header, 47)).find("truncated .npy data: shape 3 x 2 needs 48"),
            std::string::npos);
  EXPECT_NE(parse_error(npy_bytes(header, 49)).find("1 unexpected bytes"), std::string::npos);
  std::vector<unsigned char> short_header = npy_bytes(header, 0);
  short_header.resize(20);
  EXPECT_NE(parse_error(short_header).find("truncated .npy header"), std::string::npos);
}

}  // namespace
}  // namespace axon
