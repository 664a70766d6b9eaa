// _core: the C++ half of the Python package axon; the package (python/axon/) wraps it.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "axon's C++ engine; use it through the axon package.";
  axon::python::bind_errors(m);
  axon::python::bind_model(m);
  axon::python::bind_registries(m);
  axon::python::bind_data(m);
  axon::python::bind_training(m);
  axon::python::bind_runtime(m);
  axon::python::bind_distributed(m);
}
