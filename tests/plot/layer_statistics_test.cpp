// Per-layer magnitudes (hand-checked on known weights) and gradient norms recorded over training.
#include <gtest/gtest.h>

#include "axon/data/generators.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/dense.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/plot/gradient_norms.hpp"
#include "axon/plot/layer_magnitudes.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

TEST(LayerMagnitudes, MeasuresWeightsAndActivationsByHand) {
  // W = [[1, -2], [-3, 4]], B = 0; X = [[1, 1]] gives Z = [-1, 1] and relu(Z) = [0, 1].
  Sequential model(Dense(2, 2), ReLU());
  model.build();
  auto& dense = model.layer<Dense>(0);
  const float w[] = {1, -2, -3, 4};
  std::copy(w, w + 4, dense.weight().value);
  std::fill(dense.bias().values().begin(), dense.bias().values().end(), 0.0f);
  const plot::LayerMagnitudes m =
      plot::measure_layer_magnitudes(model, Tensor(Shape{1, 2}, {1, 1}));
  EXPECT_EQ(m.weight_names, (std::vector<std::string>{"dense_1"}));
  ASSERT_EQ(m.mean_abs_weight.size(), 1u);
  EXPECT_DOUBLE_EQ(m.mean_abs_weight[0], 2.5);
  EXPECT_EQ(m.activation_names, (std::vector<std::string>{"input", "dense_1", "relu_1"}));
  EXPECT_EQ(m.mean_abs_activation, (std::vector<double>{1.0, 1.0, 0.5}));
}

TEST(LayerMagnitudes, DrawsTwoBarCharts) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  Rng rng(1);
  const Dataset data = data::spiral(rng, {.samples_per_class = 20});
  Sequential model = Sequential::mlp({2, 16, 8, 3}, {.output = "softmax"});
  plot::layer_magnitudes(plot::measure_layer_magnitudes(model, data.inputs),
                         {.path = dir.file("magnitudes.png")});
  test::expect_png(dir.file("magnitudes.png"), 1300, 560);
  // 3 weights + input + 6 layer outputs, after the header.
  EXPECT_EQ(test::read_lines(dir.file("magnitudes.csv")).size(), 11u);
}

TEST(GradientNorms, RecordsOnePointPerEpochAndDrawsThem) {
  Rng rng(2);
  const Dataset data = data::spiral(rng, {.samples_per_class = 30});
  Sequential model = Sequential::mlp({2, 16, 3}, {.output = "softmax"});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  model.build();
  plot::GradientNormRecorder recorder(model);
  std::size_t batches = 0;
  Trainer(model, {.epochs = 4, .batch_size = 30})
      .add(recorder)
      .add(std::make_unique<LambdaCallback>(
          LambdaCallback::Hooks{.on_batch_end = [&](Trainer&, const BatchRecord&) { ++batches; }}))
      .fit(data);
  const plot::GradientNormHistory& h = recorder.history();
  EXPECT_EQ(batches, 12u);
  EXPECT_EQ(h.layers, (std::vector<std::string>{"dense_1", "dense_2"}));
  ASSERT_EQ(h.epochs, (std::vector<std::size_t>{1, 2, 3, 4}));
  for (const auto& row : h.norms) {
    ASSERT_EQ(row.size(), 2u);
    EXPECT_GT(row[0], 0.0);
    EXPECT_GT(row[1], 0.0);
  }
  if (!plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  test::TempDir dir;
  plot::gradient_norms(h, {.path = dir.file("grads.png")});
  test::expect_png(dir.file("grads.png"), 900, 600);
  EXPECT_EQ(test::read_lines(dir.file("grads.csv"))[0], "epoch,dense_1,dense_2");
}

TEST(GradientNorms, NeedsABuiltModel) {
  Sequential model = Sequential::mlp({2, 3});
  EXPECT_THROW(plot::GradientNormRecorder{model}, Error);
}

}  // namespace
}  // namespace axon
