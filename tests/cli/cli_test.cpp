// The axon command end to end on small generated data: train with --save and --report, eval,
// predict, summary, both flag spellings, the seed's sine command, and bad input giving exit code
// 2 with a message on stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/temp_dir.hpp"
#include "support/idx_bytes.hpp"

namespace axon {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class AxonCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }

  CommandResult run(const std::string& arguments) const {
    const std::string out = dir_.file("stdout"), err = dir_.file("stderr");
    const std::string command =
        binary_ + " " + arguments + " > '" + out + "' 2> '" + err + "' < /dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out), read_text(err)};
  }

  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  test::TempDir dir_;
};

TEST_F(AxonCommand, TrainsSavesAndReportsOnBlobs) {
  const std::string model = dir_.file("blobs.axon"), report = dir_.file("report.json");
  const CommandResult r =
      run("train --data blobs:samples=200,classes=3 --layers auto 16 auto --epochs 5 "
          "--batch_size 16 --learning_rate 0.01 --validation_split 0.2 --save " +
          model + " --report " + report);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Epoch 5/5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Test: loss"), std::string::npos) << r.out;
  ASSERT_TRUE(std::filesystem::exists(model));

  const nlohmann::json j = nlohmann::json::parse(read_text(report));
  for (const char* key :
       {"data",          "layers",       "activation", "output", "loss",      "optimizer",
        "learning_rate", "epochs",       "batch_size", "seed",   "init",      "validation_split",
        "verbose_epoch", "threads",      "save",       "report", "test_data", "test_split",
        "header",        "label_column", "task"})
    EXPECT_TRUE(j["config"].contains(key)) << key;
  EXPECT_EQ(j["config"]["data"], "blobs:samples=200,classes=3");
  ASSERT_EQ(j["history"].size(), 5u);
  for (std::size_t e = 0; e < 5; ++e) {
    const nlohmann::json& h = j["history"][e];
    EXPECT_EQ(h["epoch"], e + 1);
    for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy", "seconds"})
      EXPECT_TRUE(h.contains(key)) << key;
    EXPECT_GE(h["accuracy"].get<double>(), 0.0);
    EXPECT_LE(h["accuracy"].get<double>(), 1.0);
  }
  const double accuracy = j["test"]["accuracy"];
  EXPECT_GE(accuracy, 0.0);
  EXPECT_LE(accuracy, 1.0);
  EXPECT_TRUE(j["test"].contains("loss"));
  EXPECT_FALSE(j["test"].contains("mse"));
  EXPECT_GT(j["train_seconds"].get<double>(), 0.0);
  EXPECT_EQ(j["model"]["layers"], nlohmann::json({4, 16, 3}));
}

