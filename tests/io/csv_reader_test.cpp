// CSV reader: header detection, the label column by index, name and from the end, task
// detection, gzip, and errors that name the line and column. Text labels, text columns, dialects
// and missing values are in csv_tables_test.cpp.
#include "axon/io/csv_reader.hpp"

#include <zlib.h>

#include <gtest/gtest.h>

#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

TEST(CsvReader, DetectsAHeaderAndTakesTheLastColumnAsLabel) {
  TempDir dir;
  const CsvData data = read_csv(dir.write("a.csv", "x,y,label\n1,2,0\n3,4,1\n5,6,2\n"));
  ASSERT_EQ(data.features.shape(), (Shape{3, 2}));
  EXPECT_EQ(data.features.to_vector(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(data.labels.to_vector(), (std::vector<float>{0, 1, 2}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(data.label_name, "label");
  EXPECT_EQ(data.task, Task::kClassification);
  EXPECT_EQ(data.classes, 3u);
}

// Parts of the rows (--shard): each keeps its block, while the categories, the class names and
// the task come from every row: a category and a class seen only in the other block still count.
TEST(CsvReader, APartKeepsItsRowsWithTheWholeFilesEncoding) {
  TempDir dir;
  const std::string path =
      dir.write("a.csv", "x,color,label\n1,red,a\n2,red,a\n3,blue,b\n\n4,red,a\n5,green,c\n");
  const CsvData whole = read_csv(path);
  std::vector<float> features, labels;
  std::vector<std::size_t> lines;
  for (int part = 0; part < 2; ++part) {
    const CsvData data = read_csv(path, {.part = part, .parts = 2});
    EXPECT_EQ(data.features.rows(), part == 0 ? 2u : 3u);
    EXPECT_EQ(data.file_rows, 5u);
    EXPECT_EQ(data.feature_names, whole.feature_names);
    EXPECT_EQ(data.class_names, whole.class_names);
    EXPECT_EQ(data.classes, 3u);
    EXPECT_EQ(data.task, Task::kClassification);
    const std::vector<float> f = data.features.to_vector(), l = data.labels.to_vector();
    features.insert(features.end(), f.begin(), f.end());
    labels.insert(labels.end(), l.begin(), l.end());
    lines.insert(lines.end(), data.lines.begin(), data.lines.end());
  }
  EXPECT_EQ(features, whole.features.to_vector());
  EXPECT_EQ(labels, whole.labels.to_vector());
  EXPECT_EQ(lines, whole.lines);
  // Numeric labels: the task from every row (1.5 is only in the second block).
  const std::string numbers = dir.write("n.csv", "x,y\n1,0\n2,1\n3,1.5\n");
  EXPECT_EQ(read_csv(numbers, {.part = 0, .parts = 2}).task, Task::kRegression);
  EXPECT_EQ(read_csv(numbers, {.part = 1, .parts = 2}).task, Task::kRegression);
}

TEST(CsvReader, ReadsAFileWithoutHeaderWhenTheFirstRowIsNumeric) {
  TempDir dir;
  const CsvData data = read_csv(dir.write("a.csv", "1,2,0\r\n3,4,1\r\n\n"));
  EXPECT_EQ(data.features.rows(), 2u);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"column_0", "column_1"}));
}

TEST(CsvReader, ForcedHeaderSkipsANumericFirstRow) {
  TempDir dir;
  const CsvData data =
      read_csv(dir.write("a.csv", "10,20,30\n1,2,0\n"), {.header = CsvHeader::kYes});
  EXPECT_EQ(data.features.rows(), 1u);
  EXPECT_EQ(data.label_name, "30");
}

TEST(CsvReader, ForcedNoHeaderTurnsANameRowIntoAnError) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "x,y\n1,2\n");
  const std::string message = error_of([&] { read_csv(path, {.header = CsvHeader::kNo}); });
  EXPECT_NE(message.find("line 1, column 1: 'x' is not a number"), std::string::npos) << message;
}

TEST(CsvReader, TakesTheLabelColumnByIndexNameOrFromTheEnd) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_EQ(read_csv(path, {.label_column = "0"}).labels.to_vector(), (std::vector<float>{1, 4}));
  EXPECT_EQ(read_csv(path, {.label_column = "b"}).labels.to_vector(), (std::vector<float>{2, 5}));
  const CsvData from_end = read_csv(path, {.label_column = "-2"});
  EXPECT_EQ(from_end.labels.to_vector(), (std::vector<float>{2, 5}));
  EXPECT_EQ(from_end.features.to_vector(), (std::vector<float>{1, 3, 4, 6}));
}

