// NumPy arrays in and out, checked once at the border.
#include "arrays.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "axon/tensor/error.hpp"

namespace axon::python {

namespace py = pybind11;

namespace {

std::string shape_text(const py::array& array) {
  std::string out = "(";
  for (py::ssize_t i = 0; i < array.ndim(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(array.shape(i));
  }
  return out + (array.ndim() == 1 ? ",)" : ")");
}

/// The first row holding a NaN or an infinity, or rows when there is none.
std::size_t first_bad_row(const float* data, std::size_t rows, std::size_t cols) {
  if (all_finite({data, rows * cols})) return rows;
  for (std::size_t r = 0; r < rows; ++r)
    if (!all_finite({data + r * cols, cols})) return r;
  return rows;
}

}  // namespace

void check_finite_rows(const float* data, std::size_t first, std::size_t rows, std::size_t cols,
                       const char* what) {
  const std::size_t bad = first_bad_row(data, rows, cols);
  check(bad == rows, "{}: row {} holds NaN or infinite values", what, first + bad);
}

Matrix as_matrix(py::handle object, const char* what, Vector vector, Finite finite) {
  py::array array = py::array::ensure(object);
  if (!array) throw py::type_error(std::string(what) + ": expected an array of numbers");
  const char kind = array.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    throw py::type_error(fmt::format("{}: expected an array of numbers, got dtype {}", what,
                                     std::string(py::str(array.dtype()))));
  const py::ssize_t ndim = array.ndim();
  check(ndim != 0, "{}: expected a 2-D array (samples, features), got a scalar", what);
  check(ndim != 1 || vector == Vector::kColumn,
        "{}: expected a 2-D array (samples, features), got shape {}: use reshape(-1, 1) for one "
        "feature or reshape(1, -1) for one sample",
        what, shape_text(array));
  check(ndim <= 2,
        "{}: a dense model takes a 2-D array (samples, features), got shape {}: flatten each "
        "sample first, e.g. x.reshape(len(x), -1)",
        what, shape_text(array));
  Matrix m;
  m.rows = static_cast<std::size_t>(array.shape(0));
  m.cols = ndim == 2 ? static_cast<std::size_t>(array.shape(1)) : 1;
  check(m.rows > 0 && m.cols > 0, "{}: the array is empty (shape {})", what, shape_text(array));
  m.array = FloatArray::ensure(array);  // the same object when it is float32 and C-contiguous
  if (!m.array) throw py::error_already_set();
  if (finite == Finite::kCheck) check_finite_rows(m.data(), 0, m.rows, m.cols, what);
  return m;
}

Tensor to_tensor(const Matrix& matrix) {
  return Tensor(Shape{matrix.rows, matrix.cols},
                std::span<const float>(matrix.data(), matrix.rows * matrix.cols));
}

py::array_t<float> to_array(const float* values, const Shape& shape) {
  std::vector<py::ssize_t> dims;
  for (std::size_t i = 0; i < shape.rank(); ++i) dims.push_back(static_cast<py::ssize_t>(shape[i]));
  py::array_t<float> out(dims);
  std::copy_n(values, shape.numel(), out.mutable_data());
  return out;
}

py::array_t<float> to_array(const Tensor& tensor) {
  return to_array(tensor.data(), Shape{tensor.rows(), tensor.cols()});
}

}  // namespace axon::python
