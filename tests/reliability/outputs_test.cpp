// Outputs that cannot hurt, and failures found before training: an output naming an input is
// refused and the input left as it was; --plots naming a file, a device as --save, test data of
// another task and a learning-rate schedule that only grows fail before the first epoch; the model
// and the report are written as one (StagedFiles), and a report path that is not UTF-8 still gives
// valid JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "axon/io/file_bytes.hpp"
#include "axon/io/temporary_files.hpp"
#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "reliability/process.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class Outputs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(test::axon_binary())) GTEST_SKIP() << test::axon_binary() << " is not built";
    std::ofstream classes(data_);
    classes << "a,b,label\n";
    for (int i = 0; i < 40; ++i) classes << i * 0.1 << "," << (i % 7) * 0.3 << "," << i % 2 << "\n";
    std::ofstream values(regression_);
    values << "a,b,label\n";
    for (int i = 0; i < 40; ++i)
      values << i * 0.1 << "," << (i % 7) * 0.3 << "," << i * 0.37 << "\n";
  }

  // Runs `axon train --epochs 1 arguments...`; returns the exit code, stdout + stderr in `output`.
  int train(std::vector<std::string> arguments, std::string& output) const {
    arguments.insert(arguments.begin(), {"train", "--epochs", "1"});
    const test::ProcessResult result =
        test::run_axon(arguments, dir_.file("stdout"), dir_.file("stderr"));
    output = test::read_text(dir_.file("stdout")) + test::read_text(dir_.file("stderr"));
    EXPECT_EQ(result.signal, 0) << output;
    return result.exit_code;
  }

  test::TempDir dir_;
  const std::string data_ = dir_.file("classes.csv");
  const std::string regression_ = dir_.file("values.csv");
};

TEST_F(Outputs, AnOutputNamingAnInputIsRefusedAndTheInputKept) {
  const std::string before = test::read_text(data_);
  std::string out;
  EXPECT_EQ(train({"--data", "csv:" + data_, "--save", data_}, out), 2);
  EXPECT_THAT(out, HasSubstr("is a file that --data 'csv:" + data_ + "' reads"));
  // Another spelling of the same file, and a hard link to it.
  const std::string dotted = (fs::path(data_).parent_path() / "." / "classes.csv").string();
  EXPECT_EQ(train({"--data", "csv:" + data_, "--report", dotted}, out), 2);
  EXPECT_THAT(out, HasSubstr("--report '" + dotted + "' is a file that --data"));
  const std::string link = dir_.file("link.csv");
  ASSERT_EQ(::link(data_.c_str(), link.c_str()), 0);
  EXPECT_EQ(train({"--data", "csv:" + data_, "--save", link}, out), 2);
  EXPECT_THAT(out, HasSubstr("--save '" + link + "' is a file that --data"));
  EXPECT_EQ(train({"--data", "blobs", "--test_data", "csv:" + data_, "--save", data_}, out), 2);
  EXPECT_THAT(out, HasSubstr("is a file that --test_data"));
  EXPECT_EQ(out.find("Epoch"), std::string::npos) << out;
  EXPECT_EQ(test::read_text(data_), before);
}

