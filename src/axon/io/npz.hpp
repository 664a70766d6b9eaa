// NumPy .npz archives: a zip of .npy arrays, as np.savez (stored) and np.savez_compressed
// (deflated) write them. axon writes little-endian float32 arrays (int64 for counters), stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace axon {

/// One array of an archive: float32 values, or int64 ones when `integer` (values then hold them
/// converted to float, exact for the small counters axon reads and writes).
struct NpyArray {
  std::string name;                ///< the key, without ".npy"
  std::vector<std::size_t> shape;  ///< empty for a 0-d array (a scalar)
  std::vector<float> values;       ///< C order
  bool integer = false;
};

/// The bytes of an .npz archive holding `arrays` in order (stored, not compressed).
std::vector<unsigned char> npz_bytes(const std::vector<NpyArray>& arrays);

/// The arrays of an .npz archive. Only little-endian float32, float64 (narrowed) and int64 arrays
/// in C order are read; a damaged archive, another type or a shape that disagrees with the data
/// throws axon::Error naming `source` and the array.
std::vector<NpyArray> parse_npz(std::span<const unsigned char> bytes, const std::string& source);

}  // namespace axon
