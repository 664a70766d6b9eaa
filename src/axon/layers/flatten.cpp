// Flatten: a copy with the shape changed, both ways.
#include "axon/layers/flatten.hpp"

#include <algorithm>

#include "axon/tensor/error.hpp"

namespace axon {

const Tensor& Flatten::forward(const Tensor& x, bool /*training*/) {
  input_shape_ = x.shape();
  output_.resize(Shape{x.rows(), x.cols()});
  std::copy_n(x.data(), x.size(), output_.data());
  return output_;
}

const Tensor& Flatten::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "flatten backward: dY vs Y");
  grad_input_.resize(input_shape_);
  std::copy_n(grad_output.data(), grad_output.size(), grad_input_.data());
  return grad_input_;
}

}  // namespace axon
