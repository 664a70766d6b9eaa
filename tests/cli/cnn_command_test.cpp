// CNNs through the axon command. A CNN saved through the library: summary shows the image layers
// and their shapes, predict takes IDX images as the flat rows the unflatten layer reads, and gives
// the same probabilities as the library. `train --model`: a small CNN learns generated IDX images,
// its model file, report, checkpoint and pictures carry the layers, and the flags that cannot go
// with it are refused.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "axon/io/model_file.hpp"
#include "axon/model/architecture.hpp"
#include "io/temp_dir.hpp"
#include "plot/picture_checks.hpp"
#include "support/idx_bytes.hpp"

namespace axon {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CnnCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }
  // Runs the command; returns its exit code, with stdout in out_ and stderr in err_.
  int run(const std::string& arguments) {
    const std::string out = dir_.file("stdout"), err = dir_.file("stderr");
    const int status = std::system(
        (binary_ + " " + arguments + " > '" + out + "' 2> '" + err + "' < /dev/null").c_str());
    out_ = read_text(out);
    err_ = read_text(err);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // 60 training and 30 test images of 8x8 in three classes: class k is a bright 3x3 square in
  // corner k (top left, top right, bottom left) on a dim, varying background. Returns the
  // idx:DIR value.
  std::string write_images() {
    const std::string dir = dir_.file("idx");
    std::filesystem::create_directories(dir);
    for (const std::string part : {"train", "t10k"}) {
      const std::uint32_t count = part == "train" ? 60 : 30;
      std::vector<unsigned char> pixels, labels;
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t k = (i * 7 + (part == "train" ? 0 : 1)) % 3;
        const std::uint32_t top = k == 2 ? 5 : 0, left = k == 1 ? 5 : 0;
        for (std::uint32_t y = 0; y < 8; ++y)
          for (std::uint32_t x = 0; x < 8; ++x) {
            const bool square = y >= top && y < top + 3 && x >= left && x < left + 3;
            pixels.push_back(
                static_cast<unsigned char>(square ? 220 + (x + i) % 30 : (x * 5 + y * 3 + i) % 50));
          }
        labels.push_back(static_cast<unsigned char>(k));
      }
      dir_.write("idx/" + part + "-images-idx3-ubyte", test::idx_bytes({count, 8, 8}, pixels));
      dir_.write("idx/" + part + "-labels-idx1-ubyte", test::idx_bytes({count}, labels));
    }
    return "idx:" + dir;
  }

  // The accuracy of the "Test: loss L  accuracy A" line of out_, or -1 without one.
  double test_accuracy() const {
    const std::size_t at = out_.find("Test: loss");
    if (at == std::string::npos) return -1.0;
    const std::size_t word = out_.find("accuracy ", at);
    return word == std::string::npos ? -1.0 : std::stod(out_.substr(word + 9));
  }

  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  const std::string cnn_ = "\"conv 4 3 relu padding=same, maxpool 2, flatten, dense 3\"";
  test::TempDir dir_;
  std::string out_, err_;
};

TEST_F(CnnCommand, SummaryAndPredictReadACnnModelFile) {
  Sequential model = parse_architecture(
      "conv 4 3 relu padding=same, maxpool 2, flatten, dense 3 softmax", Shape{1, 8, 8}, 5);
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  ModelInfo info;
  info.preprocessing.classes = 3;
  info.preprocessing.pixel_scale = 1.0f / 255.0f;
  const std::string path = dir_.file("cnn.axon");
  save_model(path, model, info);

  ASSERT_EQ(run("summary --model " + path), 0) << err_;
  EXPECT_THAT(out_, HasSubstr("conv2d_1 (conv2d)             (None, 4, 8, 8)"));
  EXPECT_THAT(out_, HasSubstr("max_pool2d_1 (max_pool2d)     (None, 4, 4, 4)"));

  // Two 8x8 images as IDX, pixels 0..255.
  std::vector<unsigned char> pixels(2 * 64);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 37);
  const std::vector<unsigned char> bytes = test::idx_bytes({2, 8, 8}, pixels);
  const std::string images = dir_.file("images.idx");
  std::ofstream(images, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  ASSERT_EQ(run("predict --model " + path + " --input " + images), 0) << err_;

  Tensor x(Shape{2, 64});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = pixels[i] / 255.0f;
  const Tensor expected = model.predict(x);
  std::istringstream lines(out_);
  std::string line;
  std::getline(lines, line);  // the header
  for (std::size_t r = 0; r < 2; ++r) {
    ASSERT_TRUE(std::getline(lines, line)) << out_;
    std::vector<double> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(std::stod(cell));
    ASSERT_GE(cells.size(), 3u) << line;
    for (std::size_t c = 0; c < 3; ++c)
      EXPECT_NEAR(cells[cells.size() - 3 + c], expected(r, c), 1e-5) << line;
  }
}

