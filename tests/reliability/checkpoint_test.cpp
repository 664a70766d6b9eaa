// Checkpoints: a run resumed from one ends with exactly the weights of a run never stopped (in the
// library and through `axon train --resume`), a checkpoint survives SIGKILL at any moment, and a
// diverging run stops with the last good checkpoint kept.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <thread>

#include "axon/data/generators.hpp"
#include "axon/io/checkpoint.hpp"
#include "axon/io/checkpoint_callback.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/dense.hpp"
#include "axon/losses/loss.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"
#include "io/temp_dir.hpp"
#include "reliability/process.hpp"

namespace axon {
namespace {

// Bitwise: -0 and 0 differ, NaN equals NaN.
bool same_bits(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void expect_same_model(Sequential& a, Sequential& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_TRUE(same_bits(a.parameters().values(), b.parameters().values()));
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::vector<Tensor*> x = a.layer(i).buffers(), y = b.layer(i).buffers();
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t k = 0; k < x.size(); ++k)
      EXPECT_TRUE(same_bits(x[k]->values(), y[k]->values())) << "layer " << i << " buffer " << k;
  }
}

Sequential make_model() {
  Sequential model = Sequential::mlp(
      {2, 12, 3}, {.output = "softmax", .seed = 5, .batchnorm = true, .dropout = {0.3f}});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  model.build(2);
  return model;
}

TrainerOptions fit_options(std::size_t epochs) {
  return {.epochs = epochs,
          .batch_size = 16,
          .validation_split = 0.25,
          .lr_schedule = LrSchedule::parse("plateau:0.5:1")};
}

TEST(Checkpoint, ResumedFitEqualsUninterruptedFit) {
  Rng data_rng(1);
  const Dataset data =
      data::generate("blobs", data_rng, {.samples = 200, .classes = 3, .features = 2});
  test::TempDir dir;
  const std::string path = dir.file("run.ckpt");

  Sequential uninterrupted = make_model();
  const History full = Trainer(uninterrupted, fit_options(7)).fit(data);

  Sequential first = make_model();
  Trainer stopping(first, fit_options(7));
  CheckpointCallback checkpoints({.path = path, .every = 1, .config = "settings"});
  LambdaCallback stop_after_3({.on_epoch_end = [](Trainer& t, const EpochRecord& r) {
    if (r.epoch == 3) t.request_stop("test");
  }});
  stopping.add(stop_after_3).add(checkpoints).fit(data);

  LoadedCheckpoint checkpoint = load_checkpoint(path);
  ASSERT_EQ(checkpoint.state.history.size(), 3u);
  EXPECT_EQ(checkpoint.state.config, "settings");
  Sequential resumed = make_model();
  restore_training_state(checkpoint, resumed);
  const History history =
      Trainer(resumed, fit_options(7))
          .fit(data, {.completed = checkpoint.state.history, .rng = checkpoint.state.model_rng});

  ASSERT_EQ(history.size(), full.size());
  for (std::size_t e = 0; e < full.size(); ++e) {
    EXPECT_EQ(history[e].loss, full[e].loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].val_loss, full[e].val_loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].learning_rate, full[e].learning_rate) << "epoch " << e + 1;
  }
  expect_same_model(resumed, uninterrupted);
}

// Stopped between two batches (an interrupt), the checkpoint holds the partial epoch; resumed, the
// run goes on at the next batch and ends as one never stopped, the interrupted epoch's record
// included.
TEST(Checkpoint, ResumedFromTheMiddleOfAnEpochEqualsUninterruptedFit) {
  Rng data_rng(1);
  const Dataset data =
      data::generate("blobs", data_rng, {.samples = 200, .classes = 3, .features = 2});
  test::TempDir dir;
  const std::string path = dir.file("run.ckpt");

  Sequential uninterrupted = make_model();
  const History full = Trainer(uninterrupted, fit_options(6)).fit(data);

  Sequential first = make_model();
  Trainer stopping(first, fit_options(6));
  CheckpointCallback checkpoints({.path = path, .every = 100});  // saves only where it stops
  LambdaCallback interrupt({.on_batch_end = [](Trainer& t, const BatchRecord& r) {
    if (r.epoch == 4 && r.batch == 5) t.request_stop("interrupt", StopPoint::kAfterBatch);
  }});
  const History before = stopping.add(interrupt).add(checkpoints).fit(data);
  ASSERT_EQ(before.size(), 3u);
  ASSERT_TRUE(stopping.partial_epoch());
  EXPECT_EQ(stopping.partial_epoch()->batches, 5u);

  LoadedCheckpoint checkpoint = load_checkpoint(path);
  ASSERT_EQ(checkpoint.state.history.size(), 3u);
  ASSERT_TRUE(checkpoint.state.partial);
  EXPECT_EQ(checkpoint.state.partial->epoch, 4u);
  EXPECT_EQ(checkpoint.state.partial->batches, 5u);
  Sequential resumed = make_model();
  restore_training_state(checkpoint, resumed);
  const History history = Trainer(resumed, fit_options(6))
                              .fit(data, {.completed = checkpoint.state.history,
                                          .rng = checkpoint.state.model_rng,
                                          .partial = checkpoint.state.partial});
  ASSERT_EQ(history.size(), full.size());
  for (std::size_t e = 0; e < full.size(); ++e) {
    EXPECT_EQ(history[e].loss, full[e].loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].accuracy, full[e].accuracy) << "epoch " << e + 1;
    EXPECT_EQ(history[e].val_loss, full[e].val_loss) << "epoch " << e + 1;
  }
  expect_same_model(resumed, uninterrupted);
}

