// Pictures of images: the prediction grid (right green, wrong red) and first-layer weights.
#include <gtest/gtest.h>

#include "axon/plot/class_names.hpp"
#include "axon/plot/prediction_grid.hpp"
#include "axon/plot/weight_images.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

Tensor random_images(std::size_t count, std::size_t pixels) {
  Rng rng(9);
  Tensor images(Shape{count, pixels});
  for (float& v : images.values()) v = rng.uniform(0.0f, 1.0f);
  return images;
}

TEST(PredictionGrid, DrawsTwentyFiveLabelledImages) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  const Tensor images = random_images(30, 28 * 28);
  std::vector<std::size_t> actual(30), predicted(30);
  for (std::size_t i = 0; i < 30; ++i) actual[i] = i % 10, predicted[i] = (i % 4 == 0) ? 3 : i % 10;
  plot::prediction_grid(images, actual, predicted, {.path = dir.file("grid.png")},
                        {.class_names = plot::fashion_mnist_class_names()});
  test::expect_png(dir.file("grid.png"), 940, 1145, 100000);
  const auto lines = test::read_lines(dir.file("grid.csv"));
  ASSERT_EQ(lines.size(), 26u);
  EXPECT_EQ(lines[0], "index,actual,predicted,actual_name,predicted_name,correct");
  EXPECT_EQ(lines[1], "0,0,3,T-shirt/top,Dress,0");
  EXPECT_EQ(lines[2], "1,1,1,Trouser,Trouser,1");
}

TEST(PredictionGrid, RejectsImagesOfTheWrongSize) {
  const Tensor images = random_images(4, 10);
  const std::vector<std::size_t> labels(4, 0);
  EXPECT_THROW(plot::prediction_grid(images, labels, labels, {.path = "unused.png"}), Error);
}

TEST(WeightImages, DrawsOneTilePerHiddenUnit) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  Sequential model = Sequential::mlp({784, 128, 10});
  model.build();
  plot::first_layer_weights(model, {.path = dir.file("weights.png")});
  test::expect_png(dir.file("weights.png"), 1280, 670, 100000);
  const auto lines = test::read_lines(dir.file("weights.csv"));
  ASSERT_EQ(lines.size(), 129u);
  EXPECT_EQ(lines[0].substr(0, 11), "unit,w0,w1,");
}

TEST(WeightImages, RejectsWeightsThatAreNotImages) {
  Sequential model = Sequential::mlp({10, 4, 2});
  model.build();
  EXPECT_THROW(plot::first_layer_weights(model, {.path = "unused.png"}), Error);
}

}  // namespace
}  // namespace axon
