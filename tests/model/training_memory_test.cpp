// TrainingMemory: the estimate counts parameters, optimizer state and activations from declared
// sizes, and saturates instead of wrapping for sizes no machine has.
#include "axon/model/training_memory.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "axon/layers/dense.hpp"

namespace axon {
namespace {

TEST(TrainingMemory, CountsTheSeedMlpByHand) {
  Sequential model = Sequential::mlp({784, 128, 64, 10}, {.output = "softmax"});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.001f));
  const TrainingMemory memory = estimate_training_memory(model, 784, 128);
  const std::uint64_t parameters = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10;  // 109,386
  EXPECT_EQ(memory.parameters, parameters * 2 * 4);
  EXPECT_EQ(memory.optimizer_state, parameters * 2 * 4);  // m and v
  // dense 784->128, relu 128, dense 128->64, relu 64, dense 64->10, softmax 10: 3 N max(in, out)
  const std::uint64_t widths = 784 + 128 + 128 + 64 + 64 + 10;
  EXPECT_EQ(memory.activations, 3 * 128 * widths * 4);
  EXPECT_EQ(memory.total(), memory.parameters + memory.optimizer_state + memory.activations);
  EXPECT_FALSE(model.built());  // estimated before anything is allocated
}

TEST(TrainingMemory, SaturatesForSizesNoMachineHas) {
  Sequential model(Dense(std::size_t{1} << 28, std::size_t{1} << 28));
  const TrainingMemory memory =
      estimate_training_memory(model, std::size_t{1} << 28, std::size_t{1} << 62);
  EXPECT_EQ(memory.activations, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(memory.total(), std::numeric_limits<std::uint64_t>::max());
}

}  // namespace
}  // namespace axon
