// IDX reader: the MNIST file format (big-endian header, then unsigned bytes), plain or gzipped.
//
//   magic: 0x00 0x00 <type 0x08 = unsigned byte> <number of dimensions d>
//   d sizes, each a big-endian uint32; then the product of the sizes in bytes, row-major.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

/// The decoded contents of one IDX file of unsigned bytes.
struct IdxArray {
  std::vector<std::size_t> dims;
  std::vector<unsigned char> values;  ///< the product of dims, row-major
};

/// Reads and validates an IDX file; errors name the file and what is wrong (magic, type,
/// truncation, sizes whose product overflows, trailing bytes, sizes that would not fit in the
/// memory available, checked from the header before the data is read).
IdxArray read_idx(const std::string& path);
/// Validates and decodes the bytes of an IDX file; `source` names it in errors.
IdxArray parse_idx(std::vector<unsigned char> bytes, const std::string& source);
/// The sizes an IDX file's header declares, read without its data.
std::vector<std::size_t> read_idx_dims(const std::string& path);
/// Rows [first, first + count) along the first size of an IDX file (dims[0] becomes count), and
/// nothing else in memory: a plain file is read from their offset; a gzipped one is inflated up to
/// them through a small buffer and the rows before are dropped. Rows past the end, and a file that
/// ends before them, throw; bytes after the last row are not looked at.
IdxArray read_idx_rows(const std::string& path, std::size_t first, std::size_t count);
/// True when `bytes` start like an IDX file of unsigned bytes (00 00 08).
bool looks_like_idx(std::span<const unsigned char> bytes);

/// Images (N, rows, cols) as a (N, rows * cols) tensor of pixels times `scale` ([0, 1] by default).
Tensor read_idx_images(const std::string& path, float scale = 1.0f / 255.0f);
/// The same from an array already read; `source` names it in errors.
Tensor idx_images(const IdxArray& array, const std::string& source, float scale = 1.0f / 255.0f);

/// Labels (N) as a (N, 1) tensor of class indices.
Tensor read_idx_labels(const std::string& path);
/// The same from an array already read; `source` names it in errors.
Tensor idx_labels(const IdxArray& array, const std::string& source);

/// Images and labels together; their counts must agree.
Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         float scale = 1.0f / 255.0f);

}  // namespace axon
