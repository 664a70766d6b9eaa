// Fuzz target: model files through parse_model, then a forward pass of the loaded model. Most
// mutations would only fail the CRC-32, so unless the first input byte is odd the target first
// repairs the payload size and checksum: the fuzzer then reaches the sections behind them.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "axon/io/model_file.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr std::size_t kHeader = 24, kChecksum = 4;

void put_le(std::vector<unsigned char>& bytes, std::size_t at, std::uint64_t v, int count) {
  for (int i = 0; i < count; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (8 * i));
}

void repair(std::vector<unsigned char>& bytes) {
  if (bytes.size() < kHeader + kChecksum) return;
  const std::size_t body = bytes.size() - kChecksum;
  put_le(bytes, 16, body - kHeader, 8);
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(body));
  put_le(bytes, body, crc, 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<unsigned char> bytes(data + 1, data + size);
  if ((data[0] & 1) == 0) repair(bytes);
  const std::string source = "fuzz.axon";
  try {
    axon::LoadedModel loaded = axon::parse_model(bytes, source);
    const std::size_t features = loaded.model.input_features();
    if (features <= 4096) {
      axon::Tensor x(axon::Shape{2, features});
      loaded.model.predict(x);
    }
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
