// Architecture strings: split into layers, each read into its layer, shapes followed as they go.
#include "axon/model/architecture.hpp"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/layers/activations.hpp"
#include "axon/layers/avg_pool2d.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr const char* kForms =
    "conv FILTERS KERNEL [ACTIVATION] [stride=S] [padding=P] [dilation=D] [bias=0], "
    "maxpool KERNEL [stride=S], avgpool KERNEL [stride=S], globalavgpool, dense UNITS "
    "[ACTIVATION] [bias=0], dropout P, batchnorm, flatten, or an activation";

// One layer's text: its words after the name, split into numbers, an activation and settings.
struct LayerText {
  std::string name;
  std::vector<std::string> numbers;  // the positional words
  std::string activation;            // a word naming an activation, or empty
  std::map<std::string, std::string> settings;
};

std::size_t parse_count(const std::string& word, const char* what) {
  std::size_t value = 0;
  const char* end = word.data() + word.size();
  const auto result = std::from_chars(word.data(), end, value);
  check(!word.empty() && result.ec == std::errc() && result.ptr == end && value > 0,
        "{} must be a count > 0, got '{}'", what, word);
  return value;
}

// "3" is 3x3, "3x1" is 3 rows by 1 column.
Size2 parse_size(const std::string& word, const char* what) {
  const std::size_t x = word.find('x');
  if (x == std::string::npos) return parse_count(word, what);
  return {parse_count(word.substr(0, x), what), parse_count(word.substr(x + 1), what)};
}

// "valid", "same", "1" or "1x2" (commas separate layers here, so PHxPW stands for PH,PW).
Padding parse_padding(std::string word) {
  const std::size_t x = word.find('x');
  if (x != std::string::npos) word[x] = ',';
  return Padding::parse(word);
}

float parse_real(const std::string& word, const char* what) {
  char* end = nullptr;
  const float value = std::strtof(word.c_str(), &end);
  check(!word.empty() && end == word.c_str() + word.size(), "{} must be a number, got '{}'", what,
        word);
  return value;
}

bool is_activation(const std::string& word) {
  for (const std::string& name : activation_names())
    if (word == name) return true;
  return word == "linear" || word == "none" || word == "leakyrelu";
}

LayerText split_layer(const std::string& text) {
  std::istringstream words(text);
  LayerText layer;
  words >> layer.name;
  for (std::string word; words >> word;) {
    const std::size_t eq = word.find('=');
    if (eq != std::string::npos) {
      check(layer.settings.emplace(word.substr(0, eq), word.substr(eq + 1)).second,
            "setting '{}' is given twice", word.substr(0, eq));
    } else if (is_activation(word)) {
      check(layer.activation.empty(), "two activations, '{}' and '{}'", layer.activation, word);
      layer.activation = word;
    } else {
      layer.numbers.push_back(word);
    }
  }
  return layer;
}

// Checks the layer got `count` numbers and only the settings in `allowed`.
void expect_form(const LayerText& t, std::size_t count, std::initializer_list<const char*> allowed,
                 bool activation, const char* form) {
  check(t.numbers.size() == count, "{} takes {} number{} ('{}'), got {}: '{}'", t.name, count,
        count == 1 ? "" : "s", form, t.numbers.size(), fmt::join(t.numbers, " "));
  check(activation || t.activation.empty(), "{} takes no activation, got '{}'", t.name,
        t.activation);
  for (const auto& entry : t.settings) {
    bool known = false;
    for (const char* key : allowed) known = known || entry.first == key;
    check(known, "{} has no setting '{}' (form: '{}')", t.name, entry.first, form);
  }
}

std::string setting(const LayerText& t, const std::string& key, const std::string& fallback) {
  auto it = t.settings.find(key);
  return it == t.settings.end() ? fallback : it->second;
}

bool flag_setting(const LayerText& t, const std::string& key) {
  const std::string value = setting(t, key, "1");
  check(value == "0" || value == "1", "{} must be 0 or 1, got '{}'", key, value);
  return value == "1";
}

