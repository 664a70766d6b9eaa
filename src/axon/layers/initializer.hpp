// Initializer: how a layer's weights get their first values.
//
//   zeros            W = 0
//   normal(s)        W ~ N(0, s^2)                          the seeds' randn * 0.01
//   he_normal        W ~ N(0, 2 / fan_in)                   He et al., 2015
//   he_uniform       W ~ U(-sqrt(6 / fan_in), +sqrt(6 / fan_in))
//   xavier_normal    W ~ N(0, 2 / (fan_in + fan_out))       Glorot & Bengio, 2010
//   xavier_uniform   W ~ U(-sqrt(6 / (fan_in + fan_out)), +...)
//   torch_default    W, B ~ U(-1/sqrt(fan_in), +1/sqrt(fan_in))   PyTorch's nn.Linear
// Biases start at zero except under torch_default.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "axon/tensor/rng.hpp"

namespace axon {

struct Initializer {
  enum class Kind {
    kZeros,
    kNormal,
    kHeNormal,
    kHeUniform,
    kXavierNormal,
    kXavierUniform,
    kTorchDefault
  };
  Kind kind = Kind::kTorchDefault;
  float scale = 0.01f;  ///< standard deviation for kNormal

  static Initializer zeros() { return {Kind::kZeros}; }
  static Initializer normal(float scale = 0.01f) { return {Kind::kNormal, scale}; }
  static Initializer he_normal() { return {Kind::kHeNormal}; }
  static Initializer he_uniform() { return {Kind::kHeUniform}; }
  static Initializer xavier_normal() { return {Kind::kXavierNormal}; }
  static Initializer xavier_uniform() { return {Kind::kXavierUniform}; }
  static Initializer torch_default() { return {Kind::kTorchDefault}; }

  /// Parses "he_normal", "xavier_uniform", "normal", "normal:0.05", "zeros", "torch_default"
  /// (also "he" = he_normal, "xavier"/"glorot" = xavier_uniform, "kaiming" = he_normal).
  static Initializer parse(const std::string& text);
  std::string to_string() const;

  void fill_weight(std::span<float> weight, std::size_t fan_in, std::size_t fan_out,
                   Rng& rng) const;
  void fill_bias(std::span<float> bias, std::size_t fan_in, Rng& rng) const;
};

}  // namespace axon