TEST_F(CnnCommand, TrainsACnnOnIdxImagesAndSavesItsLayers) {
  const std::string data = write_images();
  const std::string model = dir_.file("cnn.axon"), report = dir_.file("report.json");
  ASSERT_EQ(run("train --data " + data + " --model " + cnn_ +
                " --epochs 15 --batch_size 10 --learning_rate 0.01 --save " + model + " --report " +
                report),
            0)
      << err_;
  // The start shows every layer with its output shape and parameter count.
  EXPECT_THAT(out_, HasSubstr("unflatten_1 (unflatten)       (None, 1, 8, 8)"));
  EXPECT_THAT(out_, ContainsRegex("conv2d_1 \\(conv2d\\) +\\(None, 4, 8, 8\\) +40\n"));
  EXPECT_THAT(out_, ContainsRegex("dense_1 \\(dense\\) +\\(None, 3\\) +195\n"));
  EXPECT_THAT(out_, HasSubstr("loss softmax_cross_entropy"));
  const double accuracy = test_accuracy();
  EXPECT_GE(accuracy, 0.9) << out_;

  const nlohmann::json json = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(json["model"]["architecture"],
            "conv 4 3 relu padding=same, maxpool 2, flatten, dense 3");
  EXPECT_EQ(json["config"]["model"], json["model"]["architecture"]);
  EXPECT_EQ(json["model"]["parameters"], 40 + 195);
  EXPECT_FALSE(json["model"].contains("layers"));  // the sizes of --layers do not apply

  ASSERT_EQ(run("summary --model " + model), 0) << err_;
  EXPECT_THAT(out_, HasSubstr("max_pool2d_1 (max_pool2d)     (None, 4, 4, 4)"));
  EXPECT_THAT(out_, HasSubstr("flatten_1 (flatten)           (None, 64)"));
  EXPECT_THAT(out_, HasSubstr("Total params: 235"));

  // The saved model scores the test images as the run did.
  ASSERT_EQ(run("eval --model " + model + " --data " + data), 0) << err_;
  EXPECT_THAT(out_, HasSubstr(fmt::format("{:.4f}", accuracy))) << out_;
}

TEST_F(CnnCommand, ReadsTheModelFromAFile) {
  const std::string data = write_images();
  const std::string spec = dir_.file("cnn.txt"), report = dir_.file("report.json");
  std::ofstream(spec) << "# a small CNN\nconv 2 3 relu,\nmaxpool 2\n\nflatten, dense 3\n";
  ASSERT_EQ(run("train --data " + data + " --model @" + spec + " --epochs 1 --report " + report), 0)
      << err_;
  EXPECT_EQ(nlohmann::json::parse(read_text(report))["model"]["architecture"],
            "conv 2 3 relu, maxpool 2, flatten, dense 3");
  EXPECT_EQ(run("train --data " + data + " --model @" + dir_.file("missing.txt")), 2);
  EXPECT_THAT(err_, HasSubstr("cannot read"));
  std::ofstream(dir_.file("empty.txt")) << "# nothing\n\n";
  EXPECT_EQ(run("train --data " + data + " --model @" + dir_.file("empty.txt")), 2);
  EXPECT_THAT(err_, HasSubstr("holds no layers"));
}

TEST_F(CnnCommand, RefusesWhatCannotGoWithModel) {
  const std::string data = write_images();
  EXPECT_EQ(run("train --data " + data + " --model " + cnn_ + " --layers auto 8 auto"), 2);
  EXPECT_THAT(err_, HasSubstr("--model and --layers both describe the layers"));
  EXPECT_EQ(run("train --data " + data + " --model " + cnn_ + " --dropout 0.2"), 2);
  EXPECT_THAT(err_, HasSubstr("--dropout"));

  // A table is not images.
  std::ofstream(dir_.file("table.csv")) << "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n";
  EXPECT_EQ(run("train --data " + dir_.file("table.csv") + " --model " + cnn_), 2);
  EXPECT_THAT(err_, HasSubstr("--model has a conv layer, which needs images"));
  EXPECT_EQ(run("train --data blobs --model \"maxpool 2, flatten, dense 3\""), 2);
  EXPECT_THAT(err_, HasSubstr("maxpool layer, which needs images"));

  // Layers that do not fit the data or the classes.
  EXPECT_EQ(run("train --data " + data + " --model \"conv 4 9, flatten, dense 3\""), 2);
  EXPECT_THAT(err_, HasSubstr("--model: architecture: layer 1"));
  EXPECT_EQ(run("train --data " + data + " --model \"conv 4 3, flatten, dense 5\""), 2);
  EXPECT_THAT(err_, HasSubstr("--model ends with 5 output(s) but the data has 3 classes"));
  EXPECT_EQ(run("train --data " + data + " --model \"conv 4 3, flat, dense 3\""), 2);
  EXPECT_THAT(err_, HasSubstr("unknown layer 'flat'"));
}

