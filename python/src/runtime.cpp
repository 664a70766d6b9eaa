// Process-wide settings of the compute backend (tensor/runtime.hpp): threads of the matrix
// products and their precision.
#include <string>

#include "axon/tensor/runtime.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

void bind_runtime(py::module_& m) {
  m.def("set_num_threads", &set_num_threads, py::arg("threads"),
        "Sets the threads of axon's pool, which runs the matrix products and the Adam and SGD "
        "updates (every core by default), as `axon train --threads`.");
  m.def("num_threads", &num_threads, "The threads of the matrix products.");
  m.def(
      "set_matmul_precision",
      [](const std::string& name) { set_matmul_precision(parse_matmul_precision(name)); },
      py::arg("name"),
      "\"fp32\" (the default) or \"bf16\" (on CPUs with AMX-BF16 or AVX512-BF16), as `axon train "
      "--matmul`.");
  m.def(
      "matmul_precision", [] { return to_string(matmul_precision()); }, "\"fp32\" or \"bf16\".");
}

}  // namespace axon::python
