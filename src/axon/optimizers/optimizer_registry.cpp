// OptimizerRegistry: lookup and the list of built-in optimizers.
#include "axon/optimizers/optimizer_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/optimizers/adadelta.hpp"
#include "axon/optimizers/adagrad.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/adamw.hpp"
#include "axon/optimizers/rmsprop.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

// The built-in optimizers: a new optimizer adds one line here.
void add_builtin_optimizers(OptimizerRegistry& registry) {
  registry.add<Sgd>("sgd", {}, "plain gradient descent");
  registry.add<Sgd>("momentum", {.momentum = 0.9f}, "sgd with momentum 0.9");
  registry.add<Sgd>("nesterov", {.momentum = 0.9f, .nesterov = true},
                    "sgd with Nesterov momentum 0.9");
  registry.add<Rmsprop>("rmsprop", {}, "RMSprop, alpha 0.99");
  registry.add<Adam>("adam", {}, "Adam, betas 0.9 and 0.999");
  registry.add<AdamW>("adamw", {}, "Adam with decoupled weight decay 0.01");
  registry.add<Adagrad>("adagrad", {}, "Adagrad");
  registry.add<Adadelta>("adadelta", {}, "Adadelta, rho 0.9");
}

}  // namespace

OptimizerRegistry& OptimizerRegistry::global() {
  static OptimizerRegistry registry = [] {
    OptimizerRegistry r;
    add_builtin_optimizers(r);
    return r;
  }();
  return registry;
}

void OptimizerRegistry::add(OptimizerType type) {
  check(find(type.name) == nullptr, "an optimizer named '{}' is already registered", type.name);
  types_.push_back(std::move(type));
}

const OptimizerType* OptimizerRegistry::find(std::string_view name) const {
  for (const OptimizerType& type : types_)
    if (type.name == name) return &type;
  return nullptr;
}

std::unique_ptr<Optimizer> OptimizerRegistry::make(std::string_view name, float learning_rate,
                                                   const HyperParameters& settings) const {
  const OptimizerType* type = find(name);
  check(type != nullptr, "unknown optimizer '{}'; choose one of: {}", name,
        fmt::join(names(), ", "));
  return type->make(learning_rate, settings);
}

std::vector<std::string> OptimizerRegistry::names() const {
  std::vector<std::string> out;
  for (const OptimizerType& type : types_) out.push_back(type.name);
  return out;
}

void OptimizerRegistry::throw_unknown_setting(const char* optimizer, const std::string& key) {
  throw Error(fmt::format("{} has no setting '{}'", optimizer, key));
}

}  // namespace axon
