// IDX reader: header validation and conversion of bytes to float tensors.
#include "axon/io/idx_reader.hpp"

#include <limits>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"

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

IdxArray read_idx(const std::string& path) { return parse_idx(read_file_bytes(path), path); }

IdxArray parse_idx(std::vector<unsigned char> bytes, const std::string& path) {
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
  const std::size_t header = 4 + 4 * rank;
  check(bytes.size() >= header, "'{}': truncated IDX header: {} bytes, the {} sizes need {}", path,
        bytes.size(), rank, header);

  IdxArray array;
  std::size_t count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    const std::size_t d = big_endian_u32(bytes.data() + 4 + 4 * i);
    array.dims.push_back(d);
    check(d == 0 || count <= kMaxElements / d, "'{}': IDX sizes {} are too large", path,
          dims_text(array.dims));
    count *= d;
  }
  const std::size_t available = bytes.size() - header;
  check(available >= count, "'{}': truncated IDX data: sizes {} need {} bytes, the file has {}",
        path, dims_text(array.dims), count, available);
  check(available == count, "'{}': {} unexpected bytes after the IDX data (sizes {})", path,
        available - count, dims_text(array.dims));
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
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
  Tensor images(Shape{n, pixels});
  float* out = images.data();
  for (std::size_t i = 0; i < array.values.size(); ++i) out[i] = array.values[i] * scale;
  return images;
}

Tensor read_idx_labels(const std::string& path) {
  const IdxArray array = read_idx(path);
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
