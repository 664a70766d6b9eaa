// Layer codec: settings written and read by kind, layers made by the registry.
#include "axon/io/layer_codec.hpp"

#include "axon/layers/layer_registry.hpp"
#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

constexpr std::uint32_t kMaxLayers = 1u << 16;
constexpr std::uint32_t kMaxSettings = 1u << 10;
constexpr std::uint64_t kMaxFeatures = std::uint64_t{1} << 32;

// Memory a saved value costs once loaded: a parameter's value and gradient in the model's store;
// a buffer's value.
constexpr std::uint64_t kBytesPerParameter = 8;
constexpr std::uint64_t kBytesPerBufferValue = 4;

void write_value(ByteWriter& out, const ConfigValue& value) {
  switch (kind_of(value)) {
    case ConfigKind::kCount:
      return out.u64(std::get<std::uint64_t>(value));
    case ConfigKind::kReal:
      return out.f32(std::get<float>(value));
    case ConfigKind::kFlag:
      return out.u8(std::get<bool>(value) ? 1 : 0);
    case ConfigKind::kText:
      return out.string(std::get<std::string>(value));
  }
}

ConfigValue read_value(ByteReader& in, ConfigKind kind, const std::string& key) {
  const std::string what = "setting " + key;
  switch (kind) {
    case ConfigKind::kCount:
      return in.u64(what.c_str());
    case ConfigKind::kReal:
      return in.f32(what.c_str());
    case ConfigKind::kFlag: {
      const std::uint8_t flag = in.u8(what.c_str());
      if (flag > 1) in.fail(fmt::format("setting '{}' is a flag but holds {}", key, flag));
      return flag == 1;
    }
    case ConfigKind::kText:
      return in.string(what.c_str());
  }
  in.fail(fmt::format("setting '{}' has an unknown kind {}", key, static_cast<int>(kind)));
}

LayerConfig read_config(ByteReader& in, std::uint32_t version, const LayerType& type) {
  LayerConfig config;
  if (version == 1) {  // the declared settings' values, in order
    for (const ConfigField& field : type.fields)
      config.set(field.key, read_value(in, field.kind, field.key));
    return config;
  }
  const std::uint32_t count = in.u32("the setting count");
  if (count > kMaxSettings) in.fail(fmt::format("{} settings for one layer", count));
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string key = in.string("a setting name");
    const std::uint8_t kind = in.u8("a setting kind");
    if (kind > static_cast<std::uint8_t>(ConfigKind::kText))
      in.fail(fmt::format("setting '{}' has an unknown kind {}", key, kind));
    if (config.contains(key)) in.fail(fmt::format("setting '{}' appears twice", key));
    config.set(key, read_value(in, static_cast<ConfigKind>(kind), key));
  }
  return config;
}

// Counts a layer's values against what the file can hold, and against the memory available,
// before the model allocates them: a damaged header fails here, not in an out-of-memory kill.
void spend(ByteReader& in, std::uint64_t& budget, std::uint64_t& bytes, const Layer& layer,
           std::uint32_t index) {
  const std::string what = fmt::format("layer {} ({})", index, layer.name());
  const std::uint64_t values = checked_add(layer.parameter_count(), layer.buffer_count(), what);
  if (values > budget)
    in.fail(fmt::format("{} needs {} values, more than the file holds", what, values));
  budget -= values;
  // values <= the file's size, so these cannot overflow; checked all the same.
  bytes =
      checked_add(bytes,
                  checked_add(checked_mul(layer.parameter_count(), kBytesPerParameter, what),
                              checked_mul(layer.buffer_count(), kBytesPerBufferValue, what), what),
                  what);
  check_fits_in_memory(bytes, in.source(), what);
}

}  // namespace

void write_architecture(ByteWriter& out, Sequential& model) {
  model.build();
  // The file keeps the input's size, not its shape: a model fed (C, H, W) images must be able to
  // take them as flat rows, which an unflatten first layer does.
  Shape shape{model.input_features()};
  try {
    for (std::size_t i = 0; i < model.size(); ++i) shape = model.layer(i).output_shape(shape);
  } catch (const Error& e) {
    throw Error(fmt::format(
        "cannot save a model that takes samples of shape {} without an unflatten first layer "
        "(Unflatten{}) to record that shape: {}",
        model.input_shape(), model.input_shape(), e.what()));
  }
  out.u64(model.input_features());
  out.u32(static_cast<std::uint32_t>(model.size()));
  for (std::size_t i = 0; i < model.size(); ++i) {
    const Layer& layer = model.layer(i);
    check(LayerRegistry::global().find(layer.name()) != nullptr,
          "cannot save a '{}' layer: its type is not registered (LayerRegistry::add)",
          layer.name());
    out.string(layer.name());
    const LayerConfig config = layer.config();
    out.u32(static_cast<std::uint32_t>(config.values().size()));
    for (const auto& [key, value] : config.values()) {
      out.string(key);
      out.u8(static_cast<std::uint8_t>(kind_of(value)));
      write_value(out, value);
    }
  }
}

Sequential read_architecture(ByteReader& in, std::uint32_t version, std::uint64_t seed,
                             std::uint64_t max_values) {
  const std::uint64_t input_features = in.u64("input features");
  const std::uint32_t count = in.u32("layer count");
  if (count == 0 || count > kMaxLayers) in.fail(fmt::format("invalid layer count {}", count));
  if (input_features == 0 || input_features > kMaxFeatures)
    in.fail(fmt::format("invalid input size {}", input_features));
  const LayerRegistry& registry = LayerRegistry::global();
  Sequential model(seed);
  std::uint64_t budget = max_values, bytes = 0;
  for (std::uint32_t i = 1; i <= count; ++i) {
    const std::string name = in.string("layer type");
    const LayerType* type = registry.find(name);
    if (type == nullptr) in.fail(fmt::format("unknown layer type '{}' in the architecture", name));
    const LayerConfig config = read_config(in, version, *type);
    std::unique_ptr<Layer> layer;
    try {
      layer = registry.make(name, config);  // a constructor rejecting a damaged setting throws
    } catch (const Error& e) {
      in.fail(fmt::format("layer {}: {}", i, e.what()));
    }
    spend(in, budget, bytes, *layer, i);
    model.add(std::move(layer));
  }
  try {
    model.build(input_features);
  } catch (const Error& e) {
    in.fail(fmt::format("the saved architecture does not fit together: {}", e.what()));
  }
  return model;
}

}  // namespace axon
