// `axon train`'s training-practice flags reach the model: per-layer activations and dropout,
// batch norm, weight decay, warm-up; impossible values are refused before training.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "axon/tensor/gemm_bf16.hpp"
#include "io/temp_dir.hpp"

namespace axon {
namespace {

class TrainingFlags : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }
  // Runs the command; returns its exit code and puts stdout + stderr in `output`.
  int run(const std::string& arguments, std::string& output) const {
    const std::string log = dir_.file("log");
    const int status = std::system((binary_ + " " + arguments + " > '" + log + "' 2>&1").c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    output = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  test::TempDir dir_;
};

TEST_F(TrainingFlags, PerLayerActivationsDropoutAndBatchNormShapeTheModel) {
  const std::string model = dir_.file("m.axon"), report = dir_.file("r.json");
  std::string out;
  ASSERT_EQ(run("train --data spiral --layers auto 16 8 auto --activation relu,tanh "
                "--dropout 0.1,0.2 --batchnorm --optimizer adamw --weight_decay 0.05 --warmup 2 "
                "--epochs 4 --save " +
                    model + " --report " + report,
                out),
            0)
      << out;
  ASSERT_EQ(run("summary --model " + model, out), 0) << out;
  for (const char* layer :
       {"relu_1", "tanh_1", "dropout_1", "dropout_2", "batch_norm_1", "batch_norm_2"})
    EXPECT_NE(out.find(layer), std::string::npos) << layer << " missing from\n" << out;
  std::ifstream in(report);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["config"]["weight_decay"], 0.05);
  EXPECT_EQ(j["config"]["warmup"], 2);
  // Warm-up over 2 epochs: epoch 1 at half the base rate, epoch 2 at the full rate.
  EXPECT_NEAR(j["history"][0]["learning_rate"].get<double>(), 0.0005, 1e-9);
  EXPECT_NEAR(j["history"][1]["learning_rate"].get<double>(), 0.001, 1e-9);
}

TEST_F(TrainingFlags, ImpossibleValuesAreRefusedBeforeTraining) {
  std::string out;
  EXPECT_EQ(run("train --data xor --dropout 1.5", out), 2);
  EXPECT_NE(out.find("dropout"), std::string::npos) << out;
  EXPECT_EQ(out.find("Epoch"), std::string::npos) << out;
  EXPECT_EQ(run("train --data xor --layers auto 4 4 auto --activation relu,tanh,relu", out), 2);
  EXPECT_NE(out.find("one per hidden layer"), std::string::npos) << out;
  EXPECT_EQ(run("train --data xor --weight_decay -1", out), 2);
  EXPECT_NE(out.find("weight_decay"), std::string::npos) << out;
}

// --matmul bf16 trains where the CPU has AMX and is refused with the reason elsewhere; auto says
// which it chose; the final test runs in fp32 either way, so `axon eval` reproduces it.
TEST_F(TrainingFlags, MatmulPrecisionIsChosenAndTestedInFp32) {
  const std::string model = dir_.file("m.axon");
  std::string out;
  const std::string flags = "train --data classification --layers auto 64 auto --epochs 3 ";
  EXPECT_EQ(run(flags + "--matmul fp16", out), 2);
  EXPECT_NE(out.find("--matmul"), std::string::npos) << out;
  ASSERT_EQ(run(flags, out), 0) << out;
  EXPECT_NE(out.find(bf16_gemm_available() ? "bf16 products" : "fp32 products"), std::string::npos)
      << out;
  if (!bf16_gemm_available()) {
    EXPECT_EQ(run(flags + "--matmul bf16", out), 2);
    EXPECT_NE(out.find("AMX-BF16"), std::string::npos) << out;
    return;
  }
  // Tested on a separate set that `axon eval` regenerates (test data take seed + 1).
  ASSERT_EQ(run(flags + "--matmul bf16 --test_data classification --save " + model, out), 0) << out;
  EXPECT_NE(out.find("bf16 products"), std::string::npos) << out;
  const std::size_t at = out.find("Test: loss ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string accuracy = out.substr(out.find("accuracy ", at) + 9, 6);
  ASSERT_EQ(run("eval --model " + model + " --data classification --seed 43", out), 0) << out;
  EXPECT_NE(out.find("Accuracy: " + accuracy), std::string::npos)
      << "train tested " << accuracy << "\n"
      << out;
}

}  // namespace
}  // namespace axon
