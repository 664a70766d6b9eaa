// ParameterStore: every parameter of a model in one contiguous block, gradients in a second block
// of the same layout. Optimizers loop over one array; saving is one write.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "axon/tensor/parameter.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

class ParameterStore {
 public:
  /// One parameter's place in the blocks.
  struct Segment {
    std::size_t offset;
    std::size_t size;
    ParameterKind kind;
  };

  ParameterStore() = default;
  ParameterStore(const ParameterStore&) = delete;
  ParameterStore& operator=(const ParameterStore&) = delete;
  ParameterStore(ParameterStore&&) = default;
  ParameterStore& operator=(ParameterStore&&) = default;

  /// Allocates both blocks for `parameters`, laid out one after another in the given order: the
  /// only allocation of a model's parameters. Values and gradients start at zero; the caller
  /// points each parameter at its place (offsets in segments()).
  void allocate(const std::vector<const Parameter*>& parameters);
  /// allocate(), then points each parameter's value and grad at its place.
  void bind(const std::vector<Parameter*>& parameters);

  std::size_t size() const { return values_.size(); }
  std::span<float> values() { return values_.values(); }
  std::span<const float> values() const { return values_.values(); }
  std::span<float> grads() { return grads_.values(); }
  std::span<const float> grads() const { return grads_.values(); }
  const std::vector<Segment>& segments() const { return segments_; }

  void zero_grad();

 private:
  Tensor values_;
  Tensor grads_;
  std::vector<Segment> segments_;
};

}  // namespace axon
