// TrainingMemory: sizes added and multiplied with saturation, layer by layer.
#include "axon/model/training_memory.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "axon/tensor/blas_buffers.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

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
  // The model's own sample shape when it is built for these inputs ((1, 28, 28) for a CNN).
  Shape shape =
      model.input_features() == input_features ? model.input_shape() : Shape{input_features};
  for (std::size_t i = 0; i < model.size(); ++i) {
    const Layer& layer = model.layer(i);
    parameters = add(parameters, add(layer.parameter_count(), layer.buffer_count()));
    const Shape out = layer.output_shape(shape);
    activations = add(activations, mul(mul(3, batch_size), std::max(shape.numel(), out.numel())));
    shape = out;
  }
  memory.parameters = mul(mul(parameters, 2), sizeof(float));
  if (model.optimizer() != nullptr) {
    const std::uint64_t slots = model.optimizer()->state().size();
    memory.optimizer_state = mul(mul(slots, parameters), sizeof(float));
  }
  memory.activations = mul(activations, sizeof(float));
  return memory;
}

TrainingMemory estimate_inference_memory(Sequential& model, std::size_t batch_size) {
  const std::size_t input_features = model.input_features();
  TrainingMemory memory = estimate_training_memory(model, input_features, batch_size);
  memory.parameters = 0;
  memory.optimizer_state = 0;
  return memory;
}

std::uint64_t dataset_bytes(const Dataset& data) {
  return add(mul(data.inputs.size(), sizeof(float)), mul(data.targets.size(), sizeof(float)));
}

void check_memory_fits(const TrainingMemory& memory, std::uint64_t data_bytes,
                       std::size_t batch_size, const std::string& what) {
  const std::uint64_t blas = blas_buffers_pending();
  const std::uint64_t needed = add(add(memory.total(), data_bytes), blas);
  const std::optional<MemoryBudget> budget = memory_budget();
  if (!budget || needed <= budget->bytes) {
    prepare_blas_buffers();  // map them now, before the model and its threads take the room
    return;
  }
  std::string parts;
  auto part = [&parts](std::uint64_t bytes, const std::string& name) {
    if (bytes > 0)
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", name, memory_text(bytes));
  };
  part(memory.parameters, "parameters and gradients");
  part(memory.optimizer_state, "optimizer state");
  part(memory.activations, fmt::format("activations (batches of {})", batch_size));
  part(data_bytes, "data copies");
  part(blas, "OpenBLAS buffers");
  throw Error(fmt::format(
      "{} needs {} of memory ({}), but only {} is available ({}): use a smaller --batch_size, "
      "fewer or smaller --layers{}",
      what, memory_text(needed), parts, memory_text(budget->bytes), budget->limit,
      blas > 0 ? ", fewer --threads, or a higher ulimit -v" : ""));
}

}  // namespace axon