TEST(Checkpoint, APartialEpochThatDoesNotFollowTheHistoryIsRefused) {
  Rng data_rng(1);
  const Dataset data =
      data::generate("blobs", data_rng, {.samples = 200, .classes = 3, .features = 2});
  Sequential model = make_model();
  EXPECT_THROW(Trainer(model, fit_options(6))
                   .fit(data, {.partial = PartialEpoch{.epoch = 3, .batches = 2, .samples = 32}}),
               Error);
  EXPECT_THROW(Trainer(model, fit_options(6))
                   .fit(data, {.partial = PartialEpoch{.epoch = 1, .batches = 99, .samples = 990}}),
               Error);
}

TEST(Checkpoint, ResumeWithOtherDataIsRejected) {
  Rng data_rng(1);
  const Dataset data =
      data::generate("blobs", data_rng, {.samples = 200, .classes = 3, .features = 2});
  Rng other_rng(2);
  const Dataset other =
      data::generate("blobs", other_rng, {.samples = 120, .classes = 3, .features = 2});
  Sequential first = make_model();
  const History done = Trainer(first, fit_options(2)).fit(data);
  const TrainingState state = capture_training_state(first, done, "");
  Sequential resumed = make_model();
  try {
    Trainer(resumed, fit_options(4))
        .fit(other, {.completed = state.history, .rng = state.model_rng});
    FAIL() << "resuming on other data was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not reproduce the saved random state"),
              std::string::npos)
        << e.what();
  }
}

TEST(Checkpoint, KeepsALongHistoryExactly) {
  test::TempDir dir;
  Sequential model = make_model();
  History history;
  for (std::size_t e = 1; e <= 500; ++e) {  // the shortest records: no optional values
    EpochRecord r;
    r.epoch = e;
    r.loss = 1.0 / static_cast<double>(e);
    r.learning_rate = 0.1;
    if (e % 7 == 0) r.val_loss = 2.0;
    history.push_back(r);
  }
  save_checkpoint(dir.file("c"), model, {}, capture_training_state(model, history, ""));
  const LoadedCheckpoint loaded = load_checkpoint(dir.file("c"));
  ASSERT_EQ(loaded.state.history.size(), 500u);
  for (std::size_t e = 0; e < 500; ++e) {
    EXPECT_EQ(loaded.state.history[e].loss, history[e].loss);
    EXPECT_EQ(loaded.state.history[e].val_loss, history[e].val_loss);
    EXPECT_FALSE(loaded.state.history[e].accuracy.has_value());
  }
  EXPECT_EQ(loaded.state.layer_rngs.size(), 1u);  // the dropout layer's stream
}

TEST(Checkpoint, RefusesNonFiniteWeights) {
  test::TempDir dir;
  Sequential model = make_model();
  model.parameters().values()[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(save_checkpoint(dir.file("c"), model, {}, capture_training_state(model, {}, "")),
               Error);
  EXPECT_FALSE(std::filesystem::exists(dir.file("c")));
}

TEST(Checkpoint, ModelFileIsNotACheckpoint) {
  test::TempDir dir;
  Sequential model = make_model();
  save_model(dir.file("m"), model);
  EXPECT_NO_THROW(load_model(dir.file("m")));
  EXPECT_THROW(load_checkpoint(dir.file("m")), Error);
}

TEST(Checkpoint, DivergedWeightsStopTrainingNamingEpochAndBatch) {
  // -inf in the first layer: ReLU turns its outputs into 0, so the loss stays finite while the
  // weight is not; the weight check has to catch it.
  Sequential model(Dense(1, 1), ReLU(), Dense(1, 1));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  model.build(1);
  model.parameters().values()[0] = -std::numeric_limits<float>::infinity();
  Tensor x(Shape{8, 1}), y(Shape{8, 1});
  for (std::size_t i = 0; i < 8; ++i) x[i] = 1.0f + static_cast<float>(i);
  try {
    Trainer(model, {.epochs = 2, .batch_size = 4}).fit(Dataset(x, y));
    FAIL() << "training went on with an infinite weight";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("training diverged: dense_1.weight holds ")) << message;
    EXPECT_NE(message.find(" after epoch 1, batch 1"), std::string::npos) << message;
    EXPECT_NE(message.find("learning rate"), std::string::npos) << message;
  }
}

