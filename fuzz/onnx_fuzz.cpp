// Fuzz target: ONNX files through parse_onnx (protobuf parsing by Debian's ONNX library, then
// axon's checks of the graph: one chain, known operators, shapes that chain). A rejected file
// must give an axon::Error that names it; an accepted one a model that predicts on a batch of
// its input size with the shape it promises.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "axon/io/onnx_import.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz.onnx";
  // The first byte picks the task, so both output checks are reached.
  if (size == 0) return 0;
  const axon::Task task = data[0] % 2 ? axon::Task::kRegression : axon::Task::kClassification;
  try {
    axon::ImportedOnnx imported = axon::parse_onnx(std::span(data + 1, size - 1), source, task);
    const std::size_t features = imported.model.input_features();
    if (features == 0 || features > 4096) return 0;
    axon::Tensor x(axon::Shape{2, features}, 0.5f);
    const axon::Tensor y = imported.model.predict(x);
    if (y.rows() != 2 || y.cols() != imported.model.output_features()) {
      std::fprintf(stderr, "an imported model's output shape differs from its promise\n");
      std::abort();
    }
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, source);
  }
  return 0;
}
