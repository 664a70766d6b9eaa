// AvgPool2D: window means and their spread-out gradients.
#include "axon/layers/avg_pool2d.hpp"

#include "axon/layers/pool_shape.hpp"
#include "axon/layers/sample_shape.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

AvgPool2D::AvgPool2D(Size2 kernel, Size2 stride)
    : kernel_(kernel),
      stride_(stride.height == 0 ? kernel.height : stride.height,
              stride.width == 0 ? kernel.width : stride.width) {
  check(kernel.height > 0 && kernel.width > 0, "avg_pool2d: kernel must be > 0, got {}x{}",
        kernel.height, kernel.width);
}

std::vector<ConfigField> AvgPool2D::config_fields() {
  return {{"kernel_height", ConfigKind::kCount},
          {"kernel_width", ConfigKind::kCount},
          {"stride_height", ConfigKind::kCount},
          {"stride_width", ConfigKind::kCount}};
}

LayerConfig AvgPool2D::config() const {
  return {{"kernel_height", kernel_.height},
          {"kernel_width", kernel_.width},
          {"stride_height", stride_.height},
          {"stride_width", stride_.width}};
}

std::unique_ptr<Layer> AvgPool2D::from_config(const LayerConfig& c) {
  return std::make_unique<AvgPool2D>(Size2(c.count("kernel_height"), c.count("kernel_width")),
                                     Size2(c.count("stride_height"), c.count("stride_width")));
}

Shape AvgPool2D::output_shape(const Shape& input) const {
  return pooled_shape(input, kernel_, stride_, "avg_pool2d");
}

const Tensor& AvgPool2D::forward(const Tensor& x, bool /*training*/) {
  check(x.rank() == 4, "avg_pool2d: expects input of shape (N, C, H, W), got {}", x.shape());
  const Shape out = output_shape(sample_shape(x.shape()));
  input_shape_ = x.shape();
  const std::size_t planes = x.shape()[0] * x.shape()[1], w = x.shape()[3];
  const std::size_t in_plane = x.shape()[2] * w, ho = out[1], wo = out[2];
  const float scale = 1.0f / static_cast<float>(kernel_.height * kernel_.width);
  output_.resize(batch_shape(x.rows(), out));
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const float* in = x.data() + plane * in_plane;
    float* y = output_.data() + plane * ho * wo;
    for (std::size_t p = 0; p < ho; ++p) {
      for (std::size_t q = 0; q < wo; ++q) {
        float sum = 0.0f;
        for (std::size_t i = 0; i < kernel_.height; ++i)
          for (std::size_t j = 0; j < kernel_.width; ++j)
            sum += in[(p * stride_.height + i) * w + q * stride_.width + j];
        y[p * wo + q] = sum * scale;
      }
    }
  }
  return output_;
}

const Tensor& AvgPool2D::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "avg_pool2d backward: dY vs Y");
  grad_input_.resize(input_shape_);
  grad_input_.fill(0.0f);
  const std::size_t planes = input_shape_[0] * input_shape_[1], w = input_shape_[3];
  const std::size_t in_plane = input_shape_[2] * w;
  const std::size_t ho = output_.shape()[2], wo = output_.shape()[3];
  const float scale = 1.0f / static_cast<float>(kernel_.height * kernel_.width);
  for (std::size_t plane = 0; plane < planes; ++plane) {
    float* dx = grad_input_.data() + plane * in_plane;
    const float* dy = grad_output.data() + plane * ho * wo;
    for (std::size_t p = 0; p < ho; ++p) {
      for (std::size_t q = 0; q < wo; ++q) {
        const float share = dy[p * wo + q] * scale;
        for (std::size_t i = 0; i < kernel_.height; ++i)
          for (std::size_t j = 0; j < kernel_.width; ++j)
            dx[(p * stride_.height + i) * w + q * stride_.width + j] += share;
      }
    }
  }
  return grad_input_;
}

}  // namespace axon
