// Conv2D: a 2-D convolution (cross-correlation) over NCHW images, as PyTorch's nn.Conv2d.
//
//   X: (N, C, H, W)   W: (O, C, kh, kw)   B: (O)   Y: (N, O, Ho, Wo)
//   Y[n,o,p,q] = B[o] + sum_{c,i,j} W[o,c,i,j] X[n, c, p sh + i dh - ph, q sw + j dw - pw]
//   Ho = floor((H + pad_top + pad_bottom - dh (kh - 1) - 1) / sh) + 1, likewise Wo
//
// The weight is stored (out_channels, in_channels, kh, kw) like nn.Conv2d's, so weights compare
// one to one. The kernels and the layout they use are described in conv2d_kernels.hpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/conv2d_kernels.hpp"
#include "axon/layers/conv_geometry.hpp"
#include "axon/layers/initializer.hpp"
#include "axon/layers/layer.hpp"

namespace axon {

struct Conv2DOptions {
  Size2 kernel = 3;
  Size2 stride = 1;
  /// Padding::valid() (none), Padding::same() (stride 1 only, as in PyTorch) or counts.
  Padding padding = Padding::valid();
  Size2 dilation = 1;
  bool bias = true;
  /// torch_default: W, B ~ U(-1/sqrt(fan_in), +1/sqrt(fan_in)), fan_in = in_channels kh kw.
  Initializer init = Initializer::torch_default();
};

class Conv2D : public Layer {
 public:
  Conv2D(std::size_t in_channels, std::size_t out_channels, Conv2DOptions options = {});

  static constexpr const char* kName = "conv2d";
  /// in_channels, out_channels, kernel, stride and dilation (height and width each), padding
  /// ("valid", "same", "1" or "1,2") and bias.
  static std::vector<ConfigField> config_fields();
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  /// Refuses: a convolution's output depends on the image's height and width.
  std::size_t output_features(std::size_t in_features) const override;
  /// (O, Ho, Wo) for an input sample of (C, H, W).
  Shape output_shape(const Shape& input) const override;
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void initialize(Rng& rng) override;

  std::size_t in_channels() const { return in_channels_; }
  std::size_t out_channels() const { return out_channels_; }
  const Conv2DOptions& options() const { return options_; }
  Parameter& weight() { return parameters()[0]; }
  Parameter& bias() { return parameters()[1]; }
  /// The sizes of this convolution on a (C, H, W) sample; throws when they do not fit.
  ConvGeometry geometry(std::size_t channels, std::size_t height, std::size_t width) const;
  /// Samples per matrix product for a batch of `batch`: about 4096 output pixels' worth.
  static std::size_t group_size(std::size_t batch, const ConvGeometry& g);

 private:
  std::size_t in_channels_;
  std::size_t out_channels_;
  Conv2DOptions options_;
  ConvGeometry geometry_;          // of the last forward
  const Tensor* input_ = nullptr;  // X from the last forward, read again by backward
  Tensor output_;
  Tensor grad_input_;
  // The workspace, for one group of G samples (conv2d_kernels.hpp): sized by the first batch,
  // reallocated only when a larger batch or image comes.
  Tensor columns_;       // im2col of the group, (C kh kw, G Ho Wo)
  Tensor products_;      // W col, then dY of the group, (O, G Ho Wo)
  Tensor grad_columns_;  // W^T dY, (C kh kw, G Ho Wo)
};

}  // namespace axon
