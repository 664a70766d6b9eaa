// ModelPlan: the network `axon train` builds, from the flags and what the data turned out to be.
//
//   input size      --layers' first entry, or the data's feature count when it is `auto`
//   output size     the class count (1 for two classes with a sigmoid, bce, bce_logits or hinge),
//                   or the target count for regression
//   output          softmax for several classes, sigmoid for one class output, identity for
//                   regression and for losses on logits (softmax_cross_entropy, bce_logits, hinge)
//   loss            cross_entropy after softmax, bce after sigmoid, softmax_cross_entropy or
//                   bce_logits after identity on classification, mse for regression
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "axon/io/preprocessing.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::cli {

/// --layers as parsed: sizes, the first and last possibly `auto` (unset).
struct LayerSizes {
  std::optional<std::size_t> input;
  std::vector<std::size_t> hidden;
  std::optional<std::size_t> output;
};

/// Reads --layers: at least two entries, each a positive size; the first and last may be `auto`.
/// Throws naming --layers and the entry.
LayerSizes parse_layer_sizes(const std::vector<std::string>& layers);

struct ModelPlan {
  std::vector<std::size_t> sizes;
  std::string output;  ///< output activation
  std::string loss;
  bool one_hot = false;  ///< targets as one-hot rows rather than class indices
};

struct DataShape {
  std::size_t features = 0;
  Task task = Task::kClassification;
  std::size_t classes = 0;  ///< classification
  std::size_t targets = 1;  ///< regression: values per sample
};

/// `output` and `loss` may be `auto`.
ModelPlan plan_model(const LayerSizes& layers, const std::string& output, const std::string& loss,
                     const DataShape& data);

/// Whether a classification loss reads one-hot rows rather than class indices.
bool needs_one_hot(const std::string& loss, std::size_t outputs);

/// Class indices (N, 1) as they go to the loss: unchanged, or one-hot rows (N, classes).
Tensor encode_targets(const Tensor& labels, bool one_hot, std::size_t classes);

}  // namespace axon::cli
