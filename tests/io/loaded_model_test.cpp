// Model files of tables: the columns, categories, class names and target scaling survive a round
// trip, inconsistent ones are refused, and the loaded model predicts on raw features.
#include <gtest/gtest.h>

#include <cmath>

#include "axon/io/model_file.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/dense.hpp"
#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

// Three encoded inputs from two columns: a number and a text column of two categories.
Sequential classifier() {
  Sequential model(5);
  model.add(Dense(3, 3));
  model.compile(make_loss("softmax_cross_entropy"), make_optimizer("adam", 0.01f));
  model.build(3);
  return model;
}

Sequential regressor() {
  Sequential model(6);
  model.add(Dense(2, 1));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.01f));
  model.build(2);
  return model;
}

ModelInfo table_info() {
  ModelInfo info;
  Preprocessing& p = info.preprocessing;
  p.task = Task::kClassification;
  p.classes = 3;
  p.mean = {2.0f, 0.5f, 0.5f};
  p.stddev = {4.0f, 0.5f, 0.5f};
  p.columns = {{"size", {}}, {"color", {"blue", "red"}}};
  p.class_names = {"large", "medium", "small"};
  return info;
}

ModelInfo regression_info() {
  ModelInfo info;
  Preprocessing& p = info.preprocessing;
  p.task = Task::kRegression;
  p.mean = {1.0f, -2.0f};
  p.stddev = {2.0f, 0.5f};
  p.target_mean = {150.0f};
  p.target_stddev = {70.0f};
  return info;
}

TEST(TableModel, KeepsColumnsCategoriesClassNamesAndTargetScaling) {
  TempDir dir;
  Sequential model = classifier();
  save_model(dir.file("c.axon"), model, table_info());
  const Preprocessing p = load_model(dir.file("c.axon")).info.preprocessing;
  ASSERT_EQ(p.columns.size(), 2u);
  EXPECT_EQ(p.columns[0].name, "size");
  EXPECT_TRUE(p.columns[0].categories.empty());
  EXPECT_EQ(p.columns[1].categories, (std::vector<std::string>{"blue", "red"}));
  EXPECT_EQ(p.class_names, table_info().preprocessing.class_names);
  EXPECT_EQ(p.class_name(2), "small");

  Sequential reg = regressor();
  save_model(dir.file("r.axon"), reg, regression_info());
  const Preprocessing r = load_model(dir.file("r.axon")).info.preprocessing;
  EXPECT_EQ(r.target_mean, (std::vector<float>{150.0f}));
  EXPECT_EQ(r.target_stddev, (std::vector<float>{70.0f}));
  EXPECT_TRUE(r.columns.empty());
  EXPECT_EQ(r.class_name(1), "1");
}

TEST(TableModel, RefusesTablesThatDisagreeWithTheModel) {
  TempDir dir;
  auto message_for = [&](ModelInfo info) {
    Sequential model = classifier();
    save_model(dir.file("bad.axon"), model, info);
    return error_of([&] { load_model(dir.file("bad.axon")); });
  };
  ModelInfo wide = table_info();
  wide.preprocessing.columns[1].categories.push_back("white");
  EXPECT_NE(message_for(wide).find("the columns encode 4 features for a model of 3 inputs"),
            std::string::npos);
  ModelInfo unsorted = table_info();
  unsorted.preprocessing.columns[1].categories = {"red", "blue"};
  EXPECT_NE(message_for(unsorted).find("not sorted and distinct ('blue' after 'red')"),
            std::string::npos);
  ModelInfo names = table_info();
  names.preprocessing.class_names.pop_back();
  EXPECT_NE(message_for(names).find("2 class names for 3 classes"), std::string::npos);
  ModelInfo scale = table_info();
  scale.preprocessing.target_mean = {1.0f, 2.0f, 3.0f};
  scale.preprocessing.target_stddev = {0.0f, 1.0f, 1.0f};
  EXPECT_NE(message_for(scale).find("target 1 has mean 1 and standard deviation 0"),
            std::string::npos);
}

TEST(TableModel, PredictsOnRawFeaturesInTheTargetsUnits) {
  TempDir dir;
  Sequential model = regressor();
  save_model(dir.file("r.axon"), model, regression_info());
  LoadedModel loaded = load_model(dir.file("r.axon"));
  const Tensor raw(Shape{2, 2}, {3.0f, -1.0f, 1.0f, -2.0f});
  // By hand: standardize, apply the network, restore the target's units.
  Tensor standardized(Shape{2, 2}, {1.0f, 2.0f, 0.0f, 0.0f});
  const Tensor bare = model.predict(standardized);
  const Tensor predicted = loaded.predict(raw);
  ASSERT_EQ(predicted.shape(), (Shape{2, 1}));
  for (std::size_t i = 0; i < 2; ++i)
    EXPECT_NEAR(predicted[i], bare[i] * 70.0f + 150.0f, 1e-3f) << i;
  // The bare network is still there, on preprocessed inputs.
  EXPECT_EQ(loaded.model.predict(standardized).to_vector(), bare.to_vector());
}

TEST(TableModel, PredictsClassProbabilitiesFromRawCsvRows) {
  TempDir dir;
  Sequential model = classifier();
  save_model(dir.file("c.axon"), model, table_info());
  LoadedModel loaded = load_model(dir.file("c.axon"));
  const Tensor p = loaded.predict_csv("size,color\n6,red\n2,blue\n");
  ASSERT_EQ(p.shape(), (Shape{2, 3}));
  for (std::size_t i = 0; i < 2; ++i) EXPECT_NEAR(p(i, 0) + p(i, 1) + p(i, 2), 1.0f, 1e-5f) << i;
  // Row 1 by hand: (6 - 2) / 4 = 1, red -> (0 - 0.5) / 0.5 = -1, (1 - 0.5) / 0.5 = 1.
  Tensor logits = model.predict(Tensor(Shape{1, 3}, {1.0f, -1.0f, 1.0f}));
  Tensor expected = logits;
  softmax_rows(logits, expected);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(p(0, k), expected[k], 1e-5f) << k;
  EXPECT_EQ(loaded.classes_of(p).size(), 2u);
  EXPECT_NE(error_of([&] {
              loaded.predict(Tensor(Shape{1, 2}, {1.0f, 2.0f}));
            }).find("one-hot encodes text columns"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              loaded.predict_csv("size,color\n6,green\n");
            }).find("category 'green' was not seen in training"),
            std::string::npos);
}

}  // namespace
}  // namespace axon