TEST_F(CnnCommand, DenseLayersOfModelTrainOnATable) {
  ASSERT_EQ(
      run("train --data blobs:samples=120,classes=3 --model \"dense 8 relu, dense 3 softmax\" "
          "--epochs 30 --batch_size 16 --learning_rate 0.02"),
      0)
      << err_;
  EXPECT_THAT(out_, HasSubstr("loss cross_entropy"));
  EXPECT_GE(test_accuracy(), 0.8) << out_;
}

// A CNN stopped after 2 epochs and resumed to 4 ends as a run of 4 never stopped.
TEST_F(CnnCommand, ResumedCnnEqualsUninterruptedRun) {
  const std::string data = write_images();
  const std::string flags = "train --data " + data + " --model " + cnn_ + " --batch_size 10 ";
  ASSERT_EQ(run(flags + "--epochs 4 --report " + dir_.file("full.json")), 0) << err_;
  const std::string checkpoint = dir_.file("run.ckpt");
  ASSERT_EQ(run(flags + "--epochs 2 --checkpoint " + checkpoint), 0) << err_;
  ASSERT_EQ(
      run(flags + "--epochs 4 --resume " + checkpoint + " --report " + dir_.file("resumed.json")),
      0)
      << err_;
  EXPECT_THAT(out_, HasSubstr("Resuming from"));
  const nlohmann::json full = nlohmann::json::parse(read_text(dir_.file("full.json")));
  const nlohmann::json resumed = nlohmann::json::parse(read_text(dir_.file("resumed.json")));
  ASSERT_EQ(resumed["history"].size(), 4u);
  for (std::size_t e = 0; e < 4; ++e)
    EXPECT_EQ(resumed["history"][e]["loss"], full["history"][e]["loss"]) << "epoch " << e + 1;
  EXPECT_EQ(resumed["test"], full["test"]);

  // The checkpoint records the layers: other layers are refused.
  EXPECT_EQ(run("train --data " + data + " --model \"conv 2 3, flatten, dense 3\" --epochs 4 " +
                "--batch_size 10 --resume " + checkpoint),
            2);
  EXPECT_THAT(err_, HasSubstr("--model"));
}

TEST_F(CnnCommand, DrawsTheFiltersAndFeatureMaps) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  const std::string data = write_images();
  const std::string model = dir_.file("cnn.axon");
  ASSERT_EQ(run("train --data " + data + " --model " + cnn_ + " --epochs 2 --save " + model +
                " --plots " + dir_.file("plots")),
            0)
      << err_;
  for (const char* name : {"conv_filters", "feature_maps", "prediction_grid", "history"})
    EXPECT_TRUE(test::read_png_info(dir_.file(std::string("plots/") + name + ".png")).valid)
        << name;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("plots/first_layer_weights.png")));
  // One row per filter (1 input channel), 3x3 weights; one row per map, 8x8 values.
  const std::vector<std::string> filters = test::read_lines(dir_.file("plots/conv_filters.csv"));
  ASSERT_EQ(filters.size(), 5u);
  EXPECT_EQ(std::count(filters[1].begin(), filters[1].end(), ','), 9);
  const std::vector<std::string> maps = test::read_lines(dir_.file("plots/feature_maps.csv"));
  ASSERT_EQ(maps.size(), 5u);
  EXPECT_EQ(std::count(maps[1].begin(), maps[1].end(), ','), 64);

  ASSERT_EQ(run("eval --model " + model + " --data " + data + " --plots " + dir_.file("eval")), 0)
      << err_;
  EXPECT_TRUE(test::read_png_info(dir_.file("eval/conv_filters.png")).valid);
  EXPECT_TRUE(test::read_png_info(dir_.file("eval/feature_maps.png")).valid);
  EXPECT_EQ(test::read_lines(dir_.file("eval/conv_filters.csv")), filters);
}

}  // namespace
}  // namespace axon
