// A CNN in model files and checkpoints: every image layer goes through the layer codec, so a saved
// CNN loads and predicts the same, keeps BatchNorm2D's running statistics, and a run resumed from
// its checkpoint equals one never stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "axon/io/checkpoint.hpp"
#include "axon/io/checkpoint_callback.hpp"
#include "axon/io/model_file.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/avg_pool2d.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

// Every image layer, taking flat rows of 2 x 8 x 8 values.
Sequential cnn(std::uint64_t seed = 3) {
  Sequential model(seed);
  model.add(Unflatten(2, 8, 8));
  model.add(Conv2D(2, 4, {.kernel = 3, .padding = Padding::same()}));
  model.add(BatchNorm2D(4));
  model.add(ReLU());
  model.add(MaxPool2D(2));
  model.add(Conv2D(4, 6, {.kernel = {3, 2}, .stride = {1, 2}, .padding = {1, 0}, .bias = false}));
  model.add(AvgPool2D(2, 1));
  model.add(Dropout(0.2f));
  model.add(GlobalAvgPool2D());
  model.add(Dense(6, 3));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  return model;
}

Dataset data(std::size_t n) {
  Tensor y(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<float>(i % 3);
  return Dataset(testing::random_tensor(Shape{n, 128}, -1, 1, 8), y);
}

TEST(CnnModelFile, SavesLoadsAndPredictsTheSame) {
  test::TempDir dir;
  Sequential model = cnn();
  const Dataset train = data(24);
  for (int step = 0; step < 3; ++step) model.train_step(train.inputs, train.targets);
  save_model(dir.file("cnn.axon"), model);

  LoadedModel loaded = load_model(dir.file("cnn.axon"));
  ASSERT_EQ(loaded.model.size(), model.size());
  for (std::size_t i = 0; i < model.size(); ++i) {
    EXPECT_EQ(loaded.model.layer(i).name(), model.layer(i).name());
    EXPECT_EQ(loaded.model.layer(i).config().values(), model.layer(i).config().values());
  }
  EXPECT_EQ(loaded.model.input_shape(), Shape{128});
  EXPECT_EQ(loaded.model.predict(train.inputs).to_vector(),
            model.predict(train.inputs).to_vector());
  const auto& bn = loaded.model.layer<BatchNorm2D>(2);
  EXPECT_EQ(bn.running_mean().to_vector(), model.layer<BatchNorm2D>(2).running_mean().to_vector());
  EXPECT_NE(bn.running_var()[0], 1.0f);  // the trained statistics, not the initial ones
}

TEST(CnnModelFile, AModelFedImagesNeedsAnUnflattenLayerToBeSaved) {
  test::TempDir dir;
  Sequential model(1);
  model.add(Conv2D(1, 2, {.kernel = 3}));
  model.add(Flatten());
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  model.forward(Tensor(Shape{2, 1, 5, 5}));
  EXPECT_THAT(test::error_of([&] { save_model(dir.file("m.axon"), model); }),
              HasSubstr("cannot save a model that takes samples of shape (1, 5, 5) without an "
                        "unflatten first layer (Unflatten(1, 5, 5))"));
}

TEST(CnnModelFile, ARunResumedFromItsCheckpointEqualsOneNeverStopped) {
  test::TempDir dir;
  const std::string path = dir.file("cnn.ckpt");
  const Dataset train = data(48);
  const TrainerOptions options{.epochs = 4, .batch_size = 16, .validation_split = 0.25};
  Sequential whole = cnn();
  const History full = Trainer(whole, options).fit(train);

  Sequential first = cnn();
  CheckpointCallback checkpoints({.path = path, .every = 100});  // saved at the stop only
  LambdaCallback stop({.on_epoch_end = [](Trainer& t, const EpochRecord& r) {
    if (r.epoch == 2) t.request_stop();
  }});
  Trainer(first, options).add(stop).add(checkpoints).fit(train);

  LoadedCheckpoint checkpoint = load_checkpoint(path);
  Sequential resumed = cnn();
  restore_training_state(checkpoint, resumed);
  const History history =
      Trainer(resumed, options)
          .fit(train, {.completed = checkpoint.state.history, .rng = checkpoint.state.model_rng});
  ASSERT_EQ(history.size(), full.size());
  for (std::size_t e = 0; e < full.size(); ++e)
    EXPECT_EQ(history[e].loss, full[e].loss) << "epoch " << e + 1;
  const auto a = resumed.parameters().values(), b = whole.parameters().values();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

}  // namespace
}  // namespace axon
