// State_dict names and shapes, both ways.
#include "axon/io/npz_weights.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/io/file_bytes.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

/// One array a model holds: where its values live and the shape PyTorch gives it.
struct Slot {
  std::string name;
  std::vector<std::size_t> shape;
  float* values;
};

// PyTorch's index of layer i: an image model's leading Unflatten (rows to images) has no
// counterpart in the nn.Sequential, which takes (N, C, H, W) images.
std::size_t torch_index(Sequential& model, std::size_t i) {
  const bool unflattens = model.size() > 0 && dynamic_cast<Unflatten*>(&model.layer(0)) != nullptr;
  return unflattens && i > 0 ? i - 1 : i;
}

bool counts_batches(Layer& layer) {
  return dynamic_cast<BatchNorm*>(&layer) != nullptr ||
         dynamic_cast<BatchNorm2D*>(&layer) != nullptr;
}

std::vector<std::size_t> dims(const Shape& shape) {
  std::vector<std::size_t> d;
  for (std::size_t i = 0; i < shape.rank(); ++i) d.push_back(shape[i]);
  return d;
}

std::vector<Slot> slots(Sequential& model) {
  std::vector<Slot> all;
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    const std::size_t t = torch_index(model, i);
    for (Parameter& p : layer.parameters())
      all.push_back({fmt::format("{}.{}", t, p.name), dims(p.shape), p.value});
    std::vector<Tensor*> buffers = layer.buffers();
    for (std::size_t b = 0; b < buffers.size(); ++b)
      all.push_back({fmt::format("{}.{}", t, layer.buffer_name(b)), dims(buffers[b]->shape()),
                     buffers[b]->data()});
  }
  return all;
}

bool is_batch_norm(Sequential& model, const std::string& name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos || name.substr(dot) != ".num_batches_tracked") return false;
  const std::string index = name.substr(0, dot);
  if (index.empty() || index.size() > 9 ||
      !std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const std::size_t t = std::stoul(index);
  for (std::size_t i = 0; i < model.size(); ++i)
    if (torch_index(model, i) == t && counts_batches(model.layer(i))) return true;
  return false;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  return fmt::format("({})", fmt::join(shape, ", "));
}

}  // namespace

std::vector<NamedArray> state_dict_arrays(Sequential& model) {
  std::vector<NamedArray> arrays;
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    const std::size_t t = torch_index(model, i);
    for (Parameter& p : layer.parameters())
      arrays.push_back({fmt::format("{}.{}", t, p.name), dims(p.shape),
                        std::vector<float>(p.value, p.value + p.size()), false});
    std::vector<Tensor*> buffers = layer.buffers();
    for (std::size_t b = 0; b < buffers.size(); ++b)
      arrays.push_back(
          {fmt::format("{}.{}", t, layer.buffer_name(b)), dims(buffers[b]->shape()),
           std::vector<float>(buffers[b]->data(), buffers[b]->data() + buffers[b]->size()), false});
    if (counts_batches(layer))
      arrays.push_back({fmt::format("{}.num_batches_tracked", t), {}, {0.0f}, true});
  }
  return arrays;
}

void export_npz(const std::string& path, Sequential& model) {
  check_output_file(path);
  write_file_atomically(path, npz_bytes(state_dict_arrays(model)));
}

void load_state_dict_arrays(Sequential& model, const std::vector<NamedArray>& arrays,
                            const std::string& source) {
  const std::vector<Slot> needed = slots(model);
  std::vector<const NamedArray*> found(needed.size(), nullptr);
  for (const NamedArray& a : arrays) {
    const auto slot = std::find_if(needed.begin(), needed.end(),
                                   [&a](const Slot& s) { return s.name == a.name; });
    if (slot == needed.end()) {
      if (is_batch_norm(model, a.name)) continue;  // PyTorch's counter: nothing to set
      std::vector<std::string> names;
      for (const Slot& s : needed) names.push_back(s.name);
      throw Error(fmt::format("'{}': the model has no array '{}' (it has {})", source, a.name,
                              fmt::join(names, ", ")));
    }
    const std::size_t k = static_cast<std::size_t>(slot - needed.begin());
    check(found[k] == nullptr, "'{}': array '{}' appears twice", source, a.name);
    check(a.shape == slot->shape, "'{}': array '{}' has shape {} but the model's is {}", source,
          a.name, shape_text(a.shape), shape_text(slot->shape));
    check(!a.integer, "'{}': array '{}' holds integers, not floats", source, a.name);
    check(std::all_of(a.values.begin(), a.values.end(), [](float v) { return std::isfinite(v); }),
          "'{}': array '{}' holds NaN or infinite values", source, a.name);
    check(!a.name.ends_with(".running_var") ||
              std::all_of(a.values.begin(), a.values.end(), [](float v) { return v >= 0.0f; }),
          "'{}': array '{}' holds a negative variance", source, a.name);
    found[k] = &a;
  }
  for (std::size_t k = 0; k < needed.size(); ++k)
    check(found[k] != nullptr, "'{}': array '{}' of shape {} is missing", source, needed[k].name,
          shape_text(needed[k].shape));
  for (std::size_t k = 0; k < needed.size(); ++k)
    std::copy(found[k]->values.begin(), found[k]->values.end(), needed[k].values);
}

void import_npz(const std::string& path, Sequential& model) {
  load_state_dict_arrays(model, npz_named_arrays(read_file_bytes(path), path), path);
}

}  // namespace axon
