// ONNX export: a saved model as an ONNX graph that takes raw features, as `axon predict` does.
// Built only when Debian's ONNX library is found (the axon_onnx target, AXON_BUILD_ONNX); the
// operators and their mapping are listed in docs/onnx.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "axon/io/model_file.hpp"

namespace axon {

/// The opset the exported graphs declare (default ONNX domain).
inline constexpr int kOnnxOpset = 17;

/// The serialized ONNX ModelProto of `model` with its preprocessing and output head:
///   input "input" (batch, features) float, batch a dynamic dimension;
///   pixel scaling (Mul), standardization (Sub, Div), then each layer (Dense as Gemm, BatchNorm
///   in inference form, activations as their operators, GELU as Erf, Dropout left out);
///   for classification trained on logits, Softmax (several outputs) or Sigmoid (one), so
///   "output" (batch, outputs) holds what `axon predict` prints.
/// The graph passes ONNX's checker (with shape inference) before it is returned; a layer with no
/// ONNX form throws axon::Error naming it.
std::vector<unsigned char> onnx_model_bytes(Sequential& model, const ModelInfo& info);

/// Writes `bytes` (an ONNX model) to `path` atomically (a temporary file renamed into place).
void write_onnx_file(const std::string& path, std::span<const unsigned char> bytes);

/// Writes onnx_model_bytes to `path` atomically.
void export_onnx(const std::string& path, Sequential& model, const ModelInfo& info);

}  // namespace axon