TEST(CsvReader, ReadsWithoutALabelColumn) {
  TempDir dir;
  const CsvData data = read_csv(dir.write("a.csv", "1,2,3\n"), {.label_column = "none"});
  EXPECT_EQ(data.features.shape(), (Shape{1, 3}));
  EXPECT_EQ(data.labels.data(), nullptr);
}

TEST(CsvReader, RejectsAnUnknownLabelColumn) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b\n1,2\n");
  EXPECT_NE(error_of([&] { read_csv(path, {.label_column = "z"}); }).find("no column named 'z'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_csv(path, {.label_column = "5"}); }).find("out of range"),
            std::string::npos);
}

TEST(CsvReader, DetectsRegressionFromRealValuedLabels) {
  TempDir dir;
  const CsvData data = read_csv(dir.write("a.csv", "1,0.5\n2,1.5\n"));
  EXPECT_EQ(data.task, Task::kRegression);
  EXPECT_EQ(data.classes, 0u);
  const std::string path = dir.write("b.csv", "1,0.5\n2,1.5\n");
  EXPECT_NE(error_of([&] {
              read_csv(path, {.task = Task::kClassification});
            }).find("label 0.5 is not a class index"),
            std::string::npos);
}

TEST(CsvReader, RejectsRaggedRowsNamingTheLine) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b,c\n1,2,3\n4,5\n");
  const std::string message = error_of([&] { read_csv(path); });
  EXPECT_NE(message.find("line 3: 2 fields, expected 3"), std::string::npos) << message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST(CsvReader, RejectsNonNumericFieldsNamingLineAndColumn) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b,c\n1,2,3\n4,oops,6\n");
  const std::string message = error_of([&] { read_csv(path); });
  EXPECT_NE(message.find("line 3, column 2 (b): 'oops' is not a number"), std::string::npos)
      << message;
}

TEST(CsvReader, RejectsMissingValuesAndInfinityByDefault) {
  TempDir dir;
  const std::string nan_path = dir.write("n.csv", "a,b\n1,2\nnan,3\n");
  const std::string message = error_of([&] { read_csv(nan_path); });
  EXPECT_NE(message.find("line 3, column 1 (a): missing value 'nan'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("--missing drop"), std::string::npos) << message;
  EXPECT_NE(message.find("--missing mean"), std::string::npos) << message;
  const std::string inf_path = dir.write("i.csv", "1,2\n3,inf\n");
  EXPECT_NE(error_of([&] { read_csv(inf_path); }).find("line 2, column 2: inf values"),
            std::string::npos);
}

TEST(CsvReader, AFirstRowWithANaNOrAnEmptyFieldIsDataNotAHeader) {
  TempDir dir;
  const std::string nan_path = dir.write("n.csv", "nan,2,0\n1,2,1\n");
  EXPECT_NE(error_of([&] {
              read_csv(nan_path);
            }).find("'" + nan_path + "' line 1, column 1: missing value 'nan'"),
            std::string::npos);
  const std::string empty_path = dir.write("e.csv", "1,,0\n1,2,1\n");
  EXPECT_NE(error_of([&] {
              read_csv(empty_path);
            }).find("'" + empty_path + "' line 1, column 2: missing value ''"),
            std::string::npos);
  // One name among numbers still makes a header.
  EXPECT_EQ(read_csv(dir.write("h.csv", "x,,label\n1,2,1\n")).features.rows(), 1u);
}

TEST(CsvReader, ReadsGzippedFiles) {
  TempDir dir;
  const std::string text = "x,label\n0.5,1\n1.5,0\n";
  const CsvData data = read_csv(dir.write_gzip("a.csv.gz", {text.begin(), text.end()}));
  EXPECT_EQ(data.features.to_vector(), (std::vector<float>{0.5f, 1.5f}));
  EXPECT_EQ(data.labels.to_vector(), (std::vector<float>{1, 0}));
}

TEST(CsvReader, RejectsAFileWithoutRows) {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b\n");
  EXPECT_NE(error_of([&] { read_csv(path); }).find("no data rows"), std::string::npos);
}

}  // namespace
}  // namespace axon
