// The axon command on tables as people have them: text labels and columns, a semicolon file with
// missing cells, task detection with its reason, regression in the targets' units with R², eval
// scoring the rows training held out, its JSON report, and bad table input exiting 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/temp_dir.hpp"

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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The value after `key` on the Test line (or anywhere without one) up to the next space, e.g.
// accuracy in "Test: loss 0.1  accuracy 0.9333".
std::string value_after(const std::string& text, const std::string& key) {
  const std::size_t test = text.find("Test:");
  const std::size_t at = text.find(key, test == std::string::npos ? 0 : test);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  return text.substr(start, text.find_first_of(" \n", start) - start);
}

// Two well separated flowers and a third between them, by two measures and a text colour.
std::string flowers_csv(std::size_t rows) {
  std::string text = "petal length,colour,species\n";
  const char* names[] = {"setosa", "versicolor", "virginica"};
  const char* colours[] = {"white", "blue", "purple"};
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t k = i % 3;
    const double jitter = 0.1 * static_cast<double>((i * 7) % 5);
    text += std::to_string(1.0 + 2.0 * static_cast<double>(k) + jitter) + "," + colours[k] + "," +
            names[k] + "\n";
  }
  return text;
}

class TableCommand : public ::testing::Test {
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

TEST_F(TableCommand, TextLabelsTrainEvalOnTheHeldOutRowsAndPredictNames) {
  const std::string data = dir_.write("flowers.csv", flowers_csv(90));
  const std::string model = dir_.file("f.axon"), report = dir_.file("eval.json");
  const CommandResult train = run("train --data csv:" + data +
                                  " --label_column species --layers auto 8 auto --save " + model);
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_TRUE(contains(train.out, "(90 rows of 2 features (4 one-hot encoded from 1 text column)"))
      << train.out;
  EXPECT_TRUE(contains(train.out, "Task: classification, as label 'species' holds text: 3 classes"))
      << train.out;
  EXPECT_TRUE(contains(train.out, "Epochs: up to 200")) << train.out;
  const std::string held_out = value_after(train.out, "accuracy ");
  ASSERT_FALSE(held_out.empty()) << train.out;

  const CommandResult eval =
      run("eval --model " + model + " --data csv:" + data + " --report " + report);
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_TRUE(contains(eval.out, "Rows: the 18 test rows of 90 held out in training")) << eval.out;
  EXPECT_TRUE(contains(eval.out, "Accuracy: " + held_out)) << eval.out;
  EXPECT_TRUE(contains(eval.out, "Classes: 0 setosa, 1 versicolor, 2 virginica")) << eval.out;
  const nlohmann::json j = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(j["rows"], "test");
  EXPECT_EQ(j["samples"], 18);
  EXPECT_EQ(j["row_indices"].size(), 18u);
  EXPECT_EQ(j["lines"][0].get<std::size_t>(), j["row_indices"][0].get<std::size_t>() + 2);
  EXPECT_EQ(j["classes"], nlohmann::json({"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(j["confusion_matrix"].size(), 3u);
  EXPECT_EQ(j["per_class"][1]["class"], "versicolor");
  for (const char* key : {"precision", "recall", "f1", "support"})
    EXPECT_TRUE(j["per_class"][0].contains(key)) << key;
  EXPECT_TRUE(j["metrics"].contains("accuracy"));
  EXPECT_TRUE(j.contains("loss"));

  const CommandResult all = run("eval --model " + model + " --data csv:" + data + " --rows all");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(contains(all.out, "Samples: 90")) << all.out;

  const std::string input = dir_.write("in.csv", "petal length,colour\n1.1,white\n5.2,purple\n");
  const CommandResult predict = run("predict --model " + model + " --input " + input);
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  EXPECT_TRUE(contains(predict.out, "\nsetosa,")) << predict.out;
  EXPECT_TRUE(contains(predict.out, "\nvirginica,")) << predict.out;

  const CommandResult unknown = run("predict --model " + model + " --input " +
                                    dir_.write("u.csv", "petal length,colour\n1,red\n"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err,
                       "u.csv' line 2, column 2 (colour): category 'red' was not seen "
                       "in training (known: blue, purple, white)"))
      << unknown.err;
  // One row without a header: the unknown category is named, not taken for a header.
  const CommandResult headless =
      run("predict --model " + model + " --input " + dir_.write("h.csv", "1,red\n"));
  EXPECT_EQ(headless.exit_code, 2);
  EXPECT_TRUE(contains(headless.err, "h.csv' line 1, column 2: category 'red' was not seen"))
      << headless.err;
  const CommandResult one = run("predict --model " + model + " --input " +
                                dir_.write("one.csv", "5.2,purple\n") + " --classes");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "class\nvirginica\n");
}

TEST_F(TableCommand, EvalOnAnotherFileScoresEveryRowAndSaysWhy) {
  const std::string data = dir_.write("flowers.csv", flowers_csv(60));
  const std::string other = dir_.write("other.csv", flowers_csv(30));
  const std::string model = dir_.file("f.axon");
  ASSERT_EQ(run("train --data csv:" + data + " --label_column species --epochs 5 --save " + model)
                .exit_code,
            0);
  const CommandResult eval = run("eval --model " + model + " --data csv:" + other);
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_TRUE(contains(eval.out, "Rows: all 30 rows (--data is not the model's training data"))
      << eval.out;
  const CommandResult test = run("eval --model " + model + " --data csv:" + other + " --rows test");
  EXPECT_EQ(test.exit_code, 2);
  EXPECT_TRUE(contains(test.err, "cannot rebuild the held-out rows")) << test.err;
}

TEST_F(TableCommand, SemicolonFileWithMissingCellsAndManyIntegerTargetsIsRegression) {
  // y = 3 x1 - 2 x2 + 100 as whole numbers from about 40 to 160: regression, not 160 classes.
  std::string text = "x1;x2;y\n";
  for (int i = 0; i < 400; ++i) {
    const int x1 = i % 20, x2 = (i * 7) % 13;
    text += std::to_string(x1) + ";" + (i == 5 ? "NA" : std::to_string(x2)) + ";" +
            std::to_string(3 * x1 - 2 * x2 + 100) + "\n";
  }
  const std::string data = dir_.write("lin.csv", text);
  const std::string model = dir_.file("lin.axon");
  const CommandResult refused = run("train --data csv:" + data + " --save " + model);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.err,
                       "lin.csv' line 7, column 2 (x2): missing value 'NA'; pass "
                       "--missing drop"))
      << refused.err;
  EXPECT_FALSE(std::filesystem::exists(model));

  const CommandResult train =
      run("train --data csv:" + data + " --missing mean --layers auto 16 auto --save " + model);
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_TRUE(contains(train.out, "fields split at ';'")) << train.out;
  EXPECT_TRUE(contains(train.out,
                       "Task: regression, as label 'y' has more than 30 distinct "
                       "integers"))
      << train.out;
  const std::string r2 = value_after(train.out, "r2 ");
  ASSERT_FALSE(r2.empty()) << train.out;
  EXPECT_GT(std::stod(r2), 0.9) << train.out;
  const CommandResult eval = run("eval --model " + model + " --data csv:" + data);
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_TRUE(contains(eval.out, "R²: " + r2)) << eval.out << "\ntrain: " << r2;

  // Predictions come back in the targets' units: x1 = 10, x2 = 5 gives 120.
  const CommandResult predict =
      run("predict --model " + model + " --input " + dir_.write("x.csv", "x1;x2\n10;5\n"));
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  std::istringstream lines(predict.out);
  std::string header, value;
  std::getline(lines, header);
  std::getline(lines, value);
  EXPECT_NEAR(std::stod(value), 120.0, 10.0) << predict.out;

  const CommandResult forced =
      run("train --data csv:" + data + " --missing drop --task classification --epochs 1");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(contains(forced.out, "1 row dropped for missing values")) << forced.out;
  EXPECT_TRUE(contains(forced.out, "Task: classification, as --task classification")) << forced.out;
}

TEST_F(TableCommand, BadTableFlagsExitTwoNamingTheFlag) {
  const std::string data = dir_.write("flowers.csv", flowers_csv(30));
  const CommandResult missing = run("train --data csv:" + data + " --missing zero");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "--missing: unknown missing-value setting 'zero'"))
      << missing.err;
  const CommandResult delimiter = run("train --data csv:" + data + " --delimiter xy");
  EXPECT_EQ(delimiter.exit_code, 2);
  EXPECT_TRUE(contains(delimiter.err, "--delimiter: unknown delimiter")) << delimiter.err;
  const CommandResult regression =
      run("train --data csv:" + data + " --label_column species --task regression");
  EXPECT_EQ(regression.exit_code, 2);
  EXPECT_TRUE(contains(regression.err, "line 2, column 3 (species): label 'setosa' is text"))
      << regression.err;
}

}  // namespace
}  // namespace axon
