// IDX reader: header validation (against the file's length and the memory available) and
// conversion of bytes to float tensors.
#include "axon/io/idx_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

constexpr unsigned char kUnsignedByte = 0x08;
// Larger than any real IDX file; keeps the product of the sizes far from overflowing.
constexpr std::size_t kMaxElements = std::size_t{1} << 40;

std::size_t big_endian_u32(const unsigned char* p) {
  return (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) |
         std::size_t{p[3]};
}

std::string dims_text(const std::vector<std::size_t>& dims) {
  std::string text;
  for (std::size_t d : dims) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text;
}

}  // namespace

bool looks_like_idx(std::span<const unsigned char> bytes) {
  return bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == kUnsignedByte;
}

namespace {

struct IdxHeader {
  std::vector<std::size_t> dims;
  std::size_t header_bytes = 0;  // 4 + 4 per dimension
  std::size_t count = 0;         // the product of dims
};

// The magic, element type, rank and sizes at the start of `bytes`, checked.
IdxHeader parse_header(std::span<const unsigned char> bytes, const std::string& path) {
  check(bytes.size() >= 4, "'{}': not an IDX file: {} bytes is too short for the 4-byte magic",
        path, bytes.size());
  check(bytes[0] == 0 && bytes[1] == 0,
        "'{}': not an IDX file: bad magic {:02x} {:02x} {:02x} {:02x} (expected 00 00 08 <dims>)",
        path, bytes[0], bytes[1], bytes[2], bytes[3]);
  check(bytes[2] == kUnsignedByte,
        "'{}': IDX element type 0x{:02x} is not supported (only 0x08, unsigned byte)", path,
        bytes[2]);
  const std::size_t rank = bytes[3];
  check(rank >= 1 && rank <= 4, "'{}': IDX files with {} dimensions are not supported (1 to 4)",
        path, rank);
  IdxHeader header;
  header.header_bytes = 4 + 4 * rank;
  check(bytes.size() >= header.header_bytes,
        "'{}': truncated IDX header: {} bytes, the {} sizes need {}", path, bytes.size(), rank,
        header.header_bytes);
  header.count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    const std::size_t d = big_endian_u32(bytes.data() + 4 + 4 * i);
    header.dims.push_back(d);
    check(d == 0 || header.count <= kMaxElements / d, "'{}': IDX sizes {} are too large", path,
          dims_text(header.dims));
    header.count *= d;
  }
  return header;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  // The header first: sizes that cannot fit in memory (the bytes, then 4 per element as floats)
  // fail here, before the file is read.
  // The data is then read within the size the header declares, so a gzip stream or a pipe that
  // goes on fails as soon as it passes it.
  const IdxHeader header = parse_header(read_file_head(path, 4 + 4 * 4), path);
  check_fits_in_memory(header.count * (1 + sizeof(float)), path,
                       fmt::format("the IDX data (sizes {} = {} values, as floats)",
                                   dims_text(header.dims), header.count));
  return parse_idx(read_file_bytes(path, 1 + sizeof(float), header.header_bytes + header.count),
                   path);
}

std::vector<std::size_t> read_idx_dims(const std::string& path) {
  return parse_header(read_file_head(path, 4 + 4 * 4), path).dims;
}

IdxArray read_idx_rows(const std::string& path, std::size_t first, std::size_t count) {
  const IdxHeader header = parse_header(read_file_head(path, 4 + 4 * 4), path);
  const std::size_t n = header.dims[0];
  check(first <= n && count <= n - first, "'{}': rows {} to {} asked of an IDX file of {} rows",
        path, first, first + count, n);
  const std::size_t row = n == 0 ? 0 : header.count / n;  // bytes of one row
  check_fits_in_memory(count * row * (1 + sizeof(float)), path,
                       fmt::format("rows {} to {} of the IDX data (sizes {}, as floats)", first,
                                   first + count, dims_text(header.dims)));
  IdxArray array;
  array.dims = header.dims;
  array.dims[0] = count;
  array.values.resize(count * row);
  gzFile in = gzopen(path.c_str(), "rb");  // plain files are read as they are, and seek
  check(in != nullptr, "cannot open '{}'", path);
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> closer(in, gzclose);
  gzbuffer(in, 1 << 16);
  const auto offset = static_cast<z_off_t>(header.header_bytes + first * row);
  check(gzseek(in, offset, SEEK_SET) == offset, "'{}': truncated IDX data: row {} is past the end",
        path, first);
  constexpr std::size_t kChunk = std::size_t{1} << 30;  // gzread counts in unsigned int
  for (std::size_t at = 0; at < array.values.size(); at += kChunk) {
    const auto want = static_cast<unsigned>(std::min(kChunk, array.values.size() - at));
    const int got = gzread(in, array.values.data() + at, want);
    check(got == static_cast<int>(want),
          "'{}': truncated or corrupt IDX data: rows {} to {} need {} bytes from offset {}", path,
          first, first + count, array.values.size(), static_cast<std::uint64_t>(offset));
  }
  return array;
}

IdxArray parse_idx(std::vector<unsigned char> bytes, const std::string& path) {
  const IdxHeader header = parse_header(bytes, path);
  const std::size_t available = bytes.size() - header.header_bytes;
  check(available >= header.count,
        "'{}': truncated IDX data: sizes {} need {} bytes, the file has {}", path,
        dims_text(header.dims), header.count, available);
  check(available == header.count, "'{}': {} unexpected bytes after the IDX data (sizes {})", path,
        available - header.count, dims_text(header.dims));
  IdxArray array;
  array.dims = header.dims;
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header.header_bytes));
  array.values = std::move(bytes);
  return array;
}

Tensor read_idx_images(const std::string& path, float scale) {
  return idx_images(read_idx(path), path, scale);
}

Tensor idx_images(const IdxArray& array, const std::string& path, float scale) {
  check(array.dims.size() >= 2,
        "'{}': an image file needs at least 2 dimensions (count, pixels...), got {}", path,
        array.dims.size());
  const std::size_t n = array.dims[0];
  const std::size_t pixels = n == 0 ? 0 : array.values.size() / n;
  check(n == 0 || pixels > 0, "'{}': {} images of 0 pixels (sizes {})", path, n,
        dims_text(array.dims));
  Tensor images(Shape{n, pixels});
  float* out = images.data();
  for (std::size_t i = 0; i < array.values.size(); ++i) out[i] = array.values[i] * scale;
  return images;
}

Tensor read_idx_labels(const std::string& path) { return idx_labels(read_idx(path), path); }

Tensor idx_labels(const IdxArray& array, const std::string& path) {
  check(array.dims.size() == 1, "'{}': a label file has 1 dimension, got {} ({})", path,
        array.dims.size(), dims_text(array.dims));
  Tensor labels(Shape{array.dims[0], 1});
  for (std::size_t i = 0; i < array.values.size(); ++i) labels[i] = array.values[i];
  return labels;
}

Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         float scale) {
  Tensor images = read_idx_images(images_path, scale);
  Tensor labels = read_idx_labels(labels_path);
  check(images.rows() == labels.rows(), "'{}' holds {} images but '{}' holds {} labels",
        images_path, images.rows(), labels_path, labels.rows());
  check(images.rows() > 0, "'{}' holds no images", images_path);
  return Dataset(std::move(images), std::move(labels));
}

}  // namespace axon