// The layers one text makes, for a sample of `shape` coming in.
std::vector<std::unique_ptr<Layer>> make_layers(const LayerText& t, const Shape& shape) {
  std::vector<std::unique_ptr<Layer>> out;
  if (t.name == "conv") {
    const char* form = "conv FILTERS KERNEL [ACTIVATION] [stride=S] [padding=P] [dilation=D]";
    expect_form(t, 2, {"stride", "padding", "dilation", "bias"}, true, form);
    check(shape.rank() == 3,
          "conv needs images coming in, got samples of shape {}: give the input shape as "
          "(channels, height, width)",
          shape);
    out.push_back(std::make_unique<Conv2D>(
        shape[0], parse_count(t.numbers[0], "conv's FILTERS"),
        Conv2DOptions{.kernel = parse_size(t.numbers[1], "conv's KERNEL"),
                      .stride = parse_size(setting(t, "stride", "1"), "stride"),
                      .padding = parse_padding(setting(t, "padding", "valid")),
                      .dilation = parse_size(setting(t, "dilation", "1"), "dilation"),
                      .bias = flag_setting(t, "bias")}));
  } else if (t.name == "maxpool" || t.name == "avgpool") {
    expect_form(t, 1, {"stride"}, false, "maxpool KERNEL [stride=S]");
    const Size2 kernel = parse_size(t.numbers[0], "the pool's KERNEL");
    const Size2 stride =
        t.settings.contains("stride") ? parse_size(t.settings.at("stride"), "stride") : Size2(0);
    if (t.name == "maxpool")
      out.push_back(std::make_unique<MaxPool2D>(kernel, stride));
    else
      out.push_back(std::make_unique<AvgPool2D>(kernel, stride));
  } else if (t.name == "globalavgpool" || t.name == "flatten" || t.name == "batchnorm") {
    expect_form(t, 0, {}, false, t.name.c_str());
    if (t.name == "globalavgpool") out.push_back(std::make_unique<GlobalAvgPool2D>());
    if (t.name == "flatten") out.push_back(std::make_unique<Flatten>());
    if (t.name == "batchnorm" && shape.rank() == 3)
      out.push_back(std::make_unique<BatchNorm2D>(shape[0]));
    else if (t.name == "batchnorm")
      out.push_back(std::make_unique<BatchNorm>(shape.numel()));
  } else if (t.name == "dense") {
    expect_form(t, 1, {"bias"}, true, "dense UNITS [ACTIVATION] [bias=0]");
    out.push_back(std::make_unique<Dense>(shape.numel(), parse_count(t.numbers[0], "dense's UNITS"),
                                          DenseOptions{.bias = flag_setting(t, "bias")}));
  } else if (t.name == "dropout") {
    expect_form(t, 1, {}, false, "dropout P");
    out.push_back(std::make_unique<Dropout>(parse_real(t.numbers[0], "dropout's P")));
  } else if (is_activation(t.name)) {
    expect_form(t, 0, {}, false, t.name.c_str());
    out.push_back(make_activation(t.name));
  } else {
    throw Error(fmt::format("unknown layer '{}'; the forms are: {}", t.name, kForms));
  }
  if (!t.activation.empty()) out.push_back(make_activation(t.activation));
  return out;
}

}  // namespace

Sequential parse_architecture(const std::string& spec, const Shape& input_shape,
                              std::uint64_t seed) {
  check(input_shape.rank() == 1 || input_shape.rank() == 3,
        "architecture: the input shape must be (features) or (channels, height, width), got {}",
        input_shape);
  check(input_shape.numel() > 0, "architecture: the input shape {} is empty", input_shape);
  Sequential model(seed);
  Shape shape = input_shape;
  if (shape.rank() == 3) model.add(std::make_unique<Unflatten>(shape[0], shape[1], shape[2]));
  std::size_t number = 0;
  for (std::size_t start = 0; start <= spec.size(); ++number) {
    std::size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string text = spec.substr(start, comma - start);
    start = comma + 1;
    const std::size_t first = text.find_first_not_of(" \t");
    const std::string trimmed = first == std::string::npos
                                    ? ""
                                    : text.substr(first, text.find_last_not_of(" \t") + 1 - first);
    try {
      check(!trimmed.empty(), "is empty");
      for (auto& layer : make_layers(split_layer(trimmed), shape)) {
        shape = layer->output_shape(shape);
        model.add(std::move(layer));
      }
    } catch (const Error& e) {
      throw Error(fmt::format("architecture: layer {} ('{}'): {}", number + 1, trimmed, e.what()));
    }
  }
  return model;
}

}  // namespace axon
