// Finite-difference gradient checks.
#include "support/gradient_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace axon::testing {

void expect_gradient_matches(const std::function<double()>& f, std::span<float> variables,
                             std::span<const float> analytic, const std::string& what,
                             GradientTolerance tolerance) {
  ASSERT_EQ(variables.size(), analytic.size()) << what;
  double worst_excess = 0.0;
  std::size_t worst = 0;
  double worst_numeric = 0.0;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const float saved = variables[i];
    variables[i] = saved + static_cast<float>(tolerance.step);
    const double plus = f();
    variables[i] = saved - static_cast<float>(tolerance.step);
    const double minus = f();
    variables[i] = saved;
    // The step actually taken, after rounding to float.
    const double h = (static_cast<double>(saved + static_cast<float>(tolerance.step)) -
                      static_cast<double>(saved - static_cast<float>(tolerance.step)));
    const double numeric = (plus - minus) / h;
    const double allowed = tolerance.absolute + tolerance.relative * std::abs(numeric);
    const double excess = std::abs(numeric - analytic[i]) / allowed;
    if (excess > worst_excess) {
      worst_excess = excess;
      worst = i;
      worst_numeric = numeric;
    }
  }
  EXPECT_LE(worst_excess, 1.0) << what << ": entry " << worst << " analytic " << analytic[worst]
                               << " vs numeric " << worst_numeric;
}

void expect_layer_gradients(Layer& layer, Tensor x, bool training, GradientTolerance tolerance) {
  const Tensor& y0 = layer.forward(x, training);
  const Tensor g = random_tensor(y0.shape(), -1.0f, 1.0f, 1234);
  auto f = [&]() {
    const Tensor& y = layer.forward(x, training);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += static_cast<double>(g[i]) * y[i];
    return sum;
  };
  // Analytic gradients at x.
  layer.zero_grad();
  layer.forward(x, training);
  const Tensor dx = layer.backward(g);
  std::vector<std::vector<float>> parameter_grads;
  for (Parameter& p : layer.parameters()) parameter_grads.emplace_back(p.grad, p.grad + p.size());

  if (layer.needs_input_grad())
    expect_gradient_matches(f, x.values(), dx.values(), layer.name() + " dX", tolerance);
  for (std::size_t k = 0; k < layer.parameters().size(); ++k) {
    Parameter& p = layer.parameters()[k];
    expect_gradient_matches(f, p.values(), parameter_grads[k], layer.name() + " d" + p.name,
                            tolerance);
  }
}

void expect_loss_gradient(Loss& loss, Tensor prediction, const Tensor& target,
                          GradientTolerance tolerance) {
  Tensor grad;
  loss.backward(prediction, target, grad);
  ASSERT_EQ(grad.shape(), prediction.shape()) << loss.name();
  auto f = [&]() { return static_cast<double>(loss.forward(prediction, target)); };
  expect_gradient_matches(f, prediction.values(), grad.values(), loss.name() + " dA", tolerance);
}

Tensor random_tensor(const Shape& shape, float low, float high, std::uint64_t seed) {
  Rng rng(seed);
  Tensor t(shape);
  for (float& v : t.values()) v = rng.uniform(low, high);
  return t;
}

Tensor random_tensor_away_from_zero(const Shape& shape, float magnitude, float gap,
                                    std::uint64_t seed) {
  Rng rng(seed);
  Tensor t(shape);
  for (float& v : t.values()) {
    const float m = rng.uniform(gap, magnitude);
    v = rng.uniform() < 0.5f ? -m : m;
  }
  return t;
}

}  // namespace axon::testing
