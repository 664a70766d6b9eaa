// LayerRegistry: lookup, checked construction, and the list of built-in layers.
#include "axon/layers/layer_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/layers/activations.hpp"
#include "axon/layers/avg_pool2d.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

// The built-in layers: a new layer type adds one line here.
void add_builtin_layers(LayerRegistry& registry) {
  registry.add<Dense>();
  registry.add<BatchNorm>();
  registry.add<Dropout>();
  registry.add<ReLU>();
  registry.add<LeakyReLU>();
  registry.add<Sigmoid>();
  registry.add<Tanh>();
  registry.add<Identity>();
  registry.add<ELU>();
  registry.add<GELU>();
  registry.add<Softplus>();
  registry.add<Softmax>();
  registry.add<Conv2D>();
  registry.add<MaxPool2D>();
  registry.add<AvgPool2D>();
  registry.add<GlobalAvgPool2D>();
  registry.add<BatchNorm2D>();
  registry.add<Flatten>();
  registry.add<Unflatten>();
}

}  // namespace

LayerRegistry& LayerRegistry::global() {
  static LayerRegistry registry = [] {
    LayerRegistry r;
    add_builtin_layers(r);
    return r;
  }();
  return registry;
}

void LayerRegistry::add(LayerType type) {
  check(find(type.name) == nullptr, "a layer type named '{}' is already registered", type.name);
  types_.push_back(std::move(type));
}

const LayerType* LayerRegistry::find(std::string_view name) const {
  for (const LayerType& type : types_)
    if (type.name == name) return &type;
  return nullptr;
}

std::unique_ptr<Layer> LayerRegistry::make(std::string_view name, const LayerConfig& config) const {
  const LayerType* type = find(name);
  check(type != nullptr, "unknown layer type '{}'; known types: {}", name,
        fmt::join(names(), ", "));
  for (const ConfigField& field : type->fields) {
    check(config.contains(field.key), "{}: setting '{}' is missing", name, field.key);
    for (const auto& [key, value] : config.values())
      check(key != field.key || kind_of(value) == field.kind,
            "{}: setting '{}' is a {}, expected a {}", name, key, to_string(kind_of(value)),
            to_string(field.kind));
  }
  for (const auto& entry : config.values()) {
    bool declared = false;
    for (const ConfigField& field : type->fields) declared = declared || field.key == entry.first;
    check(declared, "{}: unknown setting '{}'", name, entry.first);
  }
  return type->make(config);
}

std::vector<std::string> LayerRegistry::names() const {
  std::vector<std::string> out;
  for (const LayerType& type : types_) out.push_back(type.name);
  return out;
}

}  // namespace axon
