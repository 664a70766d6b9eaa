// The decision boundary: a trained XOR network's grid and points, and the checks on its input.
#include "axon/plot/decision_boundary.hpp"

#include <gtest/gtest.h>

#include "axon/data/generators.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/train/trainer.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

TEST(DecisionBoundary, DrawsATrainedXorNetwork) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  Rng rng(3);
  const Dataset data = data::xor_gate(rng, {.copies = 25, .noise = 0.1f});
  Sequential model = Sequential::mlp({2, 8, 2}, {.activation = "tanh", .output = "softmax"});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.05f));
  Trainer(model, {.epochs = 60, .batch_size = 20}).fit(data);
  bool transformed = false;
  plot::decision_boundary(model, data.inputs, data.targets, {.path = dir.file("xor.png")},
                          {.resolution = 80,
                           .transform = [&](Tensor& x) { transformed = x.rows() == 80 * 80; },
                           .class_names = {"zero", "one"}});
  EXPECT_TRUE(transformed);
  test::expect_png(dir.file("xor.png"), 900, 700);
  const auto lines = test::read_lines(dir.file("xor.csv"));
  ASSERT_EQ(lines.size(), data.size() + 1);
  EXPECT_EQ(lines[0], "x,y,label");
}

TEST(DecisionBoundary, RejectsPointsThatAreNotTwoDimensional) {
  Sequential model = Sequential::mlp({3, 2});
  const Tensor points(Shape{4, 3}), labels(Shape{4, 1});
  EXPECT_THROW(plot::decision_boundary(model, points, labels, {.path = "unused.png"}), Error);
  const Tensor flat(Shape{4, 2}), short_labels(Shape{3, 1});
  EXPECT_THROW(plot::decision_boundary(model, flat, short_labels, {.path = "unused.png"}), Error);
}

}  // namespace
}  // namespace axon
