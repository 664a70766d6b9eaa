// Initializer: the fills and their names.
#include "axon/layers/initializer.hpp"

#include <cmath>
#include <cstdlib>

#include "axon/tensor/error.hpp"

namespace axon {

Initializer Initializer::parse(const std::string& text) {
  std::string name = text;
  float scale = 0.01f;
  if (auto colon = text.find(':'); colon != std::string::npos) {
    name = text.substr(0, colon);
    std::string arg = text.substr(colon + 1);
    char* end = nullptr;
    scale = std::strtof(arg.c_str(), &end);
    check(name == "normal" && end != arg.c_str() && *end == '\0' && scale > 0.0f &&
              std::isfinite(scale),
          "initializer '{}': only normal takes a parameter, a standard deviation > 0", text);
  }
  if (name == "zeros") return zeros();
  if (name == "normal") return normal(scale);
  if (name == "he_normal" || name == "he" || name == "kaiming" || name == "kaiming_normal")
    return he_normal();
  if (name == "he_uniform" || name == "kaiming_uniform") return he_uniform();
  if (name == "xavier_normal" || name == "glorot_normal") return xavier_normal();
  if (name == "xavier_uniform" || name == "xavier" || name == "glorot" || name == "glorot_uniform")
    return xavier_uniform();
  if (name == "torch_default" || name == "default") return torch_default();
  throw Error(
      fmt::format("unknown initializer '{}' (expected zeros, normal[:std], he_normal, he_uniform, "
                  "xavier_normal, xavier_uniform or torch_default)",
                  text));
}

std::string Initializer::to_string() const {
  switch (kind) {
    case Kind::kZeros:
      return "zeros";
    case Kind::kNormal:
      return fmt::format("normal:{}", scale);
    case Kind::kHeNormal:
      return "he_normal";
    case Kind::kHeUniform:
      return "he_uniform";
    case Kind::kXavierNormal:
      return "xavier_normal";
    case Kind::kXavierUniform:
      return "xavier_uniform";
    case Kind::kTorchDefault:
      return "torch_default";
  }
  return "unknown";
}

void Initializer::fill_weight(std::span<float> weight, std::size_t fan_in, std::size_t fan_out,
                              Rng& rng) const {
  const float in = static_cast<float>(fan_in);
  const float in_out = static_cast<float>(fan_in + fan_out);
  auto normal_fill = [&](float stddev) {
    for (float& w : weight) w = rng.normal(0.0f, stddev);
  };
  auto uniform_fill = [&](float bound) {
    for (float& w : weight) w = rng.uniform(-bound, bound);
  };
  switch (kind) {
    case Kind::kZeros:
      for (float& w : weight) w = 0.0f;
      break;
    case Kind::kNormal:
      normal_fill(scale);
      break;
    case Kind::kHeNormal:
      normal_fill(std::sqrt(2.0f / in));
      break;
    case Kind::kHeUniform:
      uniform_fill(std::sqrt(6.0f / in));
      break;
    case Kind::kXavierNormal:
      normal_fill(std::sqrt(2.0f / in_out));
      break;
    case Kind::kXavierUniform:
      uniform_fill(std::sqrt(6.0f / in_out));
      break;
    case Kind::kTorchDefault:
      uniform_fill(1.0f / std::sqrt(in));
      break;
  }
}

void Initializer::fill_bias(std::span<float> bias, std::size_t fan_in, Rng& rng) const {
  if (kind == Kind::kTorchDefault) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
    for (float& b : bias) b = rng.uniform(-bound, bound);
  } else {
    for (float& b : bias) b = 0.0f;
  }
}

}  // namespace axon
