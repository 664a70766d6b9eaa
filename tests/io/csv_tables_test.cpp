// CSV tables as people have them: text labels and text columns, delimiters, a byte-order mark,
// missing values, the task chosen with a reason, and a trained model's encoding applied to new
// rows.
#include <gtest/gtest.h>

#include <cmath>

#include "axon/io/csv_reader.hpp"
#include "axon/tensor/error.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CsvTables, TextLabelsBecomeClassesNumberedInNameOrder) {
  const CsvData data =
      parse_csv("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n", "iris.csv");
  EXPECT_EQ(data.task, Task::kClassification);
  EXPECT_EQ(data.classes, 3u);
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(data.labels.to_vector(), (std::vector<float>{2, 0, 1, 0}));
  EXPECT_TRUE(contains(data.task_reason, "'species' holds text")) << data.task_reason;
}

TEST(CsvTables, TextLabelsRefuseRegressionNamingTheCell) {
  const std::string message =
      error_of([] { parse_csv("x,y\n1,a\n2,b\n", "t.csv", {.task = Task::kRegression}); });
  EXPECT_TRUE(contains(message, "'t.csv' line 2, column 2 (y): label 'a' is text")) << message;
}

TEST(CsvTables, TextColumnsAreOneHotEncodedInCategoryOrder) {
  const CsvData data = parse_csv("size,color,label\n1,red,0\n2,blue,1\n3,red,0\n", "c.csv");
  ASSERT_EQ(data.columns.size(), 2u);
  EXPECT_TRUE(data.columns[0].categories.empty());
  EXPECT_EQ(data.columns[1].categories, (std::vector<std::string>{"blue", "red"}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"size", "color=blue", "color=red"}));
  EXPECT_EQ(data.features.to_vector(), (std::vector<float>{1, 0, 1, 2, 1, 0, 3, 0, 1}));
}

TEST(CsvTables, CategoricalNoneRefusesTextAndAListEncodesNumbersToo) {
  const std::string text = "zip,color,label\n75001,red,0\n10115,blue,1\n";
  const std::string message = error_of([&] { parse_csv(text, "c.csv", {.categorical = "none"}); });
  EXPECT_TRUE(contains(message, "line 2, column 2 (color): 'red' is not a number")) << message;
  EXPECT_TRUE(contains(message, "--categorical")) << message;
  const CsvData listed = parse_csv(text, "c.csv", {.categorical = "zip,1"});
  EXPECT_EQ(listed.features.cols(), 4u);
  EXPECT_EQ(listed.columns[0].categories, (std::vector<std::string>{"10115", "75001"}));
  EXPECT_TRUE(contains(error_of([&] { parse_csv(text, "c.csv", {.categorical = "nope"}); }),
                       "--categorical names 'nope'"));
}

TEST(CsvTables, AColumnMixingNumbersAndTextIsAnErrorWithAFix) {
  const std::string message = error_of([] { parse_csv("a,b\n1,0\nx2,1\n3,0\n", "m.csv"); });
  EXPECT_TRUE(contains(message, "'m.csv' line 3, column 1 (a): 'x2' is not a number")) << message;
  EXPECT_TRUE(contains(message, "mixes numbers and text")) << message;
}

TEST(CsvTables, TooManyDistinctTextsAreNotTakenForCategories) {
  std::string text = "name,y\n";
  for (std::size_t i = 0; i <= kMaxAutoCategories; ++i) text += fmt::format("n{},{}\n", i, i % 2);
  EXPECT_TRUE(contains(error_of([&] { parse_csv(text, "n.csv"); }), "look like names or ids"));
  EXPECT_EQ(parse_csv(text, "n.csv", {.categorical = "name"}).features.cols(),
            kMaxAutoCategories + 1);
}

TEST(CsvTables, SniffsSemicolonsAndTabsAndTakesAForcedDelimiter) {
  const CsvData semicolons = parse_csv("a;b;y\n1.5;2;0\n3;4;1\n", "s.csv");
  EXPECT_EQ(semicolons.delimiter, ';');
  EXPECT_EQ(semicolons.features.cols(), 2u);
  const CsvData tabs = parse_csv("a\tb\ty\n1\t2\t0\n3\t4\t1\n", "t.tsv");
  EXPECT_EQ(tabs.delimiter, '\t');
  EXPECT_EQ(tabs.features.to_vector(), (std::vector<float>{1, 2, 3, 4}));
  const CsvData forced = parse_csv("a|b\n1|0\n2|1\n", "p.csv", {.delimiter = '|'});
  EXPECT_EQ(forced.features.to_vector(), (std::vector<float>{1, 2}));
  const std::string message = error_of([] { parse_csv("a,b,c\n1;2;3\n", "w.csv"); });
  EXPECT_TRUE(contains(message, "line 2: 1 fields, expected 3")) << message;
  EXPECT_TRUE(contains(message, "--delimiter")) << message;
}

TEST(CsvTables, QuotedFieldsKeepTheirDelimiters) {
  const CsvData data = parse_csv("city,y\n\"Paris, FR\",0\n\"Oslo, NO\",1\n", "q.csv");
  EXPECT_EQ(data.columns[0].categories, (std::vector<std::string>{"Oslo, NO", "Paris, FR"}));
}

TEST(CsvTables, AcceptsAByteOrderMarkBeforeTheHeader) {
  const CsvData data = parse_csv("\xEF\xBB\xBFx,label\n1,0\n2,1\n", "b.csv");
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(data.label_name, "label");
}

