// Preprocessing: the transform of raw inputs and of regression targets.
#include "axon/io/preprocessing.hpp"

#include <cmath>

#include "axon/data/standardizer.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

void check_target_width(const std::vector<float>& mean, const Tensor& t) {
  check(mean.size() == t.cols(), "{} target columns but the model's target scaling has {}",
        t.cols(), mean.size());
}

}  // namespace

void Preprocessing::apply(Tensor& inputs) const {
  if (pixel_scale != 1.0f)
    for (float& v : inputs.values()) v *= pixel_scale;
  if (mean.empty()) return;
  check(mean.size() == inputs.cols(), "the data has {} features but the model was trained on {}",
        inputs.cols(), mean.size());
  for (std::size_t i = 0; i < inputs.rows(); ++i) {
    float* row = inputs.row(i);
    for (std::size_t j = 0; j < mean.size(); ++j)
      if (std::isnan(row[j])) row[j] = mean[j];
  }
  data::Standardizer(mean, stddev).transform(inputs);
}

void Preprocessing::scale_targets(Tensor& targets) const {
  if (target_mean.empty()) return;
  check_target_width(target_mean, targets);
  data::Standardizer(target_mean, target_stddev).transform(targets);
}

void Preprocessing::restore_targets(Tensor& outputs) const {
  if (target_mean.empty()) return;
  check_target_width(target_mean, outputs);
  data::Standardizer(target_mean, target_stddev).inverse_transform(outputs);
}

std::string Preprocessing::class_name(std::size_t k) const {
  return k < class_names.size() ? class_names[k] : std::to_string(k);
}

std::size_t Preprocessing::encoded_width() const {
  std::size_t width = 0;
  for (const FeatureColumn& c : columns) width += c.categories.empty() ? 1 : c.categories.size();
  return width;
}

}  // namespace axon
