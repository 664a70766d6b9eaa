// Layer: the declared parameters and buffers, and where their storage comes from.
#include "axon/layers/layer.hpp"

#include <algorithm>

#include "axon/tensor/checked_arithmetic.hpp"

namespace axon {

Shape Layer::output_shape(const Shape& input) const {
  const std::size_t features = output_features(input.numel());
  return features == input.numel() ? input : Shape{features};
}

Shape Layer::input_shape() const {
  const std::size_t features = input_features();
  return features == 0 ? Shape() : Shape{features};
}

std::vector<Parameter>& Layer::parameters() {
  if (!bound_) allocate_own_storage();
  return parameters_;
}

std::size_t Layer::parameter_count() const {
  std::size_t n = 0;
  for (const Parameter& p : parameters_) n = checked_add(n, p.size(), "a layer's parameter count");
  return n;
}

std::vector<Tensor*> Layer::buffers() {
  if (!bound_) allocate_own_storage();
  std::vector<Tensor*> out;
  for (Buffer& b : buffers_) out.push_back(&b.value);
  return out;
}

std::size_t Layer::buffer_count() const {
  std::size_t n = 0;
  for (const Buffer& b : buffers_) n = checked_add(n, b.shape.numel(), "a layer's buffer count");
  return n;
}

void Layer::bind_parameters(float* values, float* grads) {
  std::size_t offset = 0;
  for (Parameter& p : parameters_) {
    p.value = values + offset;
    p.grad = grads + offset;
    offset += p.size();
  }
  for (Buffer& b : buffers_) b.value = Tensor(b.shape, b.initial);
  own_store_.reset();
  bound_ = true;
}

void Layer::zero_grad() {
  for (Parameter& p : parameters()) std::fill_n(p.grad, p.size(), 0.0f);
}

void Layer::add_parameter(std::string name, const Shape& shape, ParameterKind kind) {
  parameters_.push_back({std::move(name), shape, kind, nullptr, nullptr});
}

void Layer::add_buffer(std::string name, const Shape& shape, float initial) {
  buffers_.push_back({std::move(name), shape, initial, Tensor()});
}

void Layer::allocate_own_storage() {
  auto store = std::make_unique<ParameterStore>();
  std::vector<const Parameter*> declared;
  for (const Parameter& p : parameters_) declared.push_back(&p);
  store->allocate(declared);
  bind_parameters(store->values().data(), store->grads().data());
  own_store_ = std::move(store);
  Rng rng(0);
  initialize(rng);
}

}  // namespace axon