TEST(CsvTables, MissingValuesAreDroppedOrLeftAsNaNForTheMean) {
  const std::string text = "a,b,y\n1,NA,0\n2,3,1\n,4,0\n5,N/A,1\n6,7,null\n";
  const std::string message = error_of([&] { parse_csv(text, "m.csv"); });
  EXPECT_TRUE(contains(message, "'m.csv' line 2, column 2 (b): missing value 'NA'")) << message;
  const CsvData dropped = parse_csv(text, "m.csv", {.missing = MissingValues::kDrop});
  EXPECT_EQ(dropped.features.to_vector(), (std::vector<float>{2, 3}));
  EXPECT_EQ(dropped.lines, (std::vector<std::size_t>{3}));
  EXPECT_EQ(dropped.dropped, 4u);
  // The mean cannot fill in a label.
  EXPECT_TRUE(
      contains(error_of([&] { parse_csv(text, "m.csv", {.missing = MissingValues::kMean}); }),
               "line 6, column 3 (y): the label is missing"));
  const CsvData filled =
      parse_csv("a,b,y\n1,NA,0\n2,3,1\n", "m.csv", {.missing = MissingValues::kMean});
  EXPECT_TRUE(std::isnan(filled.features(0, 1)));
  EXPECT_EQ(filled.features(1, 1), 3.0f);
}

TEST(CsvTables, AMissingCategoryIsNaNInEveryOneHotColumnUnderMean) {
  const CsvData data =
      parse_csv("c,y\nred,0\n,1\nblue,0\n", "m.csv", {.missing = MissingValues::kMean});
  ASSERT_EQ(data.features.cols(), 2u);
  EXPECT_TRUE(std::isnan(data.features(1, 0)) && std::isnan(data.features(1, 1)));
}

TEST(CsvTables, ManyDistinctIntegersOrGapsAreRegressionWithAReason) {
  std::string ages = "x,age\n";
  for (int age = 19; age <= 79; ++age) ages += fmt::format("{},{}\n", age % 7, age);
  const CsvData many = parse_csv(ages, "ages.csv");
  EXPECT_EQ(many.task, Task::kRegression);
  EXPECT_TRUE(contains(many.task_reason, "more than 30 distinct integers")) << many.task_reason;
  const CsvData gaps = parse_csv("x,y\n1,0\n2,5\n3,9\n", "g.csv");
  EXPECT_EQ(gaps.task, Task::kRegression);
  EXPECT_TRUE(contains(gaps.task_reason, "gaps")) << gaps.task_reason;
  const CsvData classes = parse_csv("x,y\n1,0\n2,1\n3,2\n", "c.csv");
  EXPECT_EQ(classes.task, Task::kClassification);
  EXPECT_EQ(classes.classes, 3u);
  EXPECT_TRUE(contains(classes.task_reason, "the integers 0 to 2")) << classes.task_reason;
  const CsvData forced =
      parse_csv("x,y\n1,0\n2,5\n3,9\n", "g.csv", {.task = Task::kClassification});
  EXPECT_EQ(forced.classes, 10u);
  EXPECT_EQ(forced.task_reason, "--task classification");
}

TEST(CsvTables, AModelsEncodingIsAppliedAndUnknownCategoriesAreRefused) {
  Preprocessing model;
  model.columns = {{"size", {}}, {"color", {"blue", "red"}}};
  model.class_names = {"no", "yes"};
  model.classes = 2;
  const CsvData data = parse_csv("size,color,label\n4,red,yes\n5,blue,no\n", "new.csv",
                                 {.task = Task::kClassification, .encoding = &model});
  EXPECT_EQ(data.features.to_vector(), (std::vector<float>{4, 0, 1, 5, 1, 0}));
  EXPECT_EQ(data.labels.to_vector(), (std::vector<float>{1, 0}));
  // A file with only one category still gets every one-hot column of the model.
  EXPECT_EQ(parse_csv("4,red\n", "one.csv", {.label_column = "none", .encoding = &model})
                .features.to_vector(),
            (std::vector<float>{4, 0, 1}));
  const std::string unknown = error_of([&] {
    parse_csv("size,color\n4,green\n", "p.csv", {.label_column = "none", .encoding = &model});
  });
  EXPECT_TRUE(contains(unknown,
                       "'p.csv' line 2, column 2 (color): category 'green' was not seen "
                       "in training (known: blue, red)"))
      << unknown;
  const std::string width = error_of([&] {
    parse_csv("a,b,c\n1,red,2\n", "w.csv", {.label_column = "none", .encoding = &model});
  });
  EXPECT_TRUE(contains(width, "has 3 feature columns but the model was trained on 2 (size, color)"))
      << width;
  const std::string label = error_of([&] {
    parse_csv("size,color,label\n4,red,maybe\n", "l.csv",
              {.task = Task::kClassification, .encoding = &model});
  });
  EXPECT_TRUE(contains(label, "class 'maybe' was not seen in training")) << label;
}

TEST(CsvTables, IgnoredLabelColumnsAreNotRead) {
  const CsvData data = parse_csv("x,species\n1,setosa\n2,\n", "p.csv",
                                 {.label_column = "species", .ignore_label = true});
  EXPECT_EQ(data.features.to_vector(), (std::vector<float>{1, 2}));
  EXPECT_EQ(data.labels.data(), nullptr);
}

TEST(CsvTables, ParsesTheOptionWords) {
  EXPECT_EQ(parse_missing_values("drop"), MissingValues::kDrop);
  EXPECT_EQ(parse_missing_values("mean"), MissingValues::kMean);
  EXPECT_THROW(parse_missing_values("zero"), Error);
  EXPECT_EQ(parse_delimiter("auto"), 0);
  EXPECT_EQ(parse_delimiter("tab"), '\t');
  EXPECT_EQ(parse_delimiter(";"), ';');
  EXPECT_THROW(parse_delimiter("ab"), Error);
}

}  // namespace
}  // namespace axon
