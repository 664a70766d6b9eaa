// Model files written by the first release (format version 1, tests/fixtures/models, made by
// make_release1_models.sh) still load, predict what that release predicted, and survive being
// written again in the current format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "axon/io/checkpoint.hpp"
#include "axon/io/model_file.hpp"
#include "io/temp_dir.hpp"

namespace axon {
namespace {

const std::string kDir = std::string(AXON_TEST_DIR) + "/fixtures/models/";

std::vector<std::vector<float>> read_rows(const std::string& path, bool skip_header) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<std::vector<float>> rows;
  std::string line;
  if (skip_header) std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<float> row;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) row.push_back(std::stof(field));
    rows.push_back(row);
  }
  return rows;
}

// The model's outputs for the fixture's input rows, preprocessed as the model file says.
Tensor outputs_of(LoadedModel& loaded, const std::string& name) {
  const auto rows = read_rows(kDir + name + ".input.csv", false);
  Tensor x(Shape{rows.size(), rows.at(0).size()});
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) x(i, j) = rows[i][j];
  loaded.info.preprocessing.apply(x);
  return loaded.model.predict(x);
}

class Release1Model : public ::testing::TestWithParam<std::string> {};

TEST_P(Release1Model, PredictsWhatTheFirstReleasePredicted) {
  const std::string name = GetParam();
  LoadedModel loaded = load_model(kDir + name + ".axon");
  const Tensor out = outputs_of(loaded, name);
  // `axon predict` printed the class (classification) then every output, 6 significant digits.
  const auto expected = read_rows(kDir + name + ".predictions.csv", true);
  ASSERT_EQ(expected.size(), out.rows());
  const bool classification = loaded.info.preprocessing.task == Task::kClassification;
  for (std::size_t i = 0; i < out.rows(); ++i) {
    const std::size_t first = classification ? 1 : 0;
    ASSERT_EQ(expected[i].size() - first, out.cols() == 1 && classification ? 2 : out.cols());
    for (std::size_t j = 0; j < out.cols(); ++j) {
      const float want = expected[i][first + j + (out.cols() == 1 && classification ? 1 : 0)];
      EXPECT_NEAR(out(i, j), want, 1e-5f + 1e-5f * std::abs(want))
          << "row " << i << " output " << j;
    }
  }
}

TEST_P(Release1Model, WrittenAgainInTheCurrentFormatItPredictsTheSameBits) {
  const std::string name = GetParam();
  LoadedModel first = load_model(kDir + name + ".axon");
  test::TempDir dir;
  save_model(dir.file("again.axon"), first.model, first.info);
  LoadedModel second = load_model(dir.file("again.axon"));
  const Tensor a = outputs_of(first, name), b = outputs_of(second, name);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "value " << i;
  EXPECT_EQ(first.model.optimizer()->hyper_parameters(),
            second.model.optimizer()->hyper_parameters());
  EXPECT_EQ(first.model.optimizer()->steps(), second.model.optimizer()->steps());
  ASSERT_EQ(first.model.size(), second.model.size());
  for (std::size_t i = 0; i < first.model.size(); ++i)
    EXPECT_EQ(first.model.layer(i).config().values(), second.model.layer(i).config().values());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Release1Model,
                         ::testing::Values("mlp_adam", "batchnorm_dropout_sgd",
                                           "regression_rmsprop", "binary_adamw", "adadelta",
                                           "adagrad", "checkpoint_dropout"),
                         [](const auto& info) { return info.param; });

TEST(Release1Checkpoint, LoadsWithItsHistoryAndDropoutStream) {
  LoadedCheckpoint checkpoint = load_checkpoint(kDir + "checkpoint_dropout.axon");
  EXPECT_EQ(checkpoint.state.history.size(), 3u);
  ASSERT_EQ(checkpoint.state.layer_rngs.size(), 1u);  // one dropout layer
  const std::uint32_t layer = checkpoint.state.layer_rngs[0].first;
  EXPECT_EQ(checkpoint.saved.model.layer(layer).name(), "dropout");
  EXPECT_EQ(checkpoint.saved.model.optimizer()->name(), "sgd");
}

TEST(Release1Model, KeepsTheSettingsItWasSavedWith) {
  LoadedModel loaded = load_model(kDir + "batchnorm_dropout_sgd.axon");
  const LayerConfig bn = loaded.model.layer(1).config();
  EXPECT_EQ(loaded.model.layer(1).name(), "batch_norm");
  EXPECT_EQ(bn.count("features"), 12u);
  EXPECT_FLOAT_EQ(bn.real("momentum"), 0.1f);
  EXPECT_FLOAT_EQ(loaded.model.layer(2).config().real("negative_slope"), 0.01f);
  EXPECT_FLOAT_EQ(loaded.model.layer(3).config().real("p"), 0.2f);
  // Written before biases were decayed by default: the file's decay_bias = 0 is kept.
  HyperParameters hyper = loaded.model.optimizer()->hyper_parameters();
  EXPECT_THAT(hyper, ::testing::Contains(std::pair<std::string, double>("decay_bias", 0.0)));
  EXPECT_THAT(hyper, ::testing::Contains(std::pair<std::string, double>("momentum", 0.9f)));
}

}  // namespace
}  // namespace axon