// The command line ------------------------------------------------------------------------------

class AxonCheckpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test::axon_binary())) GTEST_SKIP() << "axon is not built";
  }
  test::ProcessResult train(const std::string& flags) {
    return test::run_axon(test::split_words("train " + flags), dir_.file("out"), dir_.file("err"));
  }
  std::string err() const { return test::read_text(dir_.file("err")); }
  test::TempDir dir_;
};

class ResumeFlags : public AxonCheckpoints, public ::testing::WithParamInterface<const char*> {};

TEST_P(ResumeFlags, ResumedRunEqualsUninterruptedBitForBit) {
  const std::string flags = std::string(GetParam()) + " --threads 1 --verbose_epoch 0 ";
  ASSERT_EQ(train(flags + "--epochs 8 --save " + dir_.file("full.axon")).exit_code, 0) << err();
  ASSERT_EQ(train(flags + "--epochs 3 --checkpoint " + dir_.file("c")).exit_code, 0) << err();
  ASSERT_EQ(train(flags + "--epochs 5 --resume " + dir_.file("c")).exit_code, 0) << err();
  ASSERT_EQ(train(flags + "--epochs 8 --resume " + dir_.file("c") + " --save " +
                  dir_.file("resumed.axon"))
                .exit_code,
            0)
      << err();
  LoadedModel full = load_model(dir_.file("full.axon"));
  LoadedModel resumed = load_model(dir_.file("resumed.axon"));
  expect_same_model(resumed.model, full.model);
  EXPECT_EQ(resumed.model.optimizer()->steps(), full.model.optimizer()->steps());
  EXPECT_EQ(load_checkpoint(dir_.file("c")).state.history.size(), 8u);
}

INSTANTIATE_TEST_SUITE_P(
    Runs, ResumeFlags,
    ::testing::Values("--data blobs:samples=300,classes=3 --layers auto 16 auto --batch_size 16 "
                      "--dropout 0.2 --batchnorm --validation_split 0.2 "
                      "--lr_schedule plateau:0.5:1",
                      "--data sine:samples=200 --layers auto 8 8 auto --optimizer momentum "
                      "--learning_rate 0.01 --lr_schedule cosine:6+warmup:2 --batch_size 10",
                      "--data moons:samples=200 --layers auto 8 auto --optimizer rmsprop "
                      "--loss softmax_cross_entropy --l2 0.001 --clip_norm 1",
                      // Layers large enough for bf16 products where the CPU has AMX.
                      "--data classification:samples=600 --layers auto 128 64 auto "
                      "--matmul auto --batch_size 64"),
    // Named after the data source: "--data blobs:..." is Runs/ResumeFlags.*/blobs.
    [](const ::testing::TestParamInfo<const char*>& info) {
      const std::string flags = info.param;
      const std::size_t start = flags.find("--data ") + 7;
      return flags.substr(start, flags.find(':', start) - start);
    });

TEST_F(AxonCheckpoints, ResumeRejectsOtherFlags) {
  const std::string flags = "--data xor:samples=64 --layers auto 4 auto --verbose_epoch 0 ";
  ASSERT_EQ(train(flags + "--epochs 2 --checkpoint " + dir_.file("c")).exit_code, 0) << err();
  EXPECT_EQ(train(flags + "--epochs 4 --batch_size 8 --resume " + dir_.file("c")).exit_code, 2);
  EXPECT_NE(err().find("the checkpoint was trained with --batch_size 128, this run has "
                       "--batch_size 8"),
            std::string::npos)
      << err();
  EXPECT_EQ(train(flags + "--epochs 2 --resume " + dir_.file("c")).exit_code, 2);
  EXPECT_NE(err().find("already holds 2 epochs; pass --epochs above 2"), std::string::npos)
      << err();
}

