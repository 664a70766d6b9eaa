// Dense: forward and backward as matrix products.
#include "axon/layers/dense.hpp"

#include <algorithm>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm.hpp"

namespace axon {

Dense::Dense(std::size_t in_features, std::size_t out_features, DenseOptions options)
    : in_features_(in_features), out_features_(out_features), options_(options) {
  check(in_features > 0, "dense: in_features must be > 0, got {}", in_features);
  check(out_features > 0, "dense: out_features must be > 0, got {}", out_features);
  checked_values(in_features, out_features,
                 fmt::format("dense({}, {})'s weight", in_features, out_features));
  add_parameter("weight", Shape{out_features, in_features}, ParameterKind::kWeight);
  if (options_.bias) add_parameter("bias", Shape{out_features}, ParameterKind::kBias);
}

std::vector<ConfigField> Dense::config_fields() {
  return {{"in_features", ConfigKind::kCount},
          {"out_features", ConfigKind::kCount},
          {"bias", ConfigKind::kFlag}};
}

LayerConfig Dense::config() const {
  return {{"in_features", in_features_}, {"out_features", out_features_}, {"bias", options_.bias}};
}

std::unique_ptr<Layer> Dense::from_config(const LayerConfig& config) {
  return std::make_unique<Dense>(config.count("in_features"), config.count("out_features"),
                                 DenseOptions{.bias = config.flag("bias")});
}

std::size_t Dense::output_features(std::size_t in_features) const {
  check(in_features == in_features_, "dense({}, {}): expects {} input features, got {}",
        in_features_, out_features_, in_features_, in_features);
  return out_features_;
}

void Dense::initialize(Rng& rng) {
  options_.init.fill_weight(weight().values(), in_features_, out_features_, rng);
  if (options_.bias) options_.init.fill_bias(bias().values(), in_features_, rng);
}

void Dense::set_weights_frozen(bool frozen) {
  weights_frozen_ = frozen;
  packed_weight_.reset();
}

const Tensor& Dense::forward(const Tensor& x, bool /*training*/) {
  check(x.cols() == in_features_, "dense({}, {}): input of shape {} has {} features, expected {}",
        in_features_, out_features_, x.shape(), x.cols(), in_features_);
  const std::size_t n = x.rows();
  input_ = &x;
  output_.resize(Shape{n, out_features_});
  // Z = B (broadcast over rows), then Z += X W^T.
  float beta = 0.0f;
  if (options_.bias) {
    const float* b = bias().value;
    for (std::size_t i = 0; i < n; ++i) std::copy_n(b, out_features_, output_.row(i));
    beta = 1.0f;
  }
  // In chunks of output features (columns of Z, rows of W): each thread reads the rows of W that
  // it updates in the optimizer step (SplitSide).
  if (weights_frozen_)
    gemm(Transpose::kNo, Transpose::kYes, n, out_features_, in_features_, 1.0f, x.data(),
         in_features_, weight().value, in_features_, beta, output_.data(), out_features_,
         packed_weight_, SplitSide::kColumns);
  else
    gemm(Transpose::kNo, Transpose::kYes, n, out_features_, in_features_, 1.0f, x.data(),
         in_features_, weight().value, in_features_, beta, output_.data(), out_features_,
         SplitSide::kColumns);
  return output_;
}

const Tensor& Dense::backward(const Tensor& grad_output) {
  check(input_ != nullptr, "dense: backward called before forward");
  check_same_shape(grad_output.shape(), output_.shape(), "dense backward: dZ vs Z");
  const Tensor& x = *input_;
  const std::size_t n = x.rows();
  const float* dz = grad_output.data();
  // dW += dZ^T X        (out, N) (N, in) -> (out, in)
  // In chunks of rows of dW, the rows of W the same thread reads in forward.
  gemm(Transpose::kYes, Transpose::kNo, out_features_, in_features_, n, 1.0f, dz, out_features_,
       x.data(), in_features_, 1.0f, weight().grad, in_features_, SplitSide::kRows);
  // dB += sum over rows of dZ
  if (options_.bias) {
    float* db = bias().grad;
    for (std::size_t i = 0; i < n; ++i) {
      const float* row = dz + i * out_features_;
      for (std::size_t j = 0; j < out_features_; ++j) db[j] += row[j];
    }
  }
  // dX = dZ W           (N, out) (out, in) -> (N, in)
  if (needs_input_grad_) {
    grad_input_.resize(x.shape());
    gemm(Transpose::kNo, Transpose::kNo, n, in_features_, out_features_, 1.0f, dz, out_features_,
         weight().value, in_features_, 0.0f, grad_input_.data(), in_features_);
  }
  return grad_input_;
}

}  // namespace axon
