// Parameters are allocated once: layers declare their shapes, the model lays every one of them out
// in its single store when it is built, and a layer used on its own gets storage on first use.
#include <gtest/gtest.h>

#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/model/sequential.hpp"

namespace axon {
namespace {

TEST(ParameterLayout, ALayerDeclaresItsShapesWithoutAllocating) {
  Dense dense(4096, 4096);  // 16.8 million weights, declared only
  const Layer& declared = dense;
  EXPECT_FALSE(declared.has_storage());
  EXPECT_EQ(declared.parameter_count(), 4096u * 4096u + 4096u);
  for (const Parameter& p : declared.parameters()) EXPECT_EQ(p.value, nullptr) << p.name;
  BatchNorm norm(8);
  EXPECT_FALSE(norm.has_storage());
  EXPECT_EQ(norm.buffer_count(), 16u);
}

TEST(ParameterLayout, TheModelPointsEveryLayerIntoItsOneStore) {
  Sequential model(Dense(3, 5), BatchNorm(5), ReLU(), Dense(5, 2));
  model.build();
  const std::span<float> store = model.parameters().values();
  const std::span<float> grads = model.parameters().grads();
  float* expected = store.data();
  std::size_t grad_offset = 0;
  for (std::size_t i = 0; i < model.size(); ++i) {
    for (Parameter& p : model.layer(i).parameters()) {
      EXPECT_EQ(p.value, expected) << p.name << " of layer " << i;  // laid out in order
      EXPECT_EQ(p.grad, grads.data() + grad_offset);
      expected += p.size();
      grad_offset += p.size();
    }
  }
  EXPECT_EQ(expected, store.data() + store.size());
  EXPECT_EQ(model.layer<BatchNorm>(1).running_var()[0], 1.0f);  // buffers allocated, initialized
}

TEST(ParameterLayout, BuildingInitializesFromTheModelSeedOnly) {
  // The same seed gives the same weights whether or not a layer was used on its own first.
  Dense used(2, 2);
  used.forward(Tensor(Shape{1, 2}, {1.0f, 1.0f}), false);  // gets storage of its own (seed 0)
  ASSERT_TRUE(used.has_storage());
  Sequential a(std::move(used));
  Sequential b(Dense(2, 2));
  a.build();
  b.build();
  for (std::size_t i = 0; i < a.parameter_count(); ++i)
    EXPECT_EQ(a.parameters().values()[i], b.parameters().values()[i]);
}

TEST(ParameterLayout, ALayerOnItsOwnWorksAfterFirstUse) {
  Dense neuron(2, 1);
  neuron.weight().value[0] = 0.5f;
  neuron.weight().value[1] = -1.0f;
  neuron.bias().value[0] = 0.25f;
  const Tensor& z = neuron.forward(Tensor(Shape{1, 2}, {2.0f, 1.0f}), false);
  EXPECT_FLOAT_EQ(z[0], 0.5f * 2.0f - 1.0f + 0.25f);
}

}  // namespace
}  // namespace axon