TEST_F(AxonCommand, EvalPredictAndSummaryReadTheSavedModel) {
  const std::string model = dir_.file("m.axon");
  ASSERT_EQ(run("train --data blobs --epochs 20 --layers auto 8 auto --save " + model).exit_code,
            0);

  const CommandResult eval = run("eval --model " + model + " --data blobs --rows all");
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_NE(eval.out.find("Accuracy: 1.0000"), std::string::npos) << eval.out;
  EXPECT_NE(eval.out.find("Confusion matrix"), std::string::npos) << eval.out;
  EXPECT_NE(eval.out.find("       0 128   0      1.0000"), std::string::npos) << eval.out;
  EXPECT_NE(eval.out.find("   class  precision     recall         f1   support\n"
                          "       0     1.0000     1.0000     1.0000       128\n"),
            std::string::npos)
      << eval.out;
  EXPECT_NE(eval.out.find("   macro     1.0000     1.0000     1.0000       256\n"),
            std::string::npos)
      << eval.out;

  const std::string input = dir_.write("in.csv", "a,b,c,d\n1,1,1,1\n0.5,0.5,0.5,0.5\n");
  const CommandResult predict = run("predict --model " + model + " --input " + input);
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  std::istringstream lines(predict.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header, "class,p0,p1");
  EXPECT_EQ(first.substr(0, 2), "0,");   // blobs: class 0 centred on 1.0
  EXPECT_EQ(second.substr(0, 2), "1,");  // class 1 on 0.5

  const CommandResult summary = run("summary --model " + model);
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_NE(summary.out.find("dense_1 (dense)"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("Task: classification, 2 classes"), std::string::npos);
  EXPECT_NE(summary.out.find("standardization of 4 features"), std::string::npos);
}

using test::idx_bytes;

TEST_F(AxonCommand, TrainsOnAnIdxDirectoryAndPredictsImages) {
  // Six 2x2 images of three classes: the bright pixel's corner is the class.
  std::vector<unsigned char> pixels, labels;
  for (unsigned char i = 0; i < 6; ++i) {
    for (unsigned char p = 0; p < 4; ++p) pixels.push_back(p == i % 3 ? 250 : 10);
    labels.push_back(i % 3);
  }
  dir_.write_gzip("train-images-idx3-ubyte.gz", idx_bytes({6, 2, 2}, pixels));
  dir_.write_gzip("train-labels-idx1-ubyte.gz", idx_bytes({6}, labels));
  const std::string images = dir_.write("t10k-images-idx3-ubyte", idx_bytes({6, 2, 2}, pixels));
  dir_.write("t10k-labels-idx1-ubyte", idx_bytes({6}, labels));
  const std::string model = dir_.file("idx.axon");

  const CommandResult train = run("train --data idx:" + dir_.path().string() +
                                  " --layers auto 8 auto --epochs 300 --batch_size 6 "
                                  "--learning_rate 0.05 --save " +
                                  model);
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_NE(train.out.find("6 training, 6 test samples, 3 classes"), std::string::npos)
      << train.out;
  const CommandResult eval = run("eval --model " + model + " --data idx:" + dir_.path().string());
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_NE(eval.out.find("Accuracy: 1.0000"), std::string::npos) << eval.out;

  const CommandResult predict = run("predict --model " + model + " --input " + images);
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  std::istringstream lines(predict.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "class,p0,p1,p2");
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_EQ(line.substr(0, 2), std::to_string(i % 3) + ",") << line;
  }
  EXPECT_FALSE(std::getline(lines, line));
}

