// Preprocessing: the transform of raw inputs.
#include "axon/io/preprocessing.hpp"

#include "axon/data/standardizer.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

void Preprocessing::apply(Tensor& inputs) const {
  if (pixel_scale != 1.0f)
    for (float& v : inputs.values()) v *= pixel_scale;
  if (mean.empty()) return;
  check(mean.size() == inputs.cols(), "the data has {} features but the model was trained on {}",
        inputs.cols(), mean.size());
  data::Standardizer(mean, stddev).transform(inputs);
}

}  // namespace axon
