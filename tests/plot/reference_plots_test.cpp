// The confusion-matrix heat map and the activation functions with their derivatives.
#include <gtest/gtest.h>

#include "axon/plot/activation_plot.hpp"
#include "axon/plot/confusion_matrix_plot.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

TEST(ConfusionMatrixPlot, DrawsCountsAndRowShares) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  const std::vector<std::size_t> counts = {8, 2, 0, 1, 9, 0, 0, 5, 5};
  ConfusionMatrix matrix(3);
  for (std::size_t i = 0; i < counts.size(); ++i) matrix.add(i / 3, i % 3, counts[i]);
  plot::confusion_matrix(matrix, {.path = dir.file("cm.png")}, {"cat", "dog", "bird"});
  test::expect_png(dir.file("cm.png"), 720, 600);
  const auto lines = test::read_lines(dir.file("cm.csv"));
  ASSERT_EQ(lines.size(), 10u);
  EXPECT_EQ(lines[0], "actual,predicted,count,row_fraction");
  EXPECT_EQ(lines[2], "0,1,2,0.2");
  EXPECT_EQ(lines[9], "2,2,5,0.5");
}

TEST(ActivationPlot, DrawsEveryActivationWithItsDerivative) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  plot::activations(plot::default_activation_names(), {.path = dir.file("activations.png")},
                    {.low = -2.0f, .high = 2.0f, .samples = 5});
  test::expect_png(dir.file("activations.png"), 1680, 760);
  const auto lines = test::read_lines(dir.file("activations.csv"));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].substr(0, 36), "z,relu,d_relu,leaky_relu,d_leaky_rel");
  // z = 0: relu 0, relu' 0; leaky 0, leaky' 0.01; sigmoid 0.5, sigmoid' 0.25; tanh 0, tanh' 1.
  EXPECT_EQ(lines[3].substr(0, 34), "0,0,0,0,0.01,0.5,0.25,0,1,0,1,0,0.");
}

TEST(ActivationPlot, RejectsSoftmaxAndUnknownNames) {
  EXPECT_THROW(plot::activations({"softmax"}, {.path = "unused.png"}), Error);
  EXPECT_THROW(plot::activations({"no_such"}, {.path = "unused.png"}), Error);
}

}  // namespace
}  // namespace axon
