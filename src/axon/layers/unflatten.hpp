// Unflatten: rows of C H W features read as (C, H, W) images, as PyTorch's
// nn.Unflatten(1, (C, H, W)). As a model's first layer it states the image shape, so a CNN takes
// the flat rows that the IDX and CSV readers give and its model file knows the shape.
//
//   X: (N, C H W) or (N, C, H, W)   Y: (N, C, H, W)   same values in the same order   dX = dY
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/layer.hpp"

namespace axon {

class Unflatten : public Layer {
 public:
  Unflatten(std::size_t channels, std::size_t height, std::size_t width);

  static constexpr const char* kName = "unflatten";
  static std::vector<ConfigField> config_fields();  ///< channels, height, width
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  std::size_t input_features() const override { return image_.numel(); }
  /// (C, H, W) for any sample of C H W values.
  Shape output_shape(const Shape& input) const override;
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;

  const Shape& image() const { return image_; }

 private:
  Shape image_;        // (C, H, W)
  Shape input_shape_;  // of the last forward
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
