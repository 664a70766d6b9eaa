// Dense: a fully connected layer, the seeds' neuron layer.
//
//   Z = X W^T + B      X: (N, in)   W: (out, in)   B: (out)   Z: (N, out)
//
// W is stored (out, in), as in the seeds and in PyTorch's nn.Linear, so weights compare one to one.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "axon/layers/initializer.hpp"
#include "axon/layers/layer.hpp"
#include "axon/tensor/packed_operand.hpp"

namespace axon {

struct DenseOptions {
  Initializer init = Initializer::torch_default();
  bool bias = true;
};

class Dense : public Layer {
 public:
  Dense(std::size_t in_features, std::size_t out_features, DenseOptions options = {});

  static constexpr const char* kName = "dense";
  /// in_features, out_features, bias: what a model file keeps (the initializer only matters
  /// before training).
  static std::vector<ConfigField> config_fields();
  static std::unique_ptr<Layer> from_config(const LayerConfig& config);

  std::string name() const override { return kName; }
  LayerConfig config() const override;
  std::size_t output_features(std::size_t in_features) const override;
  std::size_t input_features() const override { return in_features_; }
  /// (out_features): a dense layer reads any sample shape as its in_features values, in order.
  Shape output_shape(const Shape& input) const override {
    return Shape{output_features(input.numel())};
  }
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void initialize(Rng& rng) override;
  /// While frozen, the weight is packed for the bf16 kernel once and reused by every forward.
  void set_weights_frozen(bool frozen) override;
  /// Times the weight was packed for a forward while frozen (for tests).
  std::size_t weight_packings() const { return packed_weight_.packings(); }

  std::size_t in_features() const { return in_features_; }
  std::size_t out_features() const { return out_features_; }
  bool has_bias() const { return options_.bias; }
  const DenseOptions& options() const { return options_; }
  Parameter& weight() { return parameters()[0]; }
  Parameter& bias() { return parameters()[1]; }

 private:
  std::size_t in_features_;
  std::size_t out_features_;
  DenseOptions options_;
  const Tensor* input_ = nullptr;  // X from the last forward, read again by backward
  Tensor output_;
  Tensor grad_input_;
  bool weights_frozen_ = false;
  PackedOperand packed_weight_;  // op(B) = W^T of the forward product, kept while frozen
};

}  // namespace axon
