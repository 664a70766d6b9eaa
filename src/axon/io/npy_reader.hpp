// NPY reader: one array in NumPy's .npy format (numpy.save), decoded to floats in C order.
//
//   "\x93NUMPY" <major> <minor> <header length: 2 bytes LE (v1), 4 bytes LE (v2, v3)>
//   header: a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
//   data: the product of the shape times the item size, in C or Fortran order
//
// Supported dtypes: f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1, little or big endian. Object arrays and
// pickles are refused: loading them would run code from the file.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace axon {

/// The decoded contents of one .npy array.
struct NpyArray {
  std::vector<std::size_t> shape;  ///< empty for a scalar
  std::vector<float> values;       ///< the product of shape, C order (last index fastest)
  bool integral = false;           ///< the dtype was an integer or bool type
  std::size_t whole_rows = 0;      ///< the first axis of the whole array, when a block was read
};

/// Decodes the bytes of a .npy file; errors name `source` and what is wrong (magic, version,
/// header syntax, dtype, sizes that overflow or do not fit in memory, truncation, trailing bytes,
/// values that are NaN, infinite or out of float range).
NpyArray parse_npy(std::span<const unsigned char> bytes, const std::string& source);

/// The rows (first-axis entries) of block `part` of `parts` alone (distributed::block), decoded
/// from the bytes that hold them: of a mapped file, only their pages are read (C order; a Fortran
/// array is decoded whole first). The array's shape is the block's.
NpyArray parse_npy_block(std::span<const unsigned char> bytes, const std::string& source, int part,
                         int parts);

/// Reads `path` (gzipped or not) and decodes it with parse_npy.
NpyArray read_npy(const std::string& path);

/// True when `bytes` start with the .npy magic "\x93NUMPY".
bool looks_like_npy(std::span<const unsigned char> bytes);

/// "3 x 4", "5", "scalar": a shape for messages.
std::string shape_text(const std::vector<std::size_t>& shape);

}  // namespace axon
