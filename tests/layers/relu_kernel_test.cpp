// ReLU's vectorized backward (relu_backward, a select) against the plain formula dY * relu'(Z).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "axon/layers/activations.hpp"

namespace axon {
namespace {

TEST(ReluKernel, BackwardMatchesTheDerivativeFormula) {
  // 1,000 elements: the vector body and a scalar tail in every clone.
  Tensor z(Shape{8, 125}), dy(Shape{8, 125});
  Rng rng(11);
  for (float& v : z.values()) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : dy.values()) v = rng.uniform(-2.0f, 2.0f);
  z[0] = 0.0f;  // relu'(0) = 0, as in PyTorch
  z[1] = -0.0f;
  ReLU relu;
  relu.forward(z, true);
  const Tensor& dz = relu.backward(dy);
  for (std::size_t i = 0; i < z.size(); ++i)
    EXPECT_EQ(dz[i], dy[i] * relu.df(z[i], 0.0f)) << "element " << i << ", z = " << z[i];
}

TEST(ReluKernel, NaNGradientStaysOutOfUnitsThatAreOff) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor z(Shape{1, 3}, {-1.0f, 0.0f, 2.0f}), dy(Shape{1, 3}, {nan, nan, nan});
  ReLU relu;
  relu.forward(z, true);
  const Tensor& dz = relu.backward(dy);
  EXPECT_EQ(dz[0], 0.0f);
  EXPECT_EQ(dz[1], 0.0f);
  EXPECT_TRUE(std::isnan(dz[2]));
}

}  // namespace
}  // namespace axon