TEST_F(Outputs, LateFailuresComeBeforeTheFirstEpoch) {
  const std::string model = dir_.file("m.axon");
  const std::string file = dir_.file("not_a_directory");
  std::ofstream(file) << "x";
  struct Case {
    std::vector<std::string> arguments;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--data", "blobs", "--plots", file}, "--plots '" + file + "' is a file; give a directory"},
      {{"--data", "blobs", "--plots", dir_.file("missing/plots")}, "does not exist"},
      {{"--data", "csv:" + data_, "--test_data", "csv:" + regression_},
       "holds regression targets but --data 'csv:" + data_ + "' holds classification targets"},
      {{"--data", "blobs", "--lr_schedule", "exponential:1e30"}, "gamma must be in (0, 1]"},
      {{"--data", "blobs", "--lr_schedule", "step:2:1.5"}, "gamma must be in (0, 1]"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> arguments = c.arguments;
    arguments.insert(arguments.end(), {"--save", model});
    std::string out;
    EXPECT_EQ(train(arguments, out), 2) << out;
    EXPECT_THAT(out, HasSubstr(c.message));
    EXPECT_EQ(out.find("Epoch"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(model)) << c.message;
  }
}

TEST_F(Outputs, ADeviceIsNeverReplaced) {
  struct stat info {};
  if (::stat("/dev/null", &info) != 0 || !S_ISCHR(info.st_mode)) GTEST_SKIP() << "no /dev/null";
  std::string out;
  EXPECT_EQ(train({"--data", "blobs", "--save", "/dev/null"}, out), 2);
  EXPECT_THAT(out, HasSubstr("--save '/dev/null' is not a regular file"));
  EXPECT_EQ(out.find("Epoch"), std::string::npos) << out;
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
}

TEST_F(Outputs, AReportPathThatIsNotUtf8GivesValidJson) {
  const std::string report = dir_.file("r\xff\xfe.json");
  std::string out;
  ASSERT_EQ(train({"--data", "blobs", "--report", report}, out), 0) << out;
  const nlohmann::json json = nlohmann::json::parse(test::read_text(report));
  EXPECT_EQ(json["config"]["report"].get<std::string>(),
            dir_.file("r\xef\xbf\xbd\xef\xbf\xbd.json"));
}

TEST(StagedFiles, AFailureWritesNoneOfTheOutputs) {
  test::TempDir dir;
  const std::string kept = dir.file("kept.txt");
  std::ofstream(kept) << "old";
  const std::vector<unsigned char> bytes = {'n', 'e', 'w'};
  {
    StagedFiles files;
    files.stage(kept, bytes);
    files.stage(dir.file("new.txt"), bytes);
    EXPECT_THROW(files.stage(dir.file("missing/x.txt"), bytes), Error);
  }
  EXPECT_EQ(test::read_text(kept), "old");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path()))
    names.push_back(entry.path().filename().string());
  EXPECT_THAT(names, ::testing::ElementsAre("kept.txt"));
  EXPECT_EQ(temporaries_in_progress(), 0);
}

TEST(StagedFiles, CommitWritesEveryOutput) {
  test::TempDir dir;
  const std::vector<unsigned char> one = {'1'}, two = {'2', '2'};
  StagedFiles files;
  files.stage(dir.file("a"), one);
  files.stage(dir.file("b"), two);
  EXPECT_FALSE(fs::exists(dir.file("a")));
  files.commit();
  EXPECT_EQ(test::read_text(dir.file("a")), "1");
  EXPECT_EQ(test::read_text(dir.file("b")), "22");
  EXPECT_EQ(temporaries_in_progress(), 0);
}

TEST_F(Outputs, EvalRefusesAReportOverItsModelOrDataBeforeReadingThem) {
  const std::string model = dir_.file("m.axon");
  std::string out;
  ASSERT_EQ(train({"--data", "csv:" + data_, "--save", model}, out), 0) << out;
  const std::string data_before = test::read_text(data_), model_before = test::read_text(model);
  const auto eval = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> arguments = {"eval", "--model", model, "--data", data_};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const test::ProcessResult r =
        test::run_axon(arguments, dir_.file("stdout"), dir_.file("stderr"));
    out = test::read_text(dir_.file("stdout")) + test::read_text(dir_.file("stderr"));
    return r.exit_code;
  };
  EXPECT_EQ(eval({"--report", data_}), 2);
  EXPECT_THAT(out, HasSubstr("is a file that --data"));
  EXPECT_EQ(eval({"--report", dir_.file("./m.axon")}), 2);
  EXPECT_THAT(out, HasSubstr("is a file that --model"));
  EXPECT_EQ(eval({"--plots", data_}), 2);
  EXPECT_THAT(out, HasSubstr("is a file; give a directory"));
  EXPECT_EQ(test::read_text(data_), data_before);
  EXPECT_EQ(test::read_text(model), model_before);
  EXPECT_EQ(eval({"--report", dir_.file("r.json")}), 0) << out;
  EXPECT_TRUE(fs::exists(dir_.file("r.json")));
}

}  // namespace
}  // namespace axon
