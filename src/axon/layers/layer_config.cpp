// LayerConfig: typed access to a layer's named settings.
#include "axon/layers/layer_config.hpp"

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon {

ConfigKind kind_of(const ConfigValue& value) { return static_cast<ConfigKind>(value.index()); }

const char* to_string(ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kCount:
      return "count";
    case ConfigKind::kReal:
      return "real";
    case ConfigKind::kFlag:
      return "flag";
    case ConfigKind::kText:
      return "text";
  }
  return "unknown";
}

std::string to_string(const ConfigValue& value) {
  switch (kind_of(value)) {
    case ConfigKind::kCount:
      return std::to_string(std::get<std::uint64_t>(value));
    case ConfigKind::kReal:
      return fmt::format("{}", std::get<float>(value));
    case ConfigKind::kFlag:
      return std::get<bool>(value) ? "true" : "false";
    case ConfigKind::kText:
      return std::get<std::string>(value);
  }
  return "";
}

void LayerConfig::set(const std::string& key, ConfigValue value) {
  for (auto& [k, v] : values_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  values_.emplace_back(key, std::move(value));
}

bool LayerConfig::contains(const std::string& key) const {
  for (const auto& entry : values_)
    if (entry.first == key) return true;
  return false;
}

const ConfigValue& LayerConfig::find(const std::string& key, ConfigKind kind) const {
  for (const auto& [k, v] : values_) {
    if (k != key) continue;
    check(kind_of(v) == kind, "setting '{}' is a {}, expected a {}", key, to_string(kind_of(v)),
          to_string(kind));
    return v;
  }
  throw Error(fmt::format("setting '{}' is missing", key));
}

std::uint64_t LayerConfig::count(const std::string& key) const {
  return std::get<std::uint64_t>(find(key, ConfigKind::kCount));
}
float LayerConfig::real(const std::string& key) const {
  return std::get<float>(find(key, ConfigKind::kReal));
}
bool LayerConfig::flag(const std::string& key) const {
  return std::get<bool>(find(key, ConfigKind::kFlag));
}
const std::string& LayerConfig::text(const std::string& key) const {
  return std::get<std::string>(find(key, ConfigKind::kText));
}

}  // namespace axon
