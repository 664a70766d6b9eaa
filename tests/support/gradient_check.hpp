// Finite-difference gradient checks shared by every layer, loss and model test.
//
// Central differences, (f(x + h) - f(x - h)) / 2h, with the scalar f summed in double. In float32
// the truncation error is ~h^2 |f'''| / 6 and the rounding error ~ulp(f) / h; h = 1e-2 balances
// the two at roughly 1e-4 relative for the smooth functions tested here, so a tolerance of
// 1e-3 absolute + 1e-2 relative passes every correct gradient and fails any wrong term (a missing
// factor or a wrong sign is an O(1) error). Inputs are kept away from kinks (relu at 0) by the
// callers.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "axon/layers/layer.hpp"
#include "axon/losses/loss.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::testing {

struct GradientTolerance {
  double step = 1e-2;
  double absolute = 1e-3;
  double relative = 1e-2;
};

/// Compares `analytic` with central differences of `f` with respect to each entry of `variables`
/// (modified in place and restored). Adds a gtest failure naming `what` and the worst entry.
void expect_gradient_matches(const std::function<double()>& f, std::span<float> variables,
                             std::span<const float> analytic, const std::string& what,
                             GradientTolerance tolerance = {});

/// Checks dX and every parameter gradient of `layer` at input `x`, through the scalar
/// f = sum(G * layer.forward(x)) for a fixed random G. `training` is passed to forward.
void expect_layer_gradients(Layer& layer, Tensor x, bool training = true,
                            GradientTolerance tolerance = {});

/// Checks loss.backward against differences of loss.forward with respect to the prediction.
void expect_loss_gradient(Loss& loss, Tensor prediction, const Tensor& target,
                          GradientTolerance tolerance = {});

/// A tensor of `shape` with entries uniform in [low, high), from `seed`.
Tensor random_tensor(const Shape& shape, float low, float high, std::uint64_t seed);

/// Like random_tensor, but every entry at least `gap` away from zero (for kinks at 0).
Tensor random_tensor_away_from_zero(const Shape& shape, float magnitude, float gap,
                                    std::uint64_t seed);

}  // namespace axon::testing
