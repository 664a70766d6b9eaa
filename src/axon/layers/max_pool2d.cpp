// MaxPool2D: the window maxima and the scatter of their gradients.
#include "axon/layers/max_pool2d.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>

#include "axon/layers/pool_shape.hpp"
#include "axon/layers/sample_shape.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

// The common 2x2 window with stride 2, its taps fixed at compile time: no loop over taps and one
// pass over the output row instead of four. The same taps in the same order as the general loop
// (top left, top right, bottom left, bottom right) and the same rule, so the same results.
void max_pool_2x2(const float* in, std::size_t w, std::size_t ho, std::size_t wo, float* y,
                  std::uint32_t* at) {
  for (std::size_t p = 0; p < ho; ++p) {
    const std::size_t top = 2 * p * w;
    for (std::size_t q = 0; q < wo; ++q) {
      const std::size_t k = top + 2 * q;
      float largest = in[k];
      std::size_t best = k;
      for (const std::size_t tap : {k + 1, k + w, k + w + 1}) {
        const float v = in[tap];
        const bool wins = v > largest || v != v;
        largest = wins ? v : largest;
        best = wins ? tap : best;
      }
      y[p * wo + q] = largest;
      at[p * wo + q] = static_cast<std::uint32_t>(best);
    }
  }
}

}  // namespace

MaxPool2D::MaxPool2D(Size2 kernel, Size2 stride)
    : kernel_(kernel),
      stride_(stride.height == 0 ? kernel.height : stride.height,
              stride.width == 0 ? kernel.width : stride.width) {
  check(kernel.height > 0 && kernel.width > 0, "max_pool2d: kernel must be > 0, got {}x{}",
        kernel.height, kernel.width);
}

std::vector<ConfigField> MaxPool2D::config_fields() {
  return {{"kernel_height", ConfigKind::kCount},
          {"kernel_width", ConfigKind::kCount},
          {"stride_height", ConfigKind::kCount},
          {"stride_width", ConfigKind::kCount}};
}

LayerConfig MaxPool2D::config() const {
  return {{"kernel_height", kernel_.height},
          {"kernel_width", kernel_.width},
          {"stride_height", stride_.height},
          {"stride_width", stride_.width}};
}

std::unique_ptr<Layer> MaxPool2D::from_config(const LayerConfig& c) {
  return std::make_unique<MaxPool2D>(Size2(c.count("kernel_height"), c.count("kernel_width")),
                                     Size2(c.count("stride_height"), c.count("stride_width")));
}

Shape MaxPool2D::output_shape(const Shape& input) const {
  return pooled_shape(input, kernel_, stride_, "max_pool2d");
}

const Tensor& MaxPool2D::forward(const Tensor& x, bool /*training*/) {
  check(x.rank() == 4, "max_pool2d: expects input of shape (N, C, H, W), got {}", x.shape());
  const Shape out = output_shape(sample_shape(x.shape()));
  input_shape_ = x.shape();
  const std::size_t planes = x.shape()[0] * x.shape()[1], h = x.shape()[2], w = x.shape()[3];
  const std::size_t ho = out[1], wo = out[2];
  check(h * w <= UINT32_MAX, "max_pool2d: an image of {}x{} pixels is too large", h, w);
  output_.resize(batch_shape(x.rows(), out));
  argmax_.resize(output_.size());
  const bool two_by_two =
      kernel_.height == 2 && kernel_.width == 2 && stride_.height == 2 && stride_.width == 2;
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const float* in = x.data() + plane * h * w;
    float* y = output_.data() + plane * ho * wo;
    std::uint32_t* at = argmax_.data() + plane * ho * wo;
    if (two_by_two) {
      max_pool_2x2(in, w, ho, wo, y, at);
      continue;
    }
    // One output row at a time, the window taps outside and the columns inside: the inner loop
    // has no branch and is the same for every column, so the compiler vectorizes it (a branch per
    // element, mispredicted on data, made this loop as slow as the convolution's products).
    // PyTorch's rule: a later value wins only when larger, or when it is NaN (v != v).
    for (std::size_t p = 0; p < ho; ++p) {
      float* largest = y + p * wo;
      std::uint32_t* best = at + p * wo;
      const std::size_t top = p * stride_.height * w;
      for (std::size_t q = 0; q < wo; ++q) {
        largest[q] = in[top + q * stride_.width];
        best[q] = static_cast<std::uint32_t>(top + q * stride_.width);
      }
      for (std::size_t i = 0; i < kernel_.height; ++i) {
        for (std::size_t j = 0; j < kernel_.width; ++j) {
          const std::size_t tap = top + i * w + j;
          for (std::size_t q = 0; q < wo; ++q) {
            const std::size_t k = tap + q * stride_.width;
            const float v = in[k];
            const bool wins = v > largest[q] || v != v;
            largest[q] = wins ? v : largest[q];
            best[q] = wins ? static_cast<std::uint32_t>(k) : best[q];
          }
        }
      }
    }
  }
  return output_;
}

const Tensor& MaxPool2D::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "max_pool2d backward: dY vs Y");
  grad_input_.resize(input_shape_);
  grad_input_.fill(0.0f);
  const std::size_t plane_in = input_shape_[2] * input_shape_[3];
  const std::size_t plane_out = output_.shape()[2] * output_.shape()[3];
  const std::size_t planes = input_shape_[0] * input_shape_[1];
  for (std::size_t plane = 0; plane < planes; ++plane) {
    float* dx = grad_input_.data() + plane * plane_in;
    const float* dy = grad_output.data() + plane * plane_out;
    const std::uint32_t* at = argmax_.data() + plane * plane_out;
    for (std::size_t k = 0; k < plane_out; ++k) dx[at[k]] += dy[k];
  }
  return grad_input_;
}

}  // namespace axon
