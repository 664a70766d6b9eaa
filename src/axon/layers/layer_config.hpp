// LayerConfig: a layer's settings as named values, in the order the layer declares them. Model
// files store them, and the layer registry rebuilds a layer from them.
//
//   Dense(784, 128)  ->  {in_features: 784, out_features: 128, bias: true}
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace axon {

/// A setting's value: a count (sizes), a real number (rates, slopes), a flag or a word.
using ConfigValue = std::variant<std::uint64_t, float, bool, std::string>;

/// The kinds of ConfigValue, in the variant's order.
enum class ConfigKind : std::uint8_t { kCount = 0, kReal = 1, kFlag = 2, kText = 3 };

ConfigKind kind_of(const ConfigValue& value);
/// "count", "real", "flag" or "text".
const char* to_string(ConfigKind kind);
/// The value as text, as `axon summary` shows it: 784, 0.01, true, same.
std::string to_string(const ConfigValue& value);

/// One declared setting: its name and kind.
struct ConfigField {
  std::string key;
  ConfigKind kind;
};

class LayerConfig {
 public:
  LayerConfig() = default;
  LayerConfig(std::initializer_list<std::pair<std::string, ConfigValue>> values)
      : values_(values) {}

  void set(const std::string& key, ConfigValue value);
  const std::vector<std::pair<std::string, ConfigValue>>& values() const { return values_; }
  bool empty() const { return values_.empty(); }
  bool contains(const std::string& key) const;

  /// The value of `key`; throws axon::Error naming the key when it is missing or of another kind.
  std::uint64_t count(const std::string& key) const;
  float real(const std::string& key) const;
  bool flag(const std::string& key) const;
  const std::string& text(const std::string& key) const;

 private:
  const ConfigValue& find(const std::string& key, ConfigKind kind) const;

  std::vector<std::pair<std::string, ConfigValue>> values_;
};

}  // namespace axon
