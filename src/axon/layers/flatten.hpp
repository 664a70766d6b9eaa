// Flatten: each sample's values in one row, as PyTorch's nn.Flatten (C-order, so a (C, H, W)
// sample becomes C H W features, channel by channel).
//
//   X: (N, d1, d2, ...)   Y: (N, d1 d2 ...)   same values in the same order   dX = dY, reshaped
#pragma once

#include <string>

#include "axon/layers/layer.hpp"

namespace axon {

class Flatten : public Layer {
 public:
  static constexpr const char* kName = "flatten";
  std::string name() const override { return kName; }
  Shape output_shape(const Shape& input) const override { return Shape{input.numel()}; }
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Shape input_shape_;  // of the last forward
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
