// Activation layers. Each element-wise activation is two lines of math, so they share one file:
// `f` is the forward formula and `df` its derivative, written from z = input and y = f(z).
// backward computes dZ = dY * f'(Z) in one loop the compiler can vectorize.
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/layer.hpp"

namespace axon {

/// Shared forward/backward loops for element-wise activations (static dispatch, no virtual call
/// per element). `Derived` provides f(z) and df(z, y).
template <typename Derived>
class ElementwiseActivation : public Layer {
 public:
  const Tensor& forward(const Tensor& x, bool /*training*/) override {
    input_ = &x;
    output_.resize(x.shape());
    const float* z = x.data();
    float* y = output_.data();
    const auto& self = static_cast<const Derived&>(*this);
    for (std::size_t i = 0, n = x.size(); i < n; ++i) y[i] = self.f(z[i]);
    return output_;
  }

  const Tensor& backward(const Tensor& grad_output) override;

 protected:
  const Tensor* input_ = nullptr;
  Tensor output_;
  Tensor grad_input_;
};

/// relu(z) = max(0, z)                        relu'(z) = 1 if z > 0 else 0
class ReLU : public ElementwiseActivation<ReLU> {
 public:
  static constexpr const char* kName = "relu";
  std::string name() const override { return kName; }
  float f(float z) const { return z > 0.0f ? z : 0.0f; }
  float df(float z, float /*y*/) const { return z > 0.0f ? 1.0f : 0.0f; }
  /// dZ = dY where Z > 0, else 0: relu_backward, a select rather than dY * relu'(Z), which the
  /// compiler cannot vectorize (it keeps the multiply conditional) and which would let a NaN in
  /// dY through a unit that is off.
  const Tensor& backward(const Tensor& grad_output) override;
};

/// dz[i] = z[i] > 0 ? dy[i] : 0 for i < n, on the widest vectors the CPU has.
void relu_backward(const float* z, const float* dy, float* dz, std::size_t n);

/// leaky_relu(z) = z if z > 0 else slope * z  leaky_relu'(z) = 1 if z > 0 else slope
class LeakyReLU : public ElementwiseActivation<LeakyReLU> {
 public:
  explicit LeakyReLU(float negative_slope = 0.01f);
  static constexpr const char* kName = "leaky_relu";
  static std::vector<ConfigField> config_fields() {
    return {{"negative_slope", ConfigKind::kReal}};
  }
  static std::unique_ptr<Layer> from_config(const LayerConfig& config) {
    return std::make_unique<LeakyReLU>(config.real("negative_slope"));
  }
  std::string name() const override { return kName; }
  LayerConfig config() const override { return {{"negative_slope", slope_}}; }
  float f(float z) const { return z > 0.0f ? z : slope_ * z; }
  float df(float z, float /*y*/) const { return z > 0.0f ? 1.0f : slope_; }
  float negative_slope() const { return slope_; }

 private:
  float slope_;
};

/// sigmoid(z) = 1 / (1 + e^-z), written so e^x never overflows   sigmoid' = y (1 - y)
class Sigmoid : public ElementwiseActivation<Sigmoid> {
 public:
  static constexpr const char* kName = "sigmoid";
  std::string name() const override { return kName; }
  static float f(float z) {
    if (z >= 0.0f) return 1.0f / (1.0f + std::exp(-z));
    const float e = std::exp(z);
    return e / (1.0f + e);
  }
  float df(float /*z*/, float y) const { return y * (1.0f - y); }
};

/// tanh(z)                                    tanh' = 1 - y^2
class Tanh : public ElementwiseActivation<Tanh> {
 public:
  static constexpr const char* kName = "tanh";
  std::string name() const override { return kName; }
  float f(float z) const { return std::tanh(z); }
  float df(float /*z*/, float y) const { return 1.0f - y * y; }
};

/// identity(z) = z                            identity' = 1
class Identity : public ElementwiseActivation<Identity> {
 public:
  static constexpr const char* kName = "identity";
  std::string name() const override { return kName; }
  float f(float z) const { return z; }
  float df(float /*z*/, float /*y*/) const { return 1.0f; }
};

/// elu(z) = z if z > 0 else alpha (e^z - 1)   elu'(z) = 1 if z > 0 else y + alpha
class ELU : public ElementwiseActivation<ELU> {
 public:
  explicit ELU(float alpha = 1.0f);
  static constexpr const char* kName = "elu";
  static std::vector<ConfigField> config_fields() { return {{"alpha", ConfigKind::kReal}}; }
  static std::unique_ptr<Layer> from_config(const LayerConfig& config) {
    return std::make_unique<ELU>(config.real("alpha"));
  }
  std::string name() const override { return kName; }
  LayerConfig config() const override { return {{"alpha", alpha_}}; }
  float f(float z) const { return z > 0.0f ? z : alpha_ * std::expm1(z); }
  float df(float z, float y) const { return z > 0.0f ? 1.0f : y + alpha_; }
  float alpha() const { return alpha_; }

 private:
  float alpha_;
};

/// gelu(z) = z Phi(z), Phi the standard normal CDF (the exact form, PyTorch's default)
/// gelu'(z) = Phi(z) + z phi(z)
class GELU : public ElementwiseActivation<GELU> {
 public:
  static constexpr const char* kName = "gelu";
  std::string name() const override { return kName; }
  float f(float z) const { return z * phi_cdf(z); }
  float df(float z, float /*y*/) const {
    return phi_cdf(z) + z * 0.3989422804f * std::exp(-0.5f * z * z);
  }

 private:
  static float phi_cdf(float z) { return 0.5f * (1.0f + std::erf(z * 0.7071067812f)); }
};

/// softplus(z) = log(1 + e^z), = z past z > 20 as in PyTorch     softplus' = sigmoid(z)
class Softplus : public ElementwiseActivation<Softplus> {
 public:
  static constexpr const char* kName = "softplus";
  std::string name() const override { return kName; }
  float f(float z) const { return z > 20.0f ? z : std::log1p(std::exp(z)); }
  float df(float z, float /*y*/) const { return z > 20.0f ? 1.0f : Sigmoid::f(z); }
};

/// softmax(z)_j = e^(z_j - m) / sum_k e^(z_k - m), m = max_k z_k, over each row
/// dZ_j = y_j (dY_j - sum_k dY_k y_k)
class Softmax : public Layer {
 public:
  static constexpr const char* kName = "softmax";
  std::string name() const override { return kName; }
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  const Tensor& output() const { return output_; }

 private:
  Tensor output_;
  Tensor grad_input_;
};

/// Writes the row-wise softmax of `logits` into `probabilities` (resized to match).
void softmax_rows(const Tensor& logits, Tensor& probabilities);

/// Builds an activation layer by name: relu, leaky_relu, sigmoid, tanh, identity (or linear,
/// none), elu, gelu, softplus, softmax. Throws naming the choices for an unknown name.
std::unique_ptr<Layer> make_activation(const std::string& name);

/// The names make_activation knows (without the aliases leakyrelu, linear and none).
std::vector<std::string> activation_names();

template <typename Derived>
const Tensor& ElementwiseActivation<Derived>::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "activation backward: dY vs Y");
  grad_input_.resize(output_.shape());
  const float* z = input_->data();
  const float* y = output_.data();
  const float* dy = grad_output.data();
  float* dz = grad_input_.data();
  const auto& self = static_cast<const Derived&>(*this);
  for (std::size_t i = 0, n = output_.size(); i < n; ++i) dz[i] = dy[i] * self.df(z[i], y[i]);
  return grad_input_;
}

}  // namespace axon
