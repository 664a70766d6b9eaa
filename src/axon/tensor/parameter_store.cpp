// ParameterStore: layout and allocation of the value and gradient blocks.
#include "axon/tensor/parameter_store.hpp"

#include <algorithm>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/parallel_ranges.hpp"

namespace axon {

void ParameterStore::allocate(const std::vector<const Parameter*>& parameters) {
  std::vector<Segment> segments;
  std::size_t offset = 0;
  for (const Parameter* p : parameters) {
    segments.push_back({offset, p->size(), p->kind});
    offset = checked_add(offset, p->size(), "the parameters' total size");
  }
  values_ = Tensor(Shape{offset});
  grads_ = Tensor(Shape{offset});
  segments_ = std::move(segments);
}

void ParameterStore::bind(const std::vector<Parameter*>& parameters) {
  allocate({parameters.begin(), parameters.end()});
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    parameters[i]->value = values_.data() + segments_[i].offset;
    parameters[i]->grad = grads_.data() + segments_[i].offset;
  }
}

void ParameterStore::zero_grad() {
  // In fixed runs on the compute pool, as the optimizers' updates (parallel_ranges.hpp).
  float* grads = grads_.data();
  parallel_ranges(grads_.size(), [grads](std::size_t begin, std::size_t end) {
    std::fill(grads + begin, grads + end, 0.0f);
  });
}

}  // namespace axon
