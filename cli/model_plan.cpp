// ModelPlan: resolving `auto` sizes, output activation and loss against the data.
#include "model_plan.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon::cli {
namespace {

bool is_logit_loss(const std::string& loss) {
  return loss == "softmax_cross_entropy" || loss == "bce_logits" || loss == "hinge";
}

bool is_single_output_loss(const std::string& loss) {
  return loss == "bce" || loss == "binary_crossentropy" || loss == "bce_logits" || loss == "hinge";
}

// Wider than any layer that fits in memory; keeps the products of sizes far from overflowing.
constexpr std::size_t kMaxLayerSize = std::size_t{1} << 24;

std::size_t parse_size(const std::string& text, std::size_t position) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool digits = (error == std::errc() || error == std::errc::result_out_of_range) &&
                      end == text.data() + text.size() && !text.empty();
  check(digits && (value > 0 || error != std::errc()),
        "--layers: entry {} is '{}'; expected a positive size{}", position + 1, text,
        position == 0 ? " or auto" : "");
  check(error == std::errc() && value <= kMaxLayerSize,
        "--layers: entry {} is {}; a layer has at most {} units", position + 1, text,
        kMaxLayerSize);
  return value;
}

std::size_t output_size(const std::string& text, std::size_t position, const std::string& output,
                        const std::string& loss, const DataShape& data) {
  if (data.task == Task::kRegression) {
    const std::size_t size = text == "auto" ? data.targets : parse_size(text, position);
    check(size == data.targets,
          "--layers ends with {} but the regression data has {} target value(s) per sample", size,
          data.targets);
    return size;
  }
  const bool binary = data.classes <= 2;
  const bool single = binary && (output == "sigmoid" || is_single_output_loss(loss));
  if (text == "auto") return single ? 1 : std::max<std::size_t>(data.classes, 2);
  const std::size_t size = parse_size(text, position);
  check(size == data.classes || (size == 1 && binary) || (size == 2 && data.classes == 1),
        "--layers ends with {} but the data has {} classes (use {}{})", size, data.classes,
        data.classes, binary ? ", or 1 with a sigmoid output" : "");
  return size;
}

std::string output_activation(const std::string& output, const std::string& loss,
                              std::size_t outputs, Task task) {
  if (output != "auto") return output;
  if (task == Task::kRegression || is_logit_loss(loss)) return "identity";
  return outputs == 1 ? "sigmoid" : "softmax";
}

std::string loss_for(const std::string& loss, const std::string& output, std::size_t outputs,
                     Task task) {
  if (loss != "auto") return loss;
  if (task == Task::kRegression) return "mse";
  if (output == "softmax") return "cross_entropy";
  if (output == "sigmoid") return outputs == 1 ? "bce" : "mse";
  if (output == "identity" || output == "linear" || output == "none")
    return outputs == 1 ? "bce_logits" : "softmax_cross_entropy";
  return "mse";
}

bool takes_class_probabilities(const std::string& loss) {
  return loss == "cross_entropy" || loss == "categorical_crossentropy" ||
         loss == "sparse_categorical_crossentropy" || loss == "kl_div";
}

// A loss that cannot learn from the output activation or the task is rejected before training,
// saying what would fit; otherwise it would diverge to NaN or train on meaningless values.
void check_loss_fits(const ModelPlan& plan, const DataShape& data) {
  const std::string& loss = plan.loss;
  const std::size_t outputs = plan.sizes.back();
  if (data.task == Task::kRegression) {
    check(!takes_class_probabilities(loss) && !is_single_output_loss(loss) &&
              loss != "softmax_cross_entropy",
          "--loss {} is a classification loss but the data is regression (use mse, half_mse, "
          "mae or huber)",
          loss);
    check(plan.output != "softmax",
          "--output softmax makes outputs that sum to 1, which cannot fit regression targets "
          "(use identity, or auto)");
    return;
  }
  if (takes_class_probabilities(loss))
    check(plan.output == "softmax" && outputs >= 2,
          "--loss {} takes class probabilities: it needs --output softmax (or auto) and one "
          "output per class ({}), got --output {} with {} output(s)",
          loss, std::max<std::size_t>(data.classes, 2), plan.output, outputs);
  if (loss == "bce" || loss == "binary_crossentropy")
    check(plan.output == "sigmoid" || plan.output == "softmax",
          "--loss {} takes probabilities: use --output sigmoid (or auto), or --loss bce_logits "
          "with --output identity",
          loss);
  if (is_logit_loss(loss))
    check(plan.output == "identity" || plan.output == "linear" || plan.output == "none",
          "--loss {} takes raw scores (logits), not --output {}: use --output identity (or auto)",
          loss, plan.output);
  if (loss == "hinge")
    check(outputs == 1,
          "--loss hinge is for two classes with one output; the data has {} classes (use "
          "softmax_cross_entropy or cross_entropy)",
          data.classes);
}

}  // namespace

ModelPlan plan_model(const std::vector<std::string>& layers, const std::string& output,
                     const std::string& loss, const DataShape& data) {
  check(layers.size() >= 2, "--layers needs at least an input and an output size, got {}",
        layers.size());
  ModelPlan plan;
  const std::size_t input = layers.front() == "auto" ? data.features : parse_size(layers[0], 0);
  check(input == data.features, "--layers starts with {} but the data has {} features", input,
        data.features);
  plan.sizes.push_back(input);
  for (std::size_t i = 1; i + 1 < layers.size(); ++i)
    plan.sizes.push_back(parse_size(layers[i], i));
  const std::size_t outputs = output_size(layers.back(), layers.size() - 1, output, loss, data);
  plan.sizes.push_back(outputs);
  plan.output = output_activation(output, loss, outputs, data.task);
  plan.loss = loss_for(loss, plan.output, outputs, data.task);
  plan.one_hot = data.task == Task::kClassification && needs_one_hot(plan.loss, outputs);
  check_loss_fits(plan, data);
  return plan;
}

bool needs_one_hot(const std::string& loss, std::size_t outputs) {
  if (outputs == 1) return false;
  return loss != "cross_entropy" && loss != "sparse_categorical_crossentropy" &&
         loss != "softmax_cross_entropy";
}

Tensor encode_targets(const Tensor& labels, bool one_hot, std::size_t classes) {
  if (!one_hot) return labels;
  Tensor rows(Shape{labels.rows(), classes});
  for (std::size_t i = 0; i < labels.rows(); ++i) {
    const auto k = static_cast<std::size_t>(labels[i]);
    check(k < classes, "label {} in row {} is not below the class count {}", k, i + 1, classes);
    rows(i, k) = 1.0f;
  }
  return rows;
}

}  // namespace axon::cli
