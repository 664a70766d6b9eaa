// Fuzz target: IDX bytes through parse_idx and the image and label conversions the axon command
// applies to them.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "axon/io/idx_reader.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz.idx";
  try {
    const axon::IdxArray array =
        axon::parse_idx(std::vector<unsigned char>(data, data + size), source);
    if (array.dims.size() >= 2) {
      const axon::Tensor images = axon::idx_images(array, source);
      if (images.size() != array.values.size()) std::abort();
    }
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
