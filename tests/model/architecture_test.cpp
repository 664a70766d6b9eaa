// Architecture strings: the layers and shapes a spec makes, and the errors a bad spec gets.
#include "axon/model/architecture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> layer_names(Sequential& model) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < model.size(); ++i) names.push_back(model.layer(i).name());
  return names;
}

TEST(ArchitectureTest, TheIssuesCnn) {
  Sequential model = parse_architecture(
      "conv 32 3 relu, maxpool 2, conv 64 3 relu, maxpool 2, flatten, dense 128 relu, dense 10",
      Shape{1, 28, 28});
  EXPECT_THAT(layer_names(model),
              ElementsAre("unflatten", "conv2d", "relu", "max_pool2d", "conv2d", "relu",
                          "max_pool2d", "flatten", "dense", "relu", "dense"));
  model.build();
  EXPECT_EQ(model.input_shape(), Shape{784});
  EXPECT_EQ(model.output_shape(), Shape{10});
  EXPECT_EQ(model.layer<Conv2D>(4).in_channels(), 32u);
  EXPECT_EQ(model.layer<Dense>(8).in_features(), 64u * 5 * 5);
  // 32 (9 + 1) + 64 (32 9 + 1) + 128 (1600 + 1) + 10 (128 + 1)
  EXPECT_EQ(model.parameter_count(), 320u + 18496u + 204928u + 1290u);
  const std::string summary = model.summary();
  EXPECT_THAT(summary, HasSubstr("conv2d_2 (conv2d)             (None, 64, 11, 11)"));
  EXPECT_THAT(summary, HasSubstr("dense_1 (dense)               (None, 128)"));
}

TEST(ArchitectureTest, SettingsAndBatchNormFollowTheShape) {
  Sequential model = parse_architecture(
      "conv 8 3x1 stride=2 padding=1x0 bias=0, batchnorm, tanh, avgpool 2 stride=1, dropout 0.25, "
      "globalavgpool, dense 4 softmax",
      Shape{3, 9, 9});
  EXPECT_THAT(layer_names(model),
              ElementsAre("unflatten", "conv2d", "batch_norm2d", "tanh", "avg_pool2d", "dropout",
                          "global_avg_pool2d", "dense", "softmax"));
  const Conv2DOptions& o = model.layer<Conv2D>(1).options();
  EXPECT_EQ(o.kernel, Size2(3, 1));
  EXPECT_EQ(o.stride, Size2(2));
  EXPECT_EQ(o.padding.to_string(), "1,0");
  EXPECT_FALSE(o.bias);
  model.build();
  EXPECT_EQ(model.output_shape(), Shape{4});
  Sequential mlp = parse_architecture("dense 16 relu, batchnorm, dense 2", Shape{5});
  EXPECT_THAT(layer_names(mlp), ElementsAre("dense", "relu", "batch_norm", "dense"));
}

TEST(ArchitectureTest, ABadSpecIsNamedWithItsLayer) {
  using test::error_of;
  const Shape image{1, 28, 28};
  EXPECT_THAT(error_of([&] { parse_architecture("conv 32 3, pool 2", image); }),
              HasSubstr("architecture: layer 2 ('pool 2'): unknown layer 'pool'"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 32", image); }),
              HasSubstr("layer 1 ('conv 32'): conv takes 2 numbers"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 32 3 rellu", image); }),
              HasSubstr("got 3: '32 3 rellu'"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 0 3", image); }),
              HasSubstr("conv's FILTERS must be a count > 0, got '0'"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 8 3 stride=2 padding=same", image); }),
              HasSubstr("padding 'same' needs stride 1"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 8 3 strid=2", image); }),
              HasSubstr("conv has no setting 'strid'"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 8 3, maxpool 2,, dense 10", image); }),
              HasSubstr("layer 3 (''): is empty"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 8 3", Shape{784}); }),
              HasSubstr("conv needs images coming in, got samples of shape (784)"));
  EXPECT_THAT(error_of([&] { parse_architecture("conv 8 5, maxpool 2, conv 8 13", image); }),
              HasSubstr("layer 3 ('conv 8 13'): conv2d height: a window of 13 does not fit"));
  EXPECT_THAT(error_of([&] { parse_architecture("dropout x", image); }),
              HasSubstr("dropout's P must be a number, got 'x'"));
  EXPECT_THAT(error_of([&] { parse_architecture("flatten relu", image); }),
              HasSubstr("flatten takes no activation, got 'relu'"));
  EXPECT_THAT(error_of([&] {
                parse_architecture("dense 2", Shape{2, 2});
              }),
              HasSubstr("the input shape must be (features) or (channels, height, width)"));
}

}  // namespace
}  // namespace axon
