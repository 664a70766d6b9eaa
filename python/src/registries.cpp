// The names the library knows: optimizers (with their default settings) and losses.
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "axon/losses/loss.hpp"
#include "axon/optimizers/optimizer_registry.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

void bind_registries(py::module_& m) {
  m.def(
      "optimizer_names", [] { return OptimizerRegistry::global().names(); },
      "Every optimizer name OptimizerRegistry knows.");
  m.def(
      "optimizer_settings",
      [](const std::string& name) {
        return OptimizerRegistry::global().make(name, 1.0f)->hyper_parameters();
      },
      py::arg("name"), "The settings of optimizer `name` with their defaults, as (key, value).");
  m.def(
      "optimizer_description",
      [](const std::string& name) {
        const OptimizerType* type = OptimizerRegistry::global().find(name);
        return type == nullptr ? std::string() : type->description;
      },
      py::arg("name"));
  m.def(
      "loss_spec", [](const std::string& name) { return make_loss(name)->spec(); }, py::arg("name"),
      "The loss `name` as make_loss reads it back; raises for an unknown name.");
  m.def(
      "loss_is_classification",
      [](const std::string& name) { return make_loss(name)->is_classification(); },
      py::arg("name"));
}

}  // namespace axon::python
