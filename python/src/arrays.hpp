// NumPy arrays in and out. A float32 C-contiguous array is read in place; any other numeric
// array is converted once. Non-numeric dtypes raise TypeError, bad shapes and values ValueError.
#pragma once

#include <cstddef>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "axon/tensor/tensor.hpp"

namespace axon::python {

using FloatArray = pybind11::array_t<float, pybind11::array::c_style | pybind11::array::forcecast>;

/// A (rows, cols) float32 row-major view of an array, keeping the array alive.
struct Matrix {
  FloatArray array;
  std::size_t rows = 0;
  std::size_t cols = 0;
  const float* data() const { return array.data(); }
  const float* row(std::size_t r) const { return array.data() + r * cols; }
};

/// What as_matrix accepts of a 1-D array.
enum class Vector { kRefuse, kColumn };

/// Whether as_matrix checks the values for NaN and infinities, or the caller does it as it copies
/// them (check_finite_rows), saving a pass over a large input.
enum class Finite { kCheck, kCallerChecks };

/// `object` (an array or anything np.asarray takes) as a matrix; `what` names it in errors
/// ("x", "y"). Checks that it is numeric, 2-D (or 1-D as a column, when allowed), not empty and
/// (unless the caller does) finite.
Matrix as_matrix(pybind11::handle object, const char* what, Vector vector = Vector::kRefuse,
                 Finite finite = Finite::kCheck);

/// Throws the error as_matrix gives when rows [first, first + rows) of `what` hold a NaN or an
/// infinity; `data` points at row `first`.
void check_finite_rows(const float* data, std::size_t first, std::size_t rows, std::size_t cols,
                       const char* what);

/// The matrix copied into a tensor (the library's own, 64-byte aligned storage).
Tensor to_tensor(const Matrix& matrix);
/// A tensor (any rank, viewed as rows x cols) copied into a new 2-D float32 array.
pybind11::array_t<float> to_array(const Tensor& tensor);
/// A flat float buffer as a new array of `shape`.
pybind11::array_t<float> to_array(const float* values, const Shape& shape);

}  // namespace axon::python
