// A small CNN through Sequential: shapes flow from (C, H, W) images to class scores, the
// end-to-end gradient matches finite differences, the summary shows each layer's shape, and the
// Trainer learns an image task from 4-D batches (the loader keeps the sample shape).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/train/trainer.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

// conv 4 3x3 same - relu - maxpool 2 - flatten - dense 3 - softmax, on (2, 6, 6) images.
Sequential small_cnn(std::uint64_t seed = 5) {
  Sequential model(seed);
  model.add(Conv2D(2, 4, {.kernel = 3, .padding = Padding::same()}));
  model.add(ReLU());
  model.add(MaxPool2D(2));
  model.add(Flatten());
  model.add(Dense(4 * 3 * 3, 3));
  model.add(Softmax());
  return model;
}

TEST(CnnTest, ShapesFlowFromImagesToScores) {
  Sequential model = small_cnn();
  const Tensor& out = model.forward(testing::random_tensor(Shape{5, 2, 6, 6}, -1, 1, 1));
  EXPECT_EQ(out.shape(), (Shape{5, 3}));
  EXPECT_EQ(model.input_shape(), (Shape{2, 6, 6}));
  EXPECT_EQ(model.output_shape(), Shape{3});
  EXPECT_EQ(model.input_features(), 72u);
  EXPECT_EQ(model.predict(testing::random_tensor(Shape{7, 2, 6, 6}, -1, 1, 2), 3).shape(),
            (Shape{7, 3}));
  const std::string summary = model.summary();
  EXPECT_THAT(summary, HasSubstr("conv2d_1 (conv2d)             (None, 4, 6, 6)"));
  EXPECT_THAT(summary, HasSubstr("max_pool2d_1 (max_pool2d)     (None, 4, 3, 3)"));
  EXPECT_THAT(summary, HasSubstr("flatten_1 (flatten)           (None, 36)"));
  EXPECT_THAT(summary, HasSubstr("Total params: 187"));  // 4 (2 9 + 1) + 3 (36 + 1)
}

TEST(CnnTest, AnUnflattenFirstLayerTakesFlatRows) {
  Sequential model(3);
  model.add(Unflatten(2, 6, 6));
  model.add(Conv2D(2, 4, {.kernel = 3}));
  model.add(Flatten());
  model.build();  // the unflatten layer tells the input size
  EXPECT_EQ(model.input_shape(), Shape{72});
  EXPECT_EQ(model.output_shape(), Shape{64});
  const Tensor flat = testing::random_tensor(Shape{3, 72}, -1, 1, 4);
  Tensor images = flat;
  images.reshape(Shape{3, 2, 6, 6});
  EXPECT_EQ(model.predict(flat).to_vector(), model.predict(images).to_vector());
}

TEST(CnnTest, ShapesThatDoNotFitAreNamedWithTheLayer) {
  Sequential model = small_cnn();
  EXPECT_THAT(test::error_of([&] {
                model.build(Shape{2, 8, 8});
              }),
              HasSubstr("layer 5 (dense_1): dense(36, 3): expects 36 input features, got 64"));
  Sequential flat = small_cnn();
  EXPECT_THAT(test::error_of([&] {
                flat.forward(Tensor(Shape{4, 72}));
              }),
              HasSubstr("layer 1 (conv2d_1): conv2d(2, 4): expects samples of shape (C, H, W)"));
}

TEST(CnnTest, EndToEndGradientMatchesFiniteDifferences) {
  Sequential model = small_cnn();
  model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.1f));
  const Tensor x = testing::random_tensor(Shape{4, 2, 6, 6}, -1, 1, 6);
  const Tensor y(Shape{4, 1}, {0, 2, 1, 2});
  Loss& loss = *model.loss();
  Tensor grad;
  model.zero_grad();
  const Tensor& out = model.forward(x, true);
  loss.backward(out, y, grad);
  model.backward(grad);
  const std::vector<float> analytic(model.parameters().grads().begin(),
                                    model.parameters().grads().end());
  auto f = [&] { return static_cast<double>(loss.forward(model.forward(x, true), y)); };
  // A step of 1e-4 keeps every relu and maxpool choice where it is for these inputs; the loss is
  // summed in float, so its rounding (~1e-7) costs ~5e-4 of the 1e-3 absolute tolerance.
  testing::expect_gradient_matches(f, model.parameters().values(), analytic, "small CNN",
                                   {.step = 1e-4, .absolute = 1e-3, .relative = 1e-2});
}

// Images of 1 x 8 x 8: a bright 3x3 square in the left half (class 0) or the right half (1).
Dataset squares(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  Tensor x(Shape{n, 1, 8, 8}), y(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t label = i % 2;
    const std::size_t top = rng.below(6), left = label * 4 + rng.below(2);
    float* image = x.data() + i * 64;
    for (std::size_t k = 0; k < 64; ++k) image[k] = rng.uniform(0.0f, 0.3f);
    for (std::size_t r = top; r < top + 3; ++r)
      for (std::size_t c = left; c < left + 3; ++c) image[r * 8 + c] = 1.0f;
    y[i] = static_cast<float>(label);
  }
  return Dataset(x, y);
}

TEST(CnnTest, TrainerLearnsAnImageTaskFromFourDimensionalBatches) {
  Sequential model(11);
  model.add(Conv2D(1, 4, {.kernel = 3, .padding = Padding::same()}));
  model.add(BatchNorm2D(4));
  model.add(ReLU());
  model.add(MaxPool2D(2));
  model.add(Flatten());
  model.add(Dense(4 * 4 * 4, 2));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  const History history = Trainer(model, {.epochs = 15, .batch_size = 16}).fit(squares(160, 1));
  EXPECT_LT(history.back().loss, 0.5 * history.front().loss);
  EXPECT_GE(*model.evaluate(squares(100, 2)).accuracy, 0.95);
}

}  // namespace
}  // namespace axon
