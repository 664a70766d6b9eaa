// Parameter: a named view of one weight or bias inside a ParameterStore.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "axon/tensor/shape.hpp"

namespace axon {

/// What a parameter is, which decides its defaults (weight decay applies to weights only).
enum class ParameterKind { kWeight, kBias, kScale, kShift };

struct Parameter {
  std::string name;
  Shape shape;
  ParameterKind kind = ParameterKind::kWeight;
  float* value = nullptr;  ///< shape.numel() floats inside the store's value block
  float* grad = nullptr;   ///< the matching floats inside the store's gradient block

  std::size_t size() const { return shape.numel(); }
  std::span<float> values() const { return {value, size()}; }
  std::span<float> grads() const { return {grad, size()}; }
};

}  // namespace axon
