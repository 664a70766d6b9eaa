// A CNN saved through the library, read by the axon command: summary shows the image layers and
// their shapes, predict takes IDX images as the flat rows the unflatten layer reads, and gives the
// same probabilities as the library.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "axon/io/model_file.hpp"
#include "axon/model/architecture.hpp"
#include "io/temp_dir.hpp"
#include "support/idx_bytes.hpp"

namespace axon {
namespace {

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

  const std::string binary_ = std::string(AXON_BINARY_DIR) + "/cli/axon";
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

}  // namespace
}  // namespace axon
