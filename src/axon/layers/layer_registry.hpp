// LayerRegistry: every layer type by name, with the settings it declares and how to make it from
// them. Model files are read through it, so a new layer is saved and loaded once it is
// registered: one line in layer_registry.cpp's builtin list, `registry.add<MyLayer>()`.
//
// What add<L>() asks of a layer class L:
//   static constexpr const char* kName;                          its type name, as name() returns
//   static std::vector<ConfigField> config_fields();             its settings, in order
//   static std::unique_ptr<Layer> from_config(const LayerConfig&);
// A layer without settings (an activation) needs only kName and a default constructor.
#pragma once

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "axon/layers/layer.hpp"
#include "axon/layers/layer_config.hpp"

namespace axon {

struct LayerType {
  std::string name;
  /// The declared settings, in order: the order model files store them in.
  std::vector<ConfigField> fields;
  std::function<std::unique_ptr<Layer>(const LayerConfig&)> make;
};

class LayerRegistry {
 public:
  /// The registry holding every built-in layer.
  static LayerRegistry& global();

  /// Adds a layer type; throws if its name is taken.
  void add(LayerType type);
  template <typename L>
  requires std::derived_from<L, Layer>
  void add() {
    if constexpr (requires { L::config_fields(); }) {
      add({L::kName, L::config_fields(), [](const LayerConfig& c) { return L::from_config(c); }});
    } else {
      add({L::kName, {}, [](const LayerConfig&) { return std::make_unique<L>(); }});
    }
  }

  /// The type called `name`, or null.
  const LayerType* find(std::string_view name) const;
  /// Makes a `name` layer from `config`, which must hold exactly the declared settings; throws
  /// axon::Error naming the type and the setting that is missing, unknown or of another kind.
  std::unique_ptr<Layer> make(std::string_view name, const LayerConfig& config) const;
  /// Every registered name, in registration order.
  std::vector<std::string> names() const;

 private:
  std::vector<LayerType> types_;
};

}  // namespace axon
