// Layer: parameter bookkeeping shared by every layer.
#include "axon/layers/layer.hpp"

#include <algorithm>

namespace axon {

std::size_t Layer::parameter_count() const {
  std::size_t n = 0;
  for (const Parameter& p : parameters_) n += p.size();
  return n;
}

void Layer::zero_grad() {
  for (Parameter& p : parameters_) std::fill_n(p.grad, p.size(), 0.0f);
}

void Layer::add_parameter(std::string name, const Shape& shape, ParameterKind kind) {
  parameters_.push_back({std::move(name), shape, kind, nullptr, nullptr});
}

void Layer::allocate_parameters() {
  own_store_ = std::make_unique<ParameterStore>();
  std::vector<Parameter*> views;
  for (Parameter& p : parameters_) views.push_back(&p);
  own_store_->bind(views);
}

}  // namespace axon
