// ParameterStore: layout of the value and gradient blocks.
#include "axon/tensor/parameter_store.hpp"

#include <algorithm>

namespace axon {

void ParameterStore::bind(const std::vector<Parameter*>& parameters) {
  std::size_t total = 0;
  for (const Parameter* p : parameters) total += p->size();
  Tensor values(Shape{total});
  Tensor grads(Shape{total});
  std::vector<Segment> segments;
  std::size_t offset = 0;
  for (Parameter* p : parameters) {
    if (p->value != nullptr) std::copy_n(p->value, p->size(), values.data() + offset);
    p->value = values.data() + offset;
    p->grad = grads.data() + offset;
    segments.push_back({offset, p->size(), p->kind});
    offset += p->size();
  }
  values_ = std::move(values);
  grads_ = std::move(grads);
  segments_ = std::move(segments);
}

void ParameterStore::zero_grad() { grads_.fill(0.0f); }

}  // namespace axon
