// Fuzz target: model files through parse_model, then a forward pass of the loaded model. Most
// mutations would only fail the CRC-32, so unless the first input byte is odd the target first
// repairs the payload size and checksum: the fuzzer then reaches the sections behind them.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "axon/io/model_file.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<unsigned char> bytes(data + 1, data + size);
  if ((data[0] & 1) == 0) axon::fuzz::repair_model_file(bytes);
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
