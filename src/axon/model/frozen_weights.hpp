// FrozenWeights: a promise that a model's parameters do not change while it lives, so that its
// layers may keep work derived from them between batches (Layer::set_weights_frozen). predict and
// evaluate hold one.
#pragma once

#include "axon/model/sequential.hpp"

namespace axon {

class FrozenWeights {
 public:
  /// Freezes every layer of `model`; the destructor unfreezes them, dropping what they kept.
  explicit FrozenWeights(Sequential& model);
  ~FrozenWeights();
  FrozenWeights(const FrozenWeights&) = delete;
  FrozenWeights& operator=(const FrozenWeights&) = delete;

 private:
  Sequential& model_;
};

}  // namespace axon
