// SIGINT and SIGTERM during `axon train`: the run stops after the batch in progress, keeps its
// checkpoint and saves the model as it stands, removes its temporaries and lock, and exits 130 or
// 143; a second signal ends it at once. A second run naming a checkpoint in use is refused.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "axon/io/checkpoint.hpp"
#include "axon/io/file_lock.hpp"
#include "axon/io/model_file.hpp"
#include "io/temp_dir.hpp"
#include "reliability/process.hpp"

namespace axon {
namespace {

using namespace std::chrono_literals;

class StopSignal : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test::axon_binary())) GTEST_SKIP() << "axon is not built";
  }
  // A run that would last for ever, started; returns once its first checkpoint exists.
  pid_t start_long_run(const std::string& extra = "") {
    const pid_t pid = test::start_axon(
        test::split_words("train --data blobs:samples=2000,classes=3 --layers auto 32 auto "
                          "--batch_size 8 --threads 1 --verbose_epoch 0 --epochs 1000000 "
                          "--checkpoint " +
                          checkpoint() + " --save " + dir_.file("m.axon") + " " + extra),
        dir_.file("out"), dir_.file("err"));
    const auto begin = std::chrono::steady_clock::now();
    while (!std::filesystem::exists(checkpoint()) && std::chrono::steady_clock::now() - begin < 60s)
      std::this_thread::sleep_for(1ms);
    return pid;
  }
  std::string checkpoint() const { return dir_.file("c"); }
  std::string err() const { return test::read_text(dir_.file("err")); }
  std::size_t leftovers() const {  // temporaries and lock files
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      const std::string name = entry.path().filename().string();
      count += name.ends_with(".tmp") || name.ends_with(".lock");
    }
    return count;
  }
  test::TempDir dir_;
};

TEST_F(StopSignal, SigintStopsAfterTheBatchKeepsTheCheckpointAndExits130) {
  const pid_t pid = start_long_run();
  ASSERT_TRUE(std::filesystem::exists(checkpoint())) << err();
  ::kill(pid, SIGINT);
  const test::ProcessResult r = test::wait_for(pid);
  EXPECT_EQ(r.signal, 0) << err();
  EXPECT_EQ(r.exit_code, 130) << err();
  EXPECT_NE(err().find("SIGINT"), std::string::npos) << err();
  EXPECT_NE(err().find(checkpoint()), std::string::npos) << err();
  const LoadedCheckpoint kept = load_checkpoint(checkpoint());  // whole and loadable
  EXPECT_GE(kept.state.history.size(), 1u);
  EXPECT_NO_THROW(load_model(dir_.file("m.axon")));
  EXPECT_EQ(leftovers(), 0u);
}

TEST_F(StopSignal, ARunResumedAfterSigintEndsAsOneNeverStopped) {
  const std::string flags =
      "--data blobs:samples=2000,classes=3 --layers auto 32 auto --batch_size 8 --threads 1 "
      "--verbose_epoch 0 --dropout 0.1 ";
  const pid_t pid = start_long_run("--dropout 0.1");
  ::kill(pid, SIGINT);
  ASSERT_EQ(test::wait_for(pid).exit_code, 130) << err();
  const LoadedCheckpoint kept = load_checkpoint(checkpoint());
  const std::string epochs = std::to_string(kept.state.history.size() + 2);
  ASSERT_EQ(
      test::run_axon(test::split_words("train " + flags + "--epochs " + epochs + " --resume " +
                                       checkpoint() + " --save " + dir_.file("resumed.axon")),
                     dir_.file("out"), dir_.file("err"))
          .exit_code,
      0)
      << err();
  EXPECT_NE(test::read_text(dir_.file("out")).find("Resuming from"), std::string::npos);
  ASSERT_EQ(test::run_axon(test::split_words("train " + flags + "--epochs " + epochs + " --save " +
                                             dir_.file("full.axon")),
                           dir_.file("out"), dir_.file("err"))
                .exit_code,
            0)
      << err();
  LoadedModel resumed = load_model(dir_.file("resumed.axon"));
  LoadedModel full = load_model(dir_.file("full.axon"));
  const auto a = resumed.model.parameters().values(), b = full.model.parameters().values();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
}

TEST_F(StopSignal, SigtermExits143) {
  const pid_t pid = start_long_run();
  ::kill(pid, SIGTERM);
  const test::ProcessResult r = test::wait_for(pid);
  EXPECT_EQ(r.exit_code, 143) << err();
  EXPECT_NE(err().find("SIGTERM"), std::string::npos) << err();
  EXPECT_NO_THROW(load_checkpoint(checkpoint()));
  EXPECT_EQ(leftovers(), 0u);
}

TEST_F(StopSignal, ASecondSignalStopsAtOnce) {
  const pid_t pid = start_long_run();
  ::kill(pid, SIGINT);
  ::kill(pid, SIGINT);
  const test::ProcessResult r = test::wait_for(pid);
  EXPECT_EQ(r.exit_code, 130) << err();
  EXPECT_NO_THROW(load_checkpoint(checkpoint()));  // the last whole one
  std::size_t temporaries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
    temporaries += entry.path().filename().string().ends_with(".tmp");
  EXPECT_EQ(temporaries, 0u);
}

TEST_F(StopSignal, ASecondRunOnACheckpointInUseIsRefusedAtStart) {
  const pid_t first = start_long_run();
  const auto begin = std::chrono::steady_clock::now();
  const test::ProcessResult second = test::run_axon(
      test::split_words("train --data xor:samples=64 --layers auto 4 auto --epochs 2 "
                        "--checkpoint " +
                        checkpoint()),
      dir_.file("out2"), dir_.file("err2"));
  const auto took = std::chrono::steady_clock::now() - begin;
  ::kill(first, SIGTERM);
  test::wait_for(first);
  EXPECT_EQ(second.exit_code, 2);
  const std::string message = test::read_text(dir_.file("err2"));
  EXPECT_NE(message.find("is in use by another run (process " + std::to_string(first) + ")"),
            std::string::npos)
      << message;
  EXPECT_LT(took, 10s);
  EXPECT_NO_THROW(load_checkpoint(checkpoint()));
}

}  // namespace
}  // namespace axon
