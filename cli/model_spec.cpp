// --model: reading the architecture string and building it for the data's sample shape.
#include "model_spec.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "axon/layers/activations.hpp"
#include "axon/model/architecture.hpp"
#include "axon/tensor/error.hpp"

namespace axon::cli {
namespace {

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") + 1 - first);
}

// The first image layer the spec names (conv, maxpool, ...), or empty.
std::string image_layer(const std::string& spec) {
  std::istringstream layers(spec);
  for (std::string layer; std::getline(layers, layer, ',');) {
    std::istringstream words(layer);
    std::string name;
    words >> name;
    if (name == "conv" || name == "maxpool" || name == "avgpool" || name == "globalavgpool")
      return name;
  }
  return "";
}

}  // namespace

std::string read_model_spec(const std::string& value) {
  if (!value.starts_with('@')) {
    check(!trimmed(value).empty(), "--model is empty (expected layers such as \"dense 10\")");
    return value;
  }
  const std::string path = value.substr(1);
  std::ifstream in(path);
  check(in.good(), "--model @{}: cannot read '{}'", path, path);
  std::string spec;
  for (std::string line; std::getline(in, line);) {
    line = trimmed(line);
    if (line.empty() || line.starts_with('#')) continue;
    while (!line.empty() && line.back() == ',') line = trimmed(line.substr(0, line.size() - 1));
    spec += (spec.empty() ? "" : ", ") + line;
  }
  check(!spec.empty(), "--model @{}: '{}' holds no layers", path, path);
  return spec;
}

std::vector<std::size_t> image_shape(const std::vector<std::size_t>& sample_shape) {
  if (sample_shape.size() == 3) return sample_shape;
  if (sample_shape.size() == 2) return {1, sample_shape[0], sample_shape[1]};
  return {};
}

Sequential model_from_spec(const std::string& spec, const std::vector<std::size_t>& image,
                           std::size_t features, const std::string& source, std::uint64_t seed) {
  if (image.empty()) {
    const std::string layer = image_layer(spec);
    check(layer.empty(),
          "--model has a {} layer, which needs images, but --data '{}' gives rows of {} "
          "features, not images (use image data: fashion-mnist, mnist:DIR, idx:DIR, cifar10:DIR "
          "or NumPy images; or dense layers only)",
          layer, source, features);
  }
  const Shape input = image.empty() ? Shape{features} : Shape{image[0], image[1], image[2]};
  try {
    Sequential model = parse_architecture(spec, input, seed);
    model.build(Shape{features});
    return model;
  } catch (const Error& e) {
    throw Error(fmt::format("--model: {}", e.what()));
  }
}

std::string final_activation(Sequential& model) {
  const std::string last = model.layer(model.size() - 1).name();
  const std::vector<std::string> names = activation_names();
  return std::find(names.begin(), names.end(), last) != names.end() ? last : "identity";
}

}  // namespace axon::cli
