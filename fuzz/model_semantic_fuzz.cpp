// Fuzz target: model files whose payload size and CRC-32 are always repaired after mutation, so
// every input reaches the sections and the checks of what their values mean. A model that loads
// must keep its promises: its preprocessing turns ordinary inputs (0 and 255) into finite
// values, each layer accepts its own state, and a forward pass runs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "axon/io/model_file.hpp"
#include "fuzz_check.hpp"

namespace {

void expect(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "a loaded model broke a promise: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<unsigned char> bytes(data, data + size);
  axon::fuzz::repair_model_file(bytes);
  const std::string source = "fuzz.axon";
  try {
    axon::LoadedModel loaded = axon::parse_model(bytes, source);
    for (std::size_t i = 0; i < loaded.model.size(); ++i) loaded.model.layer(i).check_state();
    const std::size_t features = loaded.model.input_features();
    if (features > 4096) return 0;
    axon::Tensor x(axon::Shape{2, features}, 0.0f);
    for (std::size_t j = 0; j < features; ++j) x(1, j) = 255.0f;
    loaded.info.preprocessing.apply(x);
    expect(axon::all_finite(x.values()), "its preprocessing makes 0 or 255 non-finite");
    const axon::Tensor y = loaded.model.predict(x);
    expect(y.rows() == 2 && y.cols() == loaded.model.output_features(), "output shape");
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
