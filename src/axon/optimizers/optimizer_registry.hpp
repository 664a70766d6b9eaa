// OptimizerRegistry: every optimizer by name, made from a learning rate and named settings.
// Model files and make_optimizer go through it, so a new optimizer is saved, loaded and offered by
// `axon train --optimizer` once it is registered: one line in optimizer_registry.cpp's builtin
// list, `registry.add<MyOptimizer>()`.
//
// What add<O>() asks of an optimizer class O:
//   using Options = ...;                    its options struct, with a float learning_rate
//   static constexpr const char* kName;     its name, as name() returns
//   static void visit_options(Options&, Visit&&);   visit("key", field) for every other setting
//   explicit O(const Options&);
// A preset adds a name with other defaults: add<Sgd>("momentum", {.momentum = 0.9f}).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "axon/optimizers/optimizer.hpp"

namespace axon {

struct OptimizerType {
  std::string name;
  std::string description;  ///< one line for --help
  /// Makes the optimizer with `learning_rate` and `settings` applied over its defaults; throws
  /// axon::Error naming a setting it does not have.
  std::function<std::unique_ptr<Optimizer>(float learning_rate, const HyperParameters& settings)>
      make;
};

class OptimizerRegistry {
 public:
  /// The registry holding every built-in optimizer.
  static OptimizerRegistry& global();

  void add(OptimizerType type);
  template <typename O>
  void add(std::string name = O::kName, typename O::Options defaults = {},
           std::string description = "") {
    add({std::move(name), std::move(description),
         [defaults](float learning_rate, const HyperParameters& settings) {
           typename O::Options options = defaults;
           options.learning_rate = learning_rate;
           apply_settings<O>(options, settings);
           return std::unique_ptr<Optimizer>(std::make_unique<O>(options));
         }});
  }

  const OptimizerType* find(std::string_view name) const;
  /// Throws axon::Error listing the known names when `name` is not one.
  std::unique_ptr<Optimizer> make(std::string_view name, float learning_rate,
                                  const HyperParameters& settings = {}) const;
  std::vector<std::string> names() const;

 private:
  template <typename O, typename Options>
  static void apply_settings(Options& options, const HyperParameters& settings) {
    for (const auto& setting : settings) {
      // Named copies: a lambda may not capture a structured binding before C++20 compilers
      // that implement P1091 (clang 16).
      const std::string& key = setting.first;
      const double number = setting.second;
      bool found = false;
      O::visit_options(options, [&](const char* name, auto& field) {
        if (key != name) return;
        found = true;
        if constexpr (std::is_same_v<std::decay_t<decltype(field)>, bool>) {
          field = number != 0.0;
        } else {
          field = static_cast<std::decay_t<decltype(field)>>(number);
        }
      });
      if (!found) throw_unknown_setting(O::kName, key);
    }
  }
  [[noreturn]] static void throw_unknown_setting(const char* optimizer, const std::string& key);

  std::vector<OptimizerType> types_;
};

}  // namespace axon
