// Sample shapes: dropping and adding the batch axis.
#include "axon/layers/sample_shape.hpp"

#include "axon/tensor/error.hpp"

namespace axon {

Shape sample_shape(const Shape& batch) {
  switch (batch.rank()) {
    case 0:
      return Shape();
    case 1:
      return Shape{1};
    case 2:
      return Shape{batch[1]};
    case 3:
      return Shape{batch[1], batch[2]};
    default:
      return Shape{batch[1], batch[2], batch[3]};
  }
}

Shape batch_shape(std::size_t rows, const Shape& sample) {
  check(sample.rank() < Shape::kMaxRank, "a batch of samples of shape {} has more than {} axes",
        sample, Shape::kMaxRank);
  switch (sample.rank()) {
    case 0:
      return Shape{rows};
    case 1:
      return Shape{rows, sample[0]};
    case 2:
      return Shape{rows, sample[0], sample[1]};
    default:
      return Shape{rows, sample[0], sample[1], sample[2]};
  }
}

}  // namespace axon
