// Regression losses: option checks (the formulas are inline in the header).
#include "axon/losses/regression_losses.hpp"

#include "axon/tensor/error.hpp"

namespace axon {

Huber::Huber(float delta, Reduction reduction) : ElementwiseLoss(reduction), delta_(delta) {
  check(std::isfinite(delta) && delta > 0.0f, "huber: delta must be > 0, got {}", delta);
}

std::string Huber::spec() const { return fmt::format("huber:{}", delta_); }

}  // namespace axon
