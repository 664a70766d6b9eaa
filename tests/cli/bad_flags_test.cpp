// Every bad flag of `axon train` is refused before any data is read: exit 2 and a message naming
// the flag, even when --data names a file that does not exist (the flag's error is the one
// reported) and when --data is left at Fashion-MNIST (no "Data:" line, well under a second).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "axon/layers/activations.hpp"
#include "axon/optimizers/optimizer_registry.hpp"
#include "io/temp_dir.hpp"

namespace axon {
namespace {

struct BadFlag {
  const char* arguments;
  const char* message;  ///< expected at the start of the error, after "axon: error: "
};

std::ostream& operator<<(std::ostream& out, const BadFlag& f) { return out << f.arguments; }

class BadFlags : public ::testing::TestWithParam<BadFlag> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }
  // Runs the command; returns its exit code and puts stdout + stderr in `output`.
  int run(const std::string& arguments, std::string& output, double& seconds) const {
    const std::string log = dir_.file("log");
    const auto start = std::chrono::steady_clock::now();
    const int status = std::system((binary_ + " " + arguments + " > '" + log + "' 2>&1").c_str());
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    output = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  test::TempDir dir_;
};

TEST_P(BadFlags, AreRefusedBeforeTheDataIsRead) {
  const BadFlag& f = GetParam();
  const std::string missing = dir_.file("missing.csv");
  std::string out;
  double seconds = 0.0;
  EXPECT_EQ(run("train --data '" + missing + "' " + f.arguments, out, seconds), 2) << out;
  EXPECT_EQ(out.rfind(std::string("axon: error: ") + f.message, 0), 0u) << out;
  EXPECT_EQ(out.find("missing.csv"), std::string::npos) << out;
  // The same flag with the default data, Fashion-MNIST: still nothing loaded.
  EXPECT_EQ(run(std::string("train ") + f.arguments, out, seconds), 2) << out;
  EXPECT_EQ(out.rfind(std::string("axon: error: ") + f.message, 0), 0u) << out;
  EXPECT_EQ(out.find("Data:"), std::string::npos) << out;
  EXPECT_LT(seconds, 5.0) << "a generous bound for a loaded machine; it takes ~0.1 s";
}

INSTANTIATE_TEST_SUITE_P(
    Train, BadFlags,
    ::testing::Values(
        BadFlag{"--lr_schedule cosine", "--lr_schedule: learning-rate schedule 'cosine'"},
        BadFlag{"--lr_schedule step:2:0.5+warmup:x", "--lr_schedule: "},
        BadFlag{"--optimizer adamax", "--optimizer: unknown optimizer 'adamax'"},
        BadFlag{"--init glorious", "--init: unknown initializer 'glorious'"},
        BadFlag{"--activation relu,swish", "--activation: unknown activation 'swish'"},
        BadFlag{"--output softmin", "--output: unknown activation 'softmin'"},
        BadFlag{"--loss hinge2", "--loss: unknown loss 'hinge2'"},
        BadFlag{"--loss huber:-1", "--loss: "},
        BadFlag{"--layers auto 0 auto", "--layers: entry 2 is '0'"},
        BadFlag{"--layers auto 64x auto", "--layers: entry 2 is '64x'"},
        BadFlag{"--layers 10", "--layers needs at least an input and an output size"},
        BadFlag{"--header maybe", "--header: "}, BadFlag{"--task clustering", "--task: "},
        BadFlag{"--matmul fp16", "--matmul: "},
        BadFlag{"--resume run.ckpt --early_stopping 3", "--resume does not support"},
        BadFlag{"--warmup -1", "--warmup: must be a whole number from 0 to 1000000000, got -1"},
        BadFlag{"--early_stopping -1", "--early_stopping: must be a whole number"},
        BadFlag{"--epochs -1", "--epochs: must be a whole number from 1 to 1000000000, got -1"},
        BadFlag{"--epochs 0", "--epochs: must be a whole number from 1"},
        BadFlag{"--epochs 18446744073709551616", "--epochs: must be a whole number"},
        BadFlag{"--epochs 18446744073709551615", "--epochs: must be a whole number"},
        BadFlag{"--epochs 1000000001", "--epochs: must be a whole number"},
        BadFlag{"--epochs 1e3", "--epochs: must be a whole number"},
        BadFlag{"--batch_size -32", "--batch_size: must be a whole number"},
        BadFlag{"--verbose_epoch -1", "--verbose_epoch: must be a whole number"},
        BadFlag{"--checkpoint_every -2", "--checkpoint_every: must be a whole number"},
        BadFlag{"--snapshot_epochs 10,-5", "--snapshot_epochs: must be a whole number"},
        BadFlag{"--seed -1", "--seed: must be a whole number"},
        BadFlag{"--seed 18446744073709551616", "--seed: must be a whole number"},
        BadFlag{"--threads 1000000", "--threads: must be a whole number from 0 to 4096"},
        BadFlag{"--lr 0", "--learning_rate: must be > 0, got 0"}));

TEST(TrainHelp, ListsTheRegisteredOptimizersAndActivations) {
  const std::string binary = std::string(AXON_BINARY_DIR) + "/cli/axon";
  if (!std::filesystem::exists(binary)) GTEST_SKIP() << binary << " is not built";
  test::TempDir dir;
  const std::string log = dir.file("help");
  ASSERT_EQ(std::system((binary + " train --help > '" + log + "' 2>&1").c_str()), 0);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::string help = text.str();
  // CLI11 wraps long descriptions: compare with the line breaks and indentation taken out.
  std::string flat;
  for (std::size_t i = 0; i < help.size(); ++i) {
    if (help[i] != '\n') {
      flat += help[i];
      continue;
    }
    flat += ' ';
    while (i + 1 < help.size() && help[i + 1] == ' ') ++i;
  }
  std::string optimizers = "Optimizer: ";
  for (const std::string& name : OptimizerRegistry::global().names())
    optimizers += name + (name == OptimizerRegistry::global().names().back() ? "" : ", ");
  EXPECT_NE(flat.find(optimizers), std::string::npos) << help;
  for (const std::string& name : activation_names())
    EXPECT_NE(flat.find(name), std::string::npos) << name << " missing from\n" << help;
}

}  // namespace
}  // namespace axon
