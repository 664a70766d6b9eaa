// Callbacks: the order of the hooks, stop requests, the records they receive, the CSV log, and a
// run resumed through the Trainer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "axon/data/generators.hpp"
#include "axon/io/checkpoint.hpp"
#include "axon/io/checkpoint_callback.hpp"
#include "axon/io/csv_logger.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/early_stopping.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"
#include "io/temp_dir.hpp"

namespace axon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Dataset blobs(std::size_t samples) {
  Rng rng(1);
  return data::generate("blobs", rng, {.samples = samples, .classes = 3, .features = 2});
}

Sequential make_model() {
  Sequential model = Sequential::mlp({2, 8, 3}, {.output = "softmax", .seed = 7});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  return model;
}

// Writes one line per hook it sees, prefixed with its name.
class Recorder : public Callback {
 public:
  Recorder(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
  void on_train_begin(Trainer& t) override {
    log_.push_back(name_ + " train_begin " + std::to_string(t.history().size()));
  }
  void on_epoch_begin(Trainer&, std::size_t epoch) override {
    log_.push_back(name_ + " epoch_begin " + std::to_string(epoch));
  }
  void on_batch_end(Trainer&, const BatchRecord& r) override {
    log_.push_back(name_ + " batch " + std::to_string(r.epoch) + "." + std::to_string(r.batch) +
                   "/" + std::to_string(r.batches));
  }
  void on_epoch_end(Trainer& t, const EpochRecord& r) override {
    log_.push_back(name_ + " epoch_end " + std::to_string(r.epoch) + " history " +
                   std::to_string(t.history().size()));
  }
  void on_train_end(Trainer&) override { log_.push_back(name_ + " train_end"); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
};

TEST(CallbackTest, HooksRunInOrderAndCallbacksInTheOrderAdded) {
  Sequential model = make_model();
  std::vector<std::string> log;
  Recorder a("a", log), b("b", log);
  Trainer(model, {.epochs = 2, .batch_size = 10, .shuffle = false}).add(a).add(b).fit(blobs(20));
  EXPECT_THAT(log, ElementsAre("a train_begin 0", "b train_begin 0",  //
                               "a epoch_begin 1", "b epoch_begin 1",  //
                               "a batch 1.1/2", "b batch 1.1/2", "a batch 1.2/2", "b batch 1.2/2",
                               "a epoch_end 1 history 1", "b epoch_end 1 history 1",
                               "a epoch_begin 2", "b epoch_begin 2",  //
                               "a batch 2.1/2", "b batch 2.1/2", "a batch 2.2/2", "b batch 2.2/2",
                               "a epoch_end 2 history 2", "b epoch_end 2 history 2", "a train_end",
                               "b train_end"));
}

TEST(CallbackTest, AStopRequestEndsTheRunAfterTheEpochsCallbacks) {
  Sequential model = make_model();
  std::vector<std::string> log;
  Recorder after("after", log);
  LambdaCallback stopper({.on_epoch_end = [](Trainer& t, const EpochRecord& r) {
    if (r.epoch == 2) t.request_stop("enough");
  }});
  Trainer trainer(model, {.epochs = 10, .batch_size = 20});
  const History history = trainer.add(stopper).add(after).fit(blobs(20));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_TRUE(trainer.stop_requested());
  EXPECT_EQ(trainer.stop_reason(), "enough");
  EXPECT_EQ(log.at(log.size() - 2), "after epoch_end 2 history 2");  // still told of epoch 2
  EXPECT_EQ(log.back(), "after train_end");
  // A stop asked before the first epoch trains nothing.
  LambdaCallback at_once({.on_train_begin = [](Trainer& t) { t.request_stop(); }});
  EXPECT_TRUE(Trainer(model, {.epochs = 3}).add(at_once).fit(blobs(20)).empty());
}

TEST(CallbackTest, BatchRecordsAddUpToTheEpochRecord) {
  Sequential model = make_model();
  std::vector<BatchRecord> batches;
  LambdaCallback keep(
      {.on_batch_end = [&](Trainer&, const BatchRecord& r) { batches.push_back(r); }});
  const Dataset data = blobs(40);
  ASSERT_EQ(data.size(), 39u);  // 13 per class
  const History history =
      Trainer(model, {.epochs = 1, .batch_size = 16, .shuffle = false}).add(keep).fit(data);
  ASSERT_EQ(batches.size(), 3u);  // 16 + 16 + 7
  EXPECT_EQ(batches[2].samples, 7u);
  EXPECT_EQ(batches[2].batches, 3u);
  double sum = 0.0;
  for (const BatchRecord& b : batches) sum += b.loss * static_cast<double>(b.samples);
  EXPECT_NEAR(sum / 39.0, history[0].loss, 1e-12);
  EXPECT_EQ(batches[2].mean_loss, history[0].loss);
  ASSERT_TRUE(batches[2].accuracy.has_value());
  EXPECT_EQ(*batches[2].accuracy, *history[0].accuracy);
  EXPECT_NEAR(batches[0].mean_loss, batches[0].loss, 1e-12);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

TEST(CsvLoggerTest, WritesEveryEpochsRecordExactly) {
  test::TempDir dir;
  const std::string path = dir.file("log.csv");
  Sequential model = make_model();
  CsvLogger csv(path);
  std::vector<std::size_t> rows_seen;
  LambdaCallback count({.on_epoch_end = [&](Trainer&, const EpochRecord&) {
    rows_seen.push_back(lines_of(path).size());
  }});
  const History history = Trainer(model, {.epochs = 3, .batch_size = 16, .validation_split = 0.25})
                              .add(csv)
                              .add(count)
                              .fit(blobs(60));
  EXPECT_THAT(rows_seen, ElementsAre(2u, 3u, 4u));  // rewritten whole after every epoch
  const std::vector<std::string> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds");
  for (std::size_t e = 0; e < 3; ++e) {
    const std::vector<std::string> c = cells(lines[e + 1]);
    ASSERT_EQ(c.size(), 7u) << lines[e + 1];
    EXPECT_EQ(std::stoul(c[0]), e + 1);
    EXPECT_EQ(std::stod(c[1]), history[e].loss);  // read back to the same double
    EXPECT_EQ(std::stod(c[2]), *history[e].accuracy);
    EXPECT_EQ(std::stod(c[3]), *history[e].val_loss);
    EXPECT_EQ(std::stod(c[4]), *history[e].val_accuracy);
    EXPECT_EQ(std::stod(c[5]), history[e].learning_rate);
  }
}

TEST(CsvLoggerTest, LeavesCellsThatDoNotApplyEmpty) {
  EpochRecord r{.epoch = 4, .loss = 0.5, .seconds = 1.5, .learning_rate = 0.25};
  EXPECT_EQ(csv_row(r), "4,0.5,,,,0.25,1.5");
}

TEST(CsvLoggerTest, RefusesADirectory) {
  test::TempDir dir;
  EXPECT_THROW(CsvLogger(dir.path()), Error);
}

TEST(ResumeTest, ATrainerResumedFromItsCheckpointEqualsOneNeverStopped) {
  test::TempDir dir;
  const std::string path = dir.file("run.ckpt");
  const Dataset data = blobs(90);
  const TrainerOptions options{.epochs = 5,
                               .batch_size = 16,
                               .validation_split = 0.2,
                               .lr_schedule = LrSchedule::parse("step:2:0.5")};
  Sequential whole = make_model();
  const History full = Trainer(whole, options).fit(data);

  Sequential first = make_model();
  CheckpointCallback checkpoints({.path = path, .every = 100});  // saved at the stop only
  LambdaCallback stop({.on_epoch_end = [](Trainer& t, const EpochRecord& r) {
    if (r.epoch == 2) t.request_stop();
  }});
  Trainer(first, options).add(stop).add(checkpoints).fit(data);

  LoadedCheckpoint checkpoint = load_checkpoint(path);
  ASSERT_EQ(checkpoint.state.history.size(), 2u);
  Sequential resumed = make_model();
  restore_training_state(checkpoint, resumed);
  test::TempDir csv_dir;
  CsvLogger csv(csv_dir.file("log.csv"));
  Trainer trainer(resumed, options);
  const History history = trainer.add(csv).fit(
      data, {.completed = checkpoint.state.history, .rng = checkpoint.state.model_rng});
  EXPECT_EQ(trainer.resumed_epochs(), 2u);
  ASSERT_EQ(history.size(), full.size());
  for (std::size_t e = 0; e < full.size(); ++e) {
    EXPECT_EQ(history[e].loss, full[e].loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].val_loss, full[e].val_loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].learning_rate, full[e].learning_rate) << "epoch " << e + 1;
  }
  const auto a = resumed.parameters().values(), b = whole.parameters().values();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  EXPECT_EQ(lines_of(csv_dir.file("log.csv")).size(), 6u);  // header and all five epochs
}

TEST(ResumeTest, EarlyStoppingRefusesAResumedRun) {
  const Dataset data = blobs(40);
  Sequential first = make_model();
  const History done = Trainer(first, {.epochs = 1}).fit(data);
  EarlyStopping stopping({.patience = 2});
  EXPECT_THAT([&] { Trainer(first, {.epochs = 3}).add(stopping).fit(data, {.completed = done}); },
              ThrowsMessage<Error>(HasSubstr("early stopping cannot continue a resumed run")));
}

TEST(ResumeTest, NothingLeftToTrainIsAnError) {
  const Dataset data = blobs(40);
  Sequential model = make_model();
  const History done = Trainer(model, {.epochs = 2}).fit(data);
  EXPECT_THAT([&] { Trainer(model, {.epochs = 2}).fit(data, {.completed = done}); },
              ThrowsMessage<Error>(HasSubstr("2 epochs are already completed, none left of 2")));
}

}  // namespace
}  // namespace axon