TEST_F(AxonCheckpoints, DivergingRunKeepsTheLastGoodCheckpoint) {
  // The learning rate grows linearly over a 30-epoch warm-up until the loss overflows (in epoch
  // 9 on x86-64; the targets are standardized, so the rate must reach several units).
  const test::ProcessResult r = train(
      "--data linear:samples=200 --layers auto 8 auto --optimizer sgd --learning_rate 10 "
      "--warmup 30 --epochs 30 --batch_size 20 --threads 1 --checkpoint " +
      dir_.file("c") + " --save " + dir_.file("final.axon"));
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(err().find("training diverged: "), std::string::npos) << err();
  EXPECT_NE(err().find(" at epoch "), std::string::npos) << err();
  EXPECT_NE(err().find(", batch "), std::string::npos) << err();
  EXPECT_NE(err().find("try a smaller learning rate"), std::string::npos) << err();
  EXPECT_FALSE(std::filesystem::exists(dir_.file("final.axon")));
  LoadedCheckpoint kept = load_checkpoint(dir_.file("c"));  // throws on NaN weights
  EXPECT_GE(kept.state.history.size(), 1u);
  EXPECT_LT(kept.state.history.size(), 30u);
}

// SIGKILL at random moments while `axon train` writes a checkpoint after every epoch; each
// restart resumes from the checkpoint. The checkpoint must load every time, its epoch count
// never go back, and the run finished after the last kill must equal one never killed. The kill
// delays scale with the time the first run takes to write its first checkpoint, so that a slow
// (sanitized) build is killed during training too.
TEST_F(AxonCheckpoints, SurvivesSigkillAtRandomMoments) {
  constexpr int kKills = 40;
  const std::string flags =
      "--data blobs:samples=400,classes=3 --layers auto 32 32 auto --batch_size 8 --dropout 0.1 "
      "--threads 1 --verbose_epoch 0 --checkpoint_every 1 ";
  const std::string checkpoint = dir_.file("c");
  std::mt19937 random(20240611);
  std::size_t last_epochs = 0;
  int advanced = 0;
  std::chrono::milliseconds startup{0};
  for (int kill = 0; kill < kKills; ++kill) {
    const bool resume = kill > 0;
    const auto begin = std::chrono::steady_clock::now();
    const pid_t pid =
        test::start_axon(test::split_words("train " + flags + "--epochs 100000 " +
                                           (resume ? "--resume " : "--checkpoint ") + checkpoint),
                         dir_.file("out"), dir_.file("err"));
    ASSERT_GT(pid, 0);
    if (!resume) {  // the first run lives until its first checkpoint, then a random while longer
      while (!std::filesystem::exists(checkpoint) &&
             std::chrono::steady_clock::now() - begin < std::chrono::seconds(60))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ASSERT_TRUE(std::filesystem::exists(checkpoint)) << err();
      startup = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - begin);
    }
    const int longest = static_cast<int>(2 * startup.count()) + 150;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, longest)(random)));
    ::kill(pid, SIGKILL);
    const test::ProcessResult r = test::wait_for(pid);
    ASSERT_EQ(r.signal, SIGKILL) << "kill " << kill << ": " << err();
    LoadedCheckpoint loaded = load_checkpoint(checkpoint);  // throws if damaged
    EXPECT_NO_THROW(load_model(checkpoint));
    const std::size_t epochs = loaded.state.history.size();
    EXPECT_GE(epochs, last_epochs) << "kill " << kill;
    for (std::size_t e = 0; e < epochs; ++e) ASSERT_EQ(loaded.state.history[e].epoch, e + 1);
    advanced += epochs > last_epochs;
    last_epochs = epochs;
  }
  std::cout << kKills << " kills, " << advanced << " after new checkpoints, " << last_epochs
            << " epochs in the end (first checkpoint after " << startup.count() << " ms)\n";
  EXPECT_GE(advanced, kKills / 4) << "the kills came too early to test the checkpoint";

  const std::string total = std::to_string(last_epochs + 2);
  ASSERT_EQ(train(flags + "--epochs " + total + " --resume " + checkpoint + " --save " +
                  dir_.file("resumed.axon"))
                .exit_code,
            0)
      << err();
  ASSERT_EQ(train(flags + "--epochs " + total + " --save " + dir_.file("full.axon")).exit_code, 0)
      << err();
  LoadedModel resumed = load_model(dir_.file("resumed.axon"));
  LoadedModel full = load_model(dir_.file("full.axon"));
  expect_same_model(resumed.model, full.model);
}

}  // namespace
}  // namespace axon
