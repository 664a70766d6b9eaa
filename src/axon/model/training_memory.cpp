// TrainingMemory: sizes added and multiplied with saturation, layer by layer.
#include "axon/model/training_memory.hpp"

#include <algorithm>
#include <limits>

namespace axon {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMax : product;
}

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
}

}  // namespace

std::uint64_t TrainingMemory::total() const {
  return add(add(parameters, optimizer_state), activations);
}

TrainingMemory estimate_training_memory(Sequential& model, std::size_t input_features,
                                        std::size_t batch_size) {
  TrainingMemory memory;
  std::uint64_t parameters = 0, activations = 0;
  std::size_t features = input_features;
  for (std::size_t i = 0; i < model.size(); ++i) {
    const Layer& layer = model.layer(i);
    parameters = add(parameters, add(layer.parameter_count(), layer.buffer_count()));
    const std::size_t out = layer.output_features(features);
    activations = add(activations, mul(mul(3, batch_size), std::max(features, out)));
    features = out;
  }
  memory.parameters = mul(mul(parameters, 2), sizeof(float));
  if (model.optimizer() != nullptr) {
    const std::uint64_t slots = model.optimizer()->state().size();
    memory.optimizer_state = mul(mul(slots, parameters), sizeof(float));
  }
  memory.activations = mul(activations, sizeof(float));
  return memory;
}

}  // namespace axon
