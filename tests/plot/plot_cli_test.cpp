// The plots of the axon command: `train --plots` for 2-D classification, 1-D regression and
// images, `eval --plots`, `plot activations`, and training without gnuplot.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "plot/picture_checks.hpp"
#include "support/idx_bytes.hpp"

namespace axon {
namespace {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class PlotCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
  }

  // `environment` goes before the command ("PATH=/nonexistent").
  Result run(const std::string& arguments, const std::string& environment = "") const {
    const std::string out = dir_.file("stdout"), err = dir_.file("stderr");
    const std::string command = environment + " " + binary_ + " " + arguments + " > '" + out +
                                "' 2> '" + err + "' < /dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_text_file(out),
            test::read_text_file(err)};
  }

  bool exists(const std::string& name) const { return std::filesystem::exists(dir_.file(name)); }

  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
  test::TempDir dir_;
};

TEST_F(PlotCommand, TrainWritesTheClassificationPlotsAndEvalTheConfusionMatrix) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  const std::string model = dir_.file("xor.axon");
  const Result r =
      run("train --data xor:samples=80,noise=0.1 --layers auto 8 auto --epochs 20 "
          "--batch_size 8 --learning_rate 0.05 --validation_split 0.2 --save " +
          model + " --plots " + dir_.file("plots"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote 4 plots"), std::string::npos) << r.out;
  for (const char* name : {"history", "decision_boundary", "layer_magnitudes", "gradient_norms"}) {
    EXPECT_TRUE(exists(std::string("plots/") + name + ".csv")) << name;
    const test::PngInfo png = test::read_png_info(dir_.file(std::string("plots/") + name + ".png"));
    EXPECT_TRUE(png.valid) << name;
    EXPECT_GT(png.image_data_bytes, 8000u) << name;
  }
  EXPECT_FALSE(exists("plots/actual_vs_predicted.png"));
  EXPECT_FALSE(exists("plots/prediction_grid.png"));

  const Result eval =
      run("eval --model " + model + " --data xor:samples=40,noise=0.1 --plot_format svg --plots " +
          dir_.file("eval"));
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_EQ(test::svg_problem(test::read_text_file(dir_.file("eval/confusion_matrix.svg"))), "");
  EXPECT_EQ(test::read_lines(dir_.file("eval/confusion_matrix.csv")).size(), 5u);
}

TEST_F(PlotCommand, TrainWritesTheRegressionFitAndSnapshots) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  const Result r =
      run("train --data sine:samples=100 --layers 1 10 10 1 --epochs 6 "
          "--batch_size 10 --snapshot_epochs 2,4,6 --plots " +
          dir_.file("sine"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  test::expect_png(dir_.file("sine/actual_vs_predicted.png"), 1000, 500);
  test::expect_png(dir_.file("sine/fit_snapshots.png"), 1500, 420);
  EXPECT_EQ(test::read_lines(dir_.file("sine/fit_snapshots.csv"))[0],
            "x,actual,epoch_2,epoch_4,epoch_6");
  EXPECT_EQ(test::read_lines(dir_.file("sine/actual_vs_predicted.csv")).size(), 101u);
  EXPECT_FALSE(exists("sine/decision_boundary.png"));
}

using test::idx_bytes;

TEST_F(PlotCommand, TrainWritesImagePlotsForSquareImages) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  // 30 images of 8x8: class k is a bright band in rows 2k..2k+2.
  std::vector<unsigned char> pixels, labels;
  for (unsigned char i = 0; i < 30; ++i) {
    for (int p = 0; p < 64; ++p) pixels.push_back(p / 8 / 3 == i % 3 ? 240 : (p * 7 + i) % 40);
    labels.push_back(i % 3);
  }
  std::filesystem::create_directories(dir_.file("idx"));
  for (const std::string part : {"train", "t10k"}) {
    dir_.write("idx/" + part + "-images-idx3-ubyte", idx_bytes({30, 8, 8}, pixels));
    dir_.write("idx/" + part + "-labels-idx1-ubyte", idx_bytes({30}, labels));
  }
  const Result r =
      run("train --data idx:" + dir_.file("idx") +
          " --layers auto 16 auto --epochs 5 --batch_size 10 --plots " + dir_.file("images"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"prediction_grid", "first_layer_weights"}) {
    EXPECT_TRUE(test::read_png_info(dir_.file(std::string("images/") + name + ".png")).valid)
        << name;
  }
  EXPECT_EQ(test::read_lines(dir_.file("images/prediction_grid.csv")).size(), 26u);
  EXPECT_EQ(test::read_lines(dir_.file("images/first_layer_weights.csv")).size(), 17u);
}

TEST_F(PlotCommand, PlotsActivations) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  const Result r = run("plot activations --out " + dir_.file("act") + " --names relu,tanh");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  test::expect_png(dir_.file("act/activations.png"), 840, 400);
  EXPECT_EQ(test::read_lines(dir_.file("act/activations.csv"))[0], "z,relu,d_relu,tanh,d_tanh");
  EXPECT_EQ(run("plot activations --names softmax --out " + dir_.file("act")).exit_code, 2);
  // The flags train and eval take work too.
  ASSERT_EQ(run("plot activations --plots " + dir_.file("act2") + " --plot_format svg").exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(dir_.file("act2/activations.svg")));
}

TEST_F(PlotCommand, TrainsWithoutGnuplotAndSaysHowToGetPlots) {
  const Result r = run(
      "train --data xor:samples=40 --layers auto 4 auto --epochs 2 --plots " + dir_.file("none"),
      "PATH=/nonexistent");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("install gnuplot-nox to get plots"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Test: loss"), std::string::npos) << r.out;
  EXPECT_FALSE(exists("none/history.png"));
  const Result bad = run("train --data xor --epochs 1 --plots x --plot_format jpg");
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace axon
