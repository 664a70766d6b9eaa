// GlobalAvgPool2D: the mean of each channel's map, as Keras's GlobalAveragePooling2D (PyTorch's
// nn.AdaptiveAvgPool2d(1) followed by flatten).
//
//   X: (N, C, H, W)   Y: (N, C)   Y[n,c] = 1 / (H W) sum_{h,w} X[n,c,h,w]   dX[n,c,h,w] = dY[n,c] /
//   (H W)
#pragma once

#include <string>

#include "axon/layers/layer.hpp"

namespace axon {

class GlobalAvgPool2D : public Layer {
 public:
  static constexpr const char* kName = "global_avg_pool2d";
  std::string name() const override { return kName; }
  /// (C) for a (C, H, W) sample.
  Shape output_shape(const Shape& input) const override;
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Shape input_shape_;  // of the last forward
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
