// Argument checks shared by the losses.
#include "axon/losses/loss_checks.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon::detail {

void check_batch(const Loss& loss, const Tensor& prediction) {
  if (prediction.rank() == 0)
    throw Error(fmt::format("{}: prediction has no batch axis (shape {})", loss.name(),
                            prediction.shape().to_string()));
  if (prediction.empty())
    throw Error(fmt::format("{}: empty batch, prediction shape {}", loss.name(),
                            prediction.shape().to_string()));
}

void check_same_layout(const Loss& loss, const Tensor& prediction, const Tensor& target) {
  check_batch(loss, prediction);
  if (target.rank() == 0 || target.rows() != prediction.rows() ||
      target.cols() != prediction.cols())
    throw Error(fmt::format("{}: prediction shape {} does not match target shape {}", loss.name(),
                            prediction.shape().to_string(), target.shape().to_string()));
}

void check_index_layout(const Loss& loss, const Tensor& prediction, const Tensor& target) {
  check_batch(loss, prediction);
  if (target.rank() == 0 || target.rank() > 2 || target.rows() != prediction.rows() ||
      target.cols() != 1)
    throw Error(fmt::format(
        "{}: class-index targets must be shaped (N) or (N, 1) with N = {} rows of the prediction; "
        "prediction shape {}, target shape {}",
        loss.name(), prediction.rows(), prediction.shape().to_string(),
        target.shape().to_string()));
}

std::size_t class_index(const Loss& loss, const Tensor& target, std::size_t row,
                        std::size_t classes) {
  const float value = target[row];
  // Written so that NaN fails too.
  if (!(value >= 0.0f && value < static_cast<float>(classes) && value == std::floor(value)))
    throw Error(fmt::format("{}: target {} in row {} is not a class index in [0, {})", loss.name(),
                            value, row, classes));
  return static_cast<std::size_t>(value);
}

}  // namespace axon::detail
