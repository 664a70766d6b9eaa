// Unflatten: a copy with the shape changed, both ways.
#include "axon/layers/unflatten.hpp"

#include <algorithm>

#include "axon/layers/sample_shape.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

Unflatten::Unflatten(std::size_t channels, std::size_t height, std::size_t width) {
  check(channels > 0 && height > 0 && width > 0,
        "unflatten: channels, height and width must be > 0, got ({}, {}, {})", channels, height,
        width);
  image_ = Shape{channels, height, width};
}

std::vector<ConfigField> Unflatten::config_fields() {
  return {{"channels", ConfigKind::kCount},
          {"height", ConfigKind::kCount},
          {"width", ConfigKind::kCount}};
}

LayerConfig Unflatten::config() const {
  return {{"channels", image_[0]}, {"height", image_[1]}, {"width", image_[2]}};
}

std::unique_ptr<Layer> Unflatten::from_config(const LayerConfig& c) {
  return std::make_unique<Unflatten>(c.count("channels"), c.count("height"), c.count("width"));
}

Shape Unflatten::output_shape(const Shape& input) const {
  check(input.numel() == image_.numel(), "unflatten{}: expects {} values per sample, got {}",
        image_, image_.numel(), input);
  return image_;
}

const Tensor& Unflatten::forward(const Tensor& x, bool /*training*/) {
  output_shape(sample_shape(x.shape()));
  input_shape_ = x.shape();
  output_.resize(batch_shape(x.rows(), image_));
  std::copy_n(x.data(), x.size(), output_.data());
  return output_;
}

const Tensor& Unflatten::backward(const Tensor& grad_output) {
  check_same_shape(grad_output.shape(), output_.shape(), "unflatten backward: dY vs Y");
  grad_input_.resize(input_shape_);
  std::copy_n(grad_output.data(), grad_output.size(), grad_input_.data());
  return grad_input_;
}

}  // namespace axon
