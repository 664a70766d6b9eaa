// The library's errors as Python exceptions, with the same message.
#include <cerrno>
#include <cstring>
#include <string>

#include "axon/tensor/error.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

namespace {

/// io/file_bytes.cpp's "cannot open 'PATH': <strerror(ENOENT)>".
bool is_missing_file(const std::string& message) {
  return message.rfind("cannot open '", 0) == 0 &&
         message.ends_with(std::string(": ") + std::strerror(ENOENT));
}

}  // namespace

void bind_errors(py::module_& m) {
  static py::exception<Error> error(m, "Error", PyExc_ValueError);
  error.doc() = "Invalid arguments, shapes or data: a ValueError carrying the library's message.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      if (is_missing_file(e.what())) {
        PyErr_SetString(PyExc_FileNotFoundError, e.what());
      } else {
        error(e.what());
      }
    }
  });
}

}  // namespace axon::python
