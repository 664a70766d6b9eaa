// MaxPool2D: the largest value of each window, as PyTorch's nn.MaxPool2d (no padding, floor).
//
//   X: (N, C, H, W)   Y: (N, C, Ho, Wo)   Ho = floor((H - kh) / sh) + 1, likewise Wo
//   Y[n,c,p,q] = max_{i,j} X[n, c, p sh + i, q sw + j]
//   dX[n,c,h,w] = sum of dY[n,c,p,q] over the windows whose maximum is at (h, w)
// The first maximum in the window wins a tie and a NaN wins over numbers, as in PyTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/conv_geometry.hpp"
#include "axon/layers/layer.hpp"

namespace axon {

class MaxPool2D : public Layer {
 public:
  /// `stride` 0 means the kernel's size (windows side by side), PyTorch's default.
  explicit MaxPool2D(Size2 kernel = 2, Size2 stride = 0);

  static constexpr const char* kName = "max_pool2d";
  /// kernel_height, kernel_width, stride_height, stride_width.
  static std::vector<ConfigField> config_fields();
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  Shape output_shape(const Shape& input) const override;
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;

  const Size2& kernel() const { return kernel_; }
  const Size2& stride() const { return stride_; }

 private:
  Size2 kernel_;
  Size2 stride_;
  Shape input_shape_;                  // of the last forward
  std::vector<std::uint32_t> argmax_;  // per output: the index of its maximum in its (H, W) plane
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
