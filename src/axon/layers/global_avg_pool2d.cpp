// GlobalAvgPool2D: channel means and their gradients.
#include "axon/layers/global_avg_pool2d.hpp"

#include <algorithm>

#include "axon/tensor/error.hpp"

namespace axon {

Shape GlobalAvgPool2D::output_shape(const Shape& input) const {
  check(input.rank() == 3, "global_avg_pool2d: expects samples of shape (C, H, W), got {}", input);
  return Shape{input[0]};
}

const Tensor& GlobalAvgPool2D::forward(const Tensor& x, bool /*training*/) {
  check(x.rank() == 4, "global_avg_pool2d: expects input of shape (N, C, H, W), got {}", x.shape());
  input_shape_ = x.shape();
  const std::size_t planes = x.shape()[0] * x.shape()[1], pixels = x.shape()[2] * x.shape()[3];
  output_.resize(Shape{x.shape()[0], x.shape()[1]});
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const float* in = x.data() + plane * pixels;
    double sum = 0.0;
    for (std::size_t k = 0; k < pixels; ++k) sum += in[k];
    output_[plane] = static_cast<float>(sum / static_cast<double>(pixels));
  }
  return output_;
}

const Tensor& GlobalAvgPool2D::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "global_avg_pool2d backward: dY vs Y");
  grad_input_.resize(input_shape_);
  const std::size_t planes = output_.size(), pixels = input_shape_[2] * input_shape_[3];
  for (std::size_t plane = 0; plane < planes; ++plane)
    std::fill_n(grad_input_.data() + plane * pixels, pixels,
                grad_output[plane] / static_cast<float>(pixels));
  return grad_input_;
}

}  // namespace axon
