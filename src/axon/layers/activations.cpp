// Activation layers: parameter checks, softmax and the by-name factory.
#include "axon/layers/activations.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/tensor/error.hpp"
#include "axon/tensor/vector_clones.hpp"

namespace axon {

LeakyReLU::LeakyReLU(float negative_slope) : slope_(negative_slope) {
  check(std::isfinite(negative_slope) && negative_slope >= 0.0f,
        "leaky_relu: negative_slope must be >= 0, got {}", negative_slope);
}

ELU::ELU(float alpha) : alpha_(alpha) {
  check(std::isfinite(alpha) && alpha > 0.0f, "elu: alpha must be > 0, got {}", alpha);
}

AXON_VECTOR_CLONES
void relu_backward(const float* z, const float* dy, float* dz, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dz[i] = z[i] > 0.0f ? dy[i] : 0.0f;
}

const Tensor& ReLU::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "activation backward: dY vs Y");
  grad_input_.resize(output_.shape());
  relu_backward(input_->data(), grad_output.data(), grad_input_.data(), output_.size());
  return grad_input_;
}

void softmax_rows(const Tensor& logits, Tensor& probabilities) {
  probabilities.resize(logits.shape());
  const std::size_t n = logits.rows(), k = logits.cols();
  for (std::size_t i = 0; i < n; ++i) {
    const float* z = logits.row(i);
    float* y = probabilities.row(i);
    const float m = *std::max_element(z, z + k);
    float sum = 0.0f;
    for (std::size_t j = 0; j < k; ++j) {
      y[j] = std::exp(z[j] - m);
      sum += y[j];
    }
    const float inv = 1.0f / sum;
    for (std::size_t j = 0; j < k; ++j) y[j] *= inv;
  }
}

const Tensor& Softmax::forward(const Tensor& x, bool /*training*/) {
  softmax_rows(x, output_);
  return output_;
}

const Tensor& Softmax::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "softmax backward: dY vs Y");
  grad_input_.resize(output_.shape());
  const std::size_t n = output_.rows(), k = output_.cols();
  for (std::size_t i = 0; i < n; ++i) {
    const float* y = output_.row(i);
    const float* dy = grad_output.row(i);
    float* dz = grad_input_.row(i);
    float dot = 0.0f;
    for (std::size_t j = 0; j < k; ++j) dot += dy[j] * y[j];
    for (std::size_t j = 0; j < k; ++j) dz[j] = y[j] * (dy[j] - dot);
  }
  return grad_input_;
}

namespace {

struct ActivationMaker {
  const char* name;
  std::unique_ptr<Layer> (*make)();
};

template <typename L>
std::unique_ptr<Layer> make_layer() {
  return std::make_unique<L>();
}

// Every name make_activation knows; the first spelling of each kind is the one listed.
constexpr ActivationMaker kActivations[] = {
    {"relu", make_layer<ReLU>},         {"leaky_relu", make_layer<LeakyReLU>},
    {"sigmoid", make_layer<Sigmoid>},   {"tanh", make_layer<Tanh>},
    {"elu", make_layer<ELU>},           {"gelu", make_layer<GELU>},
    {"softplus", make_layer<Softplus>}, {"softmax", make_layer<Softmax>},
    {"identity", make_layer<Identity>}, {"leakyrelu", make_layer<LeakyReLU>},
    {"linear", make_layer<Identity>},   {"none", make_layer<Identity>},
};
constexpr std::size_t kListed = 9;  // the entries before the aliases

}  // namespace

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < kListed; ++i) names.emplace_back(kActivations[i].name);
  return names;
}

std::unique_ptr<Layer> make_activation(const std::string& name) {
  for (const ActivationMaker& a : kActivations)
    if (name == a.name) return a.make();
  throw Error(fmt::format("unknown activation '{}' (expected one of {})", name,
                          fmt::join(activation_names(), ", ")));
}

}  // namespace axon