TEST_F(AxonCommand, TheSeedSineCommandConverges) {
  const std::string report = dir_.file("sine.json");
  const CommandResult r =
      run("train --data sine --layers 1 10 10 1 --learning_rate 0.01 --epochs 1000 "
          "--verbose_epoch 200 --report " +
          report);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Epoch 200/1000"), std::string::npos);
  EXPECT_EQ(r.out.find("Epoch 199/1000"), std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(read_text(report));
  EXPECT_LT(j["test"]["mse"].get<double>(), 0.005);
  EXPECT_TRUE(j["test"].contains("mae"));
  EXPECT_FALSE(j["test"].contains("accuracy"));
  EXPECT_FALSE(j["history"][0].contains("accuracy"));
}

TEST_F(AxonCommand, RegressionModelsEvaluateAndPredictValues) {
  const std::string model = dir_.file("sine.axon");
  ASSERT_EQ(run("train --data sine --layers auto 16 16 auto --epochs 300 --learning_rate 0.01 "
                "--verbose_epoch 0 --save " +
                model)
                .exit_code,
            0);
  const CommandResult eval = run("eval --model " + model + " --data sine");
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_NE(eval.out.find("MSE: 0.00"), std::string::npos) << eval.out;
  EXPECT_NE(eval.out.find("R²: 0.9"), std::string::npos) << eval.out;
  EXPECT_EQ(eval.out.find("Accuracy"), std::string::npos) << eval.out;

  // The generator standardizes x; x = 0 is the middle of [-2 pi, 2 pi], where
  // y = 0.5 (sin 0 + 1) = 0.5.
  const CommandResult predict =
      run("predict --model " + model + " --input " + dir_.write("x.csv", "0\n"));
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  std::istringstream lines(predict.out);
  std::string header, value;
  std::getline(lines, header);
  std::getline(lines, value);
  EXPECT_EQ(header, "value");
  EXPECT_NEAR(std::stod(value), 0.5, 0.1);
}

TEST_F(AxonCommand, ASigmoidOutputGivesOneProbabilityPerRow) {
  const std::string model = dir_.file("moons.axon");
  const CommandResult train =
      run("train --data moons --output sigmoid --epochs 50 --layers auto "
          "16 auto --learning_rate 0.01 --save " +
          model);
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_NE(train.out.find("2-16-1 (relu hidden, sigmoid output)"), std::string::npos) << train.out;
  EXPECT_NE(train.out.find("loss bce"), std::string::npos) << train.out;
  const CommandResult predict =
      run("predict --model " + model + " --input " + dir_.write("p.csv", "0,1\n1,-0.5\n"));
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  EXPECT_EQ(predict.out.substr(0, predict.out.find('\n')), "class,p1");
  EXPECT_EQ(std::count(predict.out.begin(), predict.out.end(), '\n'), 3);
}

// XOR without noise is four points: the test is all four (a held-out point would be unlearnable).
TEST_F(AxonCommand, TestsXorOnItsFourPoints) {
  const std::string report = dir_.file("xor.json");
  const CommandResult r = run("train --data xor --epochs 300 --verbose_epoch 0 --report " + report);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Split: 4 training, 4 test samples"), std::string::npos) << r.out;
  const auto json = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(json["test"]["accuracy"].get<double>(), 1.0) << r.out;
}

TEST_F(AxonCommand, AcceptsDashAndUnderscoreSpellings) {
  const CommandResult dashed =
      run("train --data xor:samples=40 --learning-rate 0.05 --batch-size 8 "
          "--epochs 2 --verbose-epoch 1 --test-split 0.25");
  EXPECT_EQ(dashed.exit_code, 0) << dashed.err;
  const CommandResult underscored =
      run("train --data xor:samples=40 --learning_rate 0.05 --batch_size 8 "
          "--epochs 2 --verbose_epoch 1 --test_split 0.25");
  EXPECT_EQ(underscored.exit_code, 0) << underscored.err;
}

TEST_F(AxonCommand, TrainsOnACsvFile) {
  std::string text = "x1,x2,label\n";
  for (int i = 0; i < 40; ++i)
    text += std::to_string(i % 2 == 0 ? 1.0 + i * 0.01 : -1.0 - i * 0.01) + ",0.5," +
            std::to_string(i % 2) + "\n";
  const std::string csv = dir_.write("train.csv", text);
  const std::string report = dir_.file("r.json");
  const CommandResult r = run("train --data csv:" + csv +
                              " --epochs 30 --layers auto 4 auto --batch_size 8 "
                              "--learning_rate 0.05 --report " +
                              report);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(j["model"]["task"], "classification");
  EXPECT_EQ(j["test"]["samples"], 8);
  EXPECT_DOUBLE_EQ(j["test"]["accuracy"].get<double>(), 1.0);
}

TEST_F(AxonCommand, HelpListsEveryFlagWithItsDefault) {
  const CommandResult r = run("train --help");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* text : {"--data TEXT=fashion-mnist", "--learning_rate,--learning-rate,--lr",
                           "=0.001", "--batch_size,--batch-size", "=128", "--epochs", "=10",
                           "--optimizer TEXT=adam", "--test_split", "--verbose_epoch"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
  EXPECT_EQ(run("--help").exit_code, 0);
}

TEST_F(AxonCommand, BadInputExitsWithCodeTwoAndAMessage) {
  const CommandResult unknown_flag = run("train --bogus 3");
  EXPECT_EQ(unknown_flag.exit_code, 2);
  EXPECT_NE(unknown_flag.err.find("--bogus"), std::string::npos) << unknown_flag.err;

  const CommandResult bad_value = run("train --epochs many");
  EXPECT_EQ(bad_value.exit_code, 2);
  EXPECT_NE(bad_value.err.find("many"), std::string::npos) << bad_value.err;

  const CommandResult bad_source = run("train --data nowhere");
  EXPECT_EQ(bad_source.exit_code, 2);
  EXPECT_NE(bad_source.err.find("unknown data source 'nowhere'"), std::string::npos);

  const CommandResult bad_layers = run("train --data sine --layers 3 4 1");
  EXPECT_EQ(bad_layers.exit_code, 2);
  EXPECT_NE(bad_layers.err.find("--layers starts with 3 but the data has 1 features"),
            std::string::npos)
      << bad_layers.err;

  const CommandResult bad_loss = run("train --data blobs --loss nonsense --epochs 1");
  EXPECT_EQ(bad_loss.exit_code, 2);
  EXPECT_NE(bad_loss.err.find("unknown loss 'nonsense'"), std::string::npos) << bad_loss.err;

  const CommandResult missing_model =
      run("eval --model " + dir_.file("none.axon") + " --data blobs");
  EXPECT_EQ(missing_model.exit_code, 2);
  EXPECT_NE(missing_model.err.find("cannot open"), std::string::npos) << missing_model.err;

  const CommandResult no_command = run("");
  EXPECT_EQ(no_command.exit_code, 2);
  EXPECT_FALSE(no_command.err.empty());
}

}  // namespace
}  // namespace axon
