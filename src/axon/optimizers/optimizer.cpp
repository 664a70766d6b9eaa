// Optimizer: learning-rate bookkeeping shared by every optimizer.
#include "axon/optimizers/optimizer.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"

namespace axon {

Optimizer::Optimizer(float learning_rate) : learning_rate_(learning_rate) {
  set_learning_rate(learning_rate);
}

void Optimizer::set_learning_rate(float learning_rate) {
  check(std::isfinite(learning_rate) && learning_rate > 0.0f,
        "learning_rate must be > 0, got {}", learning_rate);
  learning_rate_ = learning_rate;
}

}  // namespace axon
