// Model files: a trained Sequential with its loss, optimizer (and its state, to resume training)
// and preprocessing, in one checksummed binary file. The layout is in docs/model-format.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "axon/io/loaded_model.hpp"
#include "axon/io/preprocessing.hpp"
#include "axon/model/sequential.hpp"

namespace axon {

/// The format version this build writes; it reads every version up to this one.
inline constexpr std::uint32_t kModelFormatVersion = 3;

/// Writes `model` (built and compiled) to `path` atomically: a temporary file renamed into place.
void save_model(const std::string& path, Sequential& model, const ModelInfo& info = {});
/// The bytes save_model writes, for a caller that writes them with other outputs (StagedFiles).
std::vector<unsigned char> model_file_bytes(Sequential& model, const ModelInfo& info = {});

/// Reads a model file. A file that is not a model file, truncated, corrupted (checksum mismatch)
/// or written by a newer format version throws axon::Error saying which, naming the file; so do
/// sections that disagree with each other, layer settings out of range, and NaN or infinite
/// weights.
LoadedModel load_model(const std::string& path);
/// The same for the bytes of a model file already in memory; `source` names it in errors.
LoadedModel parse_model(std::span<const unsigned char> bytes, const std::string& source);

}  // namespace axon
