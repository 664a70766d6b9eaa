// The axon command on NumPy archives, CIFAR-10 batches and piped predictions: --data npz:FILE
// and cifar10:DIR, predict reading standard input (CSV or .npy), --output, --format json and
// --classes, and bad files giving exit code 2 with the file named and no output left behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
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

std::string fixture(const std::string& name) {
  return std::string(AXON_TEST_DIR) + "/fixtures/numpy/" + name;
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class DataFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }

  // Runs `axon arguments` with standard input from `input` (a file; /dev/null by default).
  CommandResult run(const std::string& arguments, const std::string& input = "/dev/null") const {
    const std::string out = dir_.file("stdout"), err = dir_.file("stderr");
    const std::string command =
        binary_ + " " + arguments + " > '" + out + "' 2> '" + err + "' < '" + input + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out), read_text(err)};
  }

  std::string train(const std::string& data, const std::string& name) const {
    const std::string model = dir_.file(name);
    const CommandResult r =
        run("train --data " + data + " --layers auto 8 auto --epochs 2 --save " + model);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return model;
  }

  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  test::TempDir dir_;
};

TEST_F(DataFormats, TrainsOnAnNpzAndPredictsFromAnNpyOnStandardInput) {
  const std::string model = train("npz:" + fixture("regression.npz"), "regression.axon");
  // fortran_be_3x2.npy: 3 rows of 2 features, big-endian int32 in Fortran order.
  const CommandResult r =
      run("predict --model " + model + " --input -", fixture("fortran_be_3x2.npy"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("value\n")) << r.out;
  EXPECT_EQ(count_lines(r.out), 4u) << r.out;
}

TEST_F(DataFormats, DescribesTheNpzAndUsesItsTestArrays) {
  const CommandResult r =
      run("train --data " + fixture("split.npz") + " --layers auto 4 auto --epochs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("x_train 4 x 2 x 3 int, y_train 4 int"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(2 samples)"), std::string::npos) << r.out;
}

TEST_F(DataFormats, WritesJsonToAFileAndClassesOnly) {
  const std::string model = train("npz:" + fixture("classes_compressed.npz"), "classes.axon");
  const std::string csv = dir_.write("rows.csv", std::string("1,2,3,0.5\n0,0,0,0\n3,1,2,2\n"));
  const std::string output = dir_.file("predictions.json");
  CommandResult r =
      run("predict --model " + model + " --input - --format json --output " + output, csv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const nlohmann::json j = nlohmann::json::parse(read_text(output));
  ASSERT_EQ(j.size(), 3u);
  for (const nlohmann::json& row : j) {
    const double sum = row["p0"].get<double>() + row["p1"].get<double>() + row["p2"].get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_LT(row["class"].get<int>(), 3);
  }
  r = run("predict --model " + model + " --input " + csv + " --classes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "class");
  for (const nlohmann::json& row : j) {  // the same classes as the JSON
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_EQ(line, std::to_string(row["class"].get<int>()));
  }
}

TEST_F(DataFormats, BadInputExitsTwoNamingTheFileAndWritesNothing) {
  const std::string model = train("npz:" + fixture("classes.npz"), "m.axon");
  const std::string output = dir_.file("out.csv");
  CommandResult r =
      run("predict --model " + model + " --input " + fixture("object.npy") + " --output " + output);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("object.npy': object arrays are not supported"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(output));
  r = run("predict --model " + model + " --input - --output " + model, fixture("f4_le.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is the --model file"), std::string::npos) << r.err;
  r = run("train --data npz:" + fixture("pickled.npz"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pickled.npz:y.npy'"), std::string::npos) << r.err;
  r = run("predict --model " + model + " --input " + fixture("classes.npz") + " --classes " +
          "--format xml");
  EXPECT_EQ(r.exit_code, 2);
  const std::string regression = train("npz:" + fixture("regression.npz"), "r.axon");
  r = run("predict --model " + regression + " --input " + fixture("fortran_be_3x2.npy") +
          " --classes");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--classes needs a classification model"), std::string::npos) << r.err;
}

// Record r of a batch: label r % 10, every pixel r.
void write_cifar(const test::TempDir& dir, int records) {
  std::vector<unsigned char> batch;
  for (int r = 0; r < records; ++r) {
    batch.push_back(static_cast<unsigned char>(r % 10));
    batch.insert(batch.end(), 3072, static_cast<unsigned char>(r));
  }
  for (int b = 1; b <= 5; ++b) dir.write("data_batch_" + std::to_string(b) + ".bin", batch);
  dir.write("test_batch.bin", batch);
}

TEST_F(DataFormats, TrainsOnCifar10Batches) {
  test::TempDir cifar;
  write_cifar(cifar, 4);
  CommandResult r =
      run("train --data cifar10:" + cifar.path().string() + " --layers auto 4 auto --epochs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("20 training and 4 test images of 3 x 32 x 32"), std::string::npos) << r.out;
  std::filesystem::remove(cifar.file("data_batch_3.bin"));
  r = run("train --data cifar10:" + cifar.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("has no data_batch_3.bin"), std::string::npos) << r.err;
}

TEST_F(DataFormats, VersionSuggestionsAndTheValidationCount) {
  CommandResult r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("axon ")) << r.out;
  r = run("train --data xor --epoch 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("(did you mean --epochs?)"), std::string::npos) << r.err;
  r = run("trian");
  EXPECT_NE(r.err.find("(did you mean train?)"), std::string::npos) << r.err;
  r = run("train --data blobs:samples=100 --epochs 1 --test_split 0.2 --validation_split 0.25");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Split: 60 training, 20 validation, 20 test samples"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace axon
