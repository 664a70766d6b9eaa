// FrozenWeights: setting and clearing Layer::set_weights_frozen on every layer.
#include "axon/model/frozen_weights.hpp"

namespace axon {

FrozenWeights::FrozenWeights(Sequential& model) : model_(model) {
  for (std::size_t i = 0; i < model_.size(); ++i) model_.layer(i).set_weights_frozen(true);
}

FrozenWeights::~FrozenWeights() {
  for (std::size_t i = 0; i < model_.size(); ++i) model_.layer(i).set_weights_frozen(false);
}

}  // namespace axon
