// Optimizer codec: an optimizer's name, learning rate, settings and state, written from what it
// says of itself and read back through the optimizer registry.
#include "axon/io/optimizer_codec.hpp"

#include <bit>
#include <string>
#include <utility>
#include <vector>

#include "axon/optimizers/optimizer_registry.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {
namespace {

constexpr std::uint32_t kMaxSettings = 1u << 10;

}  // namespace

void write_optimizer(ByteWriter& out, Optimizer& optimizer) {
  const HyperParameters settings = optimizer.hyper_parameters();
  out.string(optimizer.name());
  out.f32(optimizer.learning_rate());
  out.u32(static_cast<std::uint32_t>(settings.size()));
  for (const auto& [key, value] : settings) {
    out.string(key);
    out.u64(std::bit_cast<std::uint64_t>(value));
  }
  out.u64(optimizer.steps());
  const std::vector<Tensor*> state = optimizer.state();
  out.u32(static_cast<std::uint32_t>(state.size()));
  for (const Tensor* t : state) out.tensor(*t);
}

std::unique_ptr<Optimizer> read_optimizer(ByteReader& in, std::uint32_t version,
                                          std::size_t parameters) {
  const std::string name = in.string("the optimizer name");
  const float learning_rate = in.f32("the learning rate");
  HyperParameters settings;
  const std::uint32_t count = in.u32("the hyper-parameter count");
  if (count > kMaxSettings) in.fail(fmt::format("{} optimizer settings", count));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string key = in.string("a hyper-parameter name");
    for (const auto& setting : settings)
      if (setting.first == key) in.fail(fmt::format("setting '{}' appears twice", key));
    const double value = version == 1 ? in.f32("a hyper-parameter value")
                                      : std::bit_cast<double>(in.u64("a hyper-parameter value"));
    settings.emplace_back(std::move(key), value);
  }
  std::unique_ptr<Optimizer> optimizer;
  try {
    optimizer = OptimizerRegistry::global().make(name, learning_rate, settings);
  } catch (const Error& e) {
    in.fail(e.what());
  }
  optimizer->set_steps(in.u64("the optimizer step count"));
  const std::vector<Tensor*> state = optimizer->state();
  const std::uint32_t saved_state = in.u32("the optimizer state count");
  if (saved_state != state.size())
    in.fail(fmt::format("optimizer '{}' keeps {} state tensors, the file has {}", name,
                        state.size(), saved_state));
  for (Tensor* t : state) {
    Tensor loaded = in.tensor("the optimizer state");
    if (loaded.size() == 0) continue;  // saved before the first step
    if (loaded.size() != parameters)
      in.fail(
          fmt::format("optimizer state of {} values for {} parameters", loaded.size(), parameters));
    // A NaN moment would turn the first resumed step's weights into NaN.
    if (!all_finite(loaded.values()))
      in.fail(fmt::format("optimizer '{}' state holds NaN or infinite values", name));
    *t = std::move(loaded);
  }
  try {
    optimizer->check_state();
  } catch (const Error& e) {
    in.fail(e.what());
  }
  return optimizer;
}

}  // namespace axon
