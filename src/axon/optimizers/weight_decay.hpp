// Weight decay ranges: which parts of a ParameterStore an optimizer decays. Like PyTorch, every
// parameter by default (decay_bias); with decay_bias off, weights only (biases and normalization
// scale/shift gain nothing from shrinking towards zero and lose fit).
#pragma once

#include <cstddef>

#include "axon/tensor/parameter_store.hpp"

namespace axon {

/// Whether weight decay applies to a parameter of `kind`.
inline bool decays(ParameterKind kind, bool decay_bias) {
  return decay_bias || kind == ParameterKind::kWeight;
}

/// Calls update(offset, size, weight_decay) so that together the calls cover the store: one call
/// over the whole flat block when every parameter gets the same decay (weight_decay == 0 or
/// decay_bias), otherwise one per parameter, with 0 for the kinds that are not decayed.
template <typename Update>
void for_each_decay_range(const ParameterStore& store, float weight_decay, bool decay_bias,
                          Update&& update) {
  if (weight_decay == 0.0f || decay_bias) {
    update(std::size_t{0}, store.size(), weight_decay);
    return;
  }
  for (const ParameterStore::Segment& segment : store.segments()) {
    update(segment.offset, segment.size, decays(segment.kind, false) ? weight_decay : 0.0f);
  }
}

}  // namespace axon
