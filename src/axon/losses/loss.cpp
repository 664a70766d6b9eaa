// make_loss: builds any of axon's losses from its name, as the command line and config files give
// it.
#include "axon/losses/loss.hpp"

#include <charconv>
#include <cmath>

#include "axon/losses/binary_losses.hpp"
#include "axon/losses/categorical_losses.hpp"
#include "axon/losses/kl_divergence.hpp"
#include "axon/losses/regression_losses.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

/// The DELTA of "huber:DELTA", which must be a whole number or decimal.
float parse_huber_delta(const std::string& name, const std::string& text) {
  float delta = 0.0f;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, delta);
  check(!text.empty() && error == std::errc() && stop == end,
        "loss '{}': huber's delta must be a number, as in huber:1.5; got '{}'", name, text);
  return delta;
}

}  // namespace

std::unique_ptr<Loss> make_loss(const std::string& name, Reduction reduction) {
  if (name == "mse") return std::make_unique<MSE>(reduction);
  if (name == "half_mse") return std::make_unique<HalfMSE>(reduction);
  if (name == "mae") return std::make_unique<MAE>(reduction);
  if (name == "huber") return std::make_unique<Huber>(1.0f, reduction);
  if (name.starts_with("huber:"))
    return std::make_unique<Huber>(parse_huber_delta(name, name.substr(6)), reduction);
  if (name == "bce" || name == "binary_crossentropy")
    return std::make_unique<BinaryCrossEntropy>(reduction);
  if (name == "bce_logits") return std::make_unique<BinaryCrossEntropyWithLogits>(reduction);
  if (name == "categorical_crossentropy")
    return std::make_unique<CategoricalCrossEntropy>(reduction);
  if (name == "sparse_categorical_crossentropy")
    return std::make_unique<SparseCategoricalCrossEntropy>(reduction);
  if (name == "cross_entropy") return std::make_unique<CrossEntropy>(reduction);
  if (name == "softmax_cross_entropy") return std::make_unique<SoftmaxCrossEntropy>(reduction);
  if (name == "hinge") return std::make_unique<Hinge>(reduction);
  if (name == "kl_div") return std::make_unique<KLDivergence>(reduction);
  throw Error(fmt::format(
      "unknown loss '{}' (expected mse, half_mse, mae, huber, huber:DELTA, bce, "
      "binary_crossentropy, bce_logits, categorical_crossentropy, "
      "sparse_categorical_crossentropy, cross_entropy, softmax_cross_entropy, hinge or kl_div)",
      name));
}

}  // namespace axon
