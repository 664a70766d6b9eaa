// Fuzz target: NumPy bytes through parse_npz (when they start like a zip) or parse_npy, then the
// row conversion the axon command applies to every array.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "axon/io/npz_reader.hpp"
#include "axon/io/numpy_dataset.hpp"
#include "fuzz_check.hpp"

namespace {

void check_array(const axon::NpyArray& array, const std::string& source) {
  std::size_t count = 1;
  for (std::size_t d : array.shape) count *= d;
  if (array.values.size() != count) std::abort();
  if (array.shape.empty()) return;
  const axon::Tensor rows = axon::npy_rows(array, source);
  if (rows.size() != count || rows.rows() != array.shape[0]) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz.npz";
  const std::span<const unsigned char> bytes(data, size);
  try {
    if (axon::looks_like_zip(bytes)) {
      for (const auto& entry : axon::parse_npz(bytes, source)) check_array(entry.second, source);
    } else {
      check_array(axon::parse_npy(bytes, source), source);
    }
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
