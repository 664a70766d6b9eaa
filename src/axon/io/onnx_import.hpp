// ONNX import: the dense networks torch.onnx.export writes for an nn.Sequential of Linear layers
// and activations, as an axon model. The graph must be one chain from its one input to its one
// output; operators other than those listed in docs/onnx.md are refused by name.
#pragma once

#include <span>
#include <string>

#include "axon/io/model_file.hpp"

namespace axon {

struct ImportedOnnx {
  Sequential model;  ///< built and compiled (a loss that fits the task and the last layer, SGD)
  ModelInfo info;    ///< no preprocessing: the graph's input is the model's
};

/// The model in the bytes of an ONNX file; `source` names it in errors. A file that does not
/// parse, an opset outside 7 to 17, an unsupported operator or attribute, or shapes that do not
/// chain throws axon::Error saying which.
ImportedOnnx parse_onnx(std::span<const unsigned char> bytes, const std::string& source, Task task);

/// parse_onnx of a file.
ImportedOnnx import_onnx(const std::string& path, Task task);

}  // namespace axon
