// NumPy .npz archives as axon writes them (the weights of `axon export --npz`): a zip of .npy
// arrays, stored, little-endian float32 (int64 for counters). Reading goes through the one NumPy
// reader (npz_reader.hpp), which takes what numpy writes, compressed or not.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace axon {

/// One named array: float32 values, or int64 ones when `integer` (values then hold them
/// converted to float, exact for the small counters axon reads and writes).
struct NamedArray {
  std::string name;                ///< the key, without ".npy"
  std::vector<std::size_t> shape;  ///< empty for a 0-d array (a scalar)
  std::vector<float> values;       ///< C order
  bool integer = false;
};

/// The bytes of an .npz archive holding `arrays` in order (stored, not compressed).
std::vector<unsigned char> npz_bytes(const std::vector<NamedArray>& arrays);

/// The arrays of an .npz archive (parse_npz), sorted by name; errors name `source`.
std::vector<NamedArray> npz_named_arrays(std::span<const unsigned char> bytes,
                                         const std::string& source);

}  // namespace axon
