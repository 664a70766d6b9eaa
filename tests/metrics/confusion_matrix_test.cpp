// ConfusionMatrix by hand: counts from predictions, totals, accuracy and the printed table.
#include "axon/metrics/confusion_matrix.hpp"

#include <gtest/gtest.h>

#include "support/error_text.hpp"

namespace axon {
namespace {

TEST(ConfusionMatrix, CountsPredictionsAgainstLabels) {
  // Predicted classes 1, 0, 2, 2 for actual 1, 0, 1, 2.
  const Tensor prediction(Shape{4, 3}, {0.1f, 0.7f, 0.2f, 0.6f, 0.2f, 0.2f,  //
                                        0.1f, 0.1f, 0.8f, 0.3f, 0.3f, 0.4f});
  ConfusionMatrix matrix(3);
  matrix.add(prediction, Tensor(Shape{4, 1}, {1, 0, 1, 2}), 0.5f);
  EXPECT_EQ(matrix.count(1, 1), 1u);
  EXPECT_EQ(matrix.count(1, 2), 1u);
  EXPECT_EQ(matrix.count(2, 2), 1u);
  EXPECT_EQ(matrix.count(0, 0), 1u);
  EXPECT_EQ(matrix.count(2, 1), 0u);
  EXPECT_EQ(matrix.actual_total(1), 2u);
  EXPECT_EQ(matrix.predicted_total(2), 2u);
  EXPECT_EQ(matrix.total(), 4u);
  EXPECT_EQ(matrix.correct(), 3u);
  EXPECT_DOUBLE_EQ(matrix.accuracy(), 0.75);
  EXPECT_DOUBLE_EQ(matrix.class_accuracy(1), 0.5);
  EXPECT_EQ(matrix.to_string(),
            "Confusion matrix (rows: actual, columns: predicted)\n"
            "         0 1 2    accuracy\n"
            "       0 1 0 0      1.0000\n"
            "       1 0 1 1      0.5000\n"
            "       2 0 0 1      1.0000\n");
}

TEST(ConfusionMatrix, SingleOutputCountsTwoClasses) {
  ConfusionMatrix matrix(2);
  matrix.add(Tensor(Shape{3, 1}, {0.9f, 0.2f, 0.6f}), Tensor(Shape{3, 1}, {1, 1, 0}), 0.5f);
  EXPECT_EQ(matrix.count(1, 1), 1u);
  EXPECT_EQ(matrix.count(1, 0), 1u);
  EXPECT_EQ(matrix.count(0, 1), 1u);
}

TEST(ConfusionMatrix, AddsPairsAndEmptyMatrixHasNoAccuracy) {
  ConfusionMatrix matrix(2);
  EXPECT_DOUBLE_EQ(matrix.accuracy(), 0.0);
  EXPECT_DOUBLE_EQ(matrix.class_accuracy(0), 0.0);
  matrix.add(0, 1, 5);
  EXPECT_EQ(matrix.count(0, 1), 5u);
  EXPECT_EQ(test::error_of([&] { matrix.add(2, 0); }),
            "confusion matrix: class 2 is not below the 2 classes");
}

TEST(ConfusionMatrix, RefusesClassesOutsideIt) {
  ConfusionMatrix matrix(2);
  EXPECT_EQ(test::error_of([&] {
              matrix.add(Tensor(Shape{2, 2}, {1, 0, 0, 1}), Tensor(Shape{2, 1}, {0, 3}), 0.5f);
            }),
            "row 2: class 3 is not below 2");
  EXPECT_EQ(test::error_of([] { ConfusionMatrix(0); }),
            "a confusion matrix needs 1 to 65536 classes, got 0");
  EXPECT_THROW(ConfusionMatrix(70000), Error);
}

}  // namespace
}  // namespace axon
