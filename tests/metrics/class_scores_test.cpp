// Precision, recall and F1: a hand-worked two-class case, and scikit-learn's values for a
// five-class and a binary case (tests/reference/metrics.py prints them from the same labels).
#include "axon/metrics/class_scores.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace axon {
namespace {

ConfusionMatrix matrix_of(std::size_t classes, const std::vector<int>& actual,
                          const std::vector<int>& predicted) {
  ConfusionMatrix matrix(classes);
  for (std::size_t i = 0; i < actual.size(); ++i)
    matrix.add(static_cast<std::size_t>(actual[i]), static_cast<std::size_t>(predicted[i]));
  return matrix;
}

void expect_scores(const ConfusionMatrix& matrix, const std::vector<double>& precision,
                   const std::vector<double>& recall, const std::vector<double>& f1,
                   const std::vector<std::size_t>& support) {
  const std::vector<ClassScores> scores = class_scores(matrix);
  ASSERT_EQ(scores.size(), matrix.classes());
  for (std::size_t k = 0; k < precision.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_NEAR(scores[k].precision, precision[k], 1e-15);
    EXPECT_NEAR(scores[k].recall, recall[k], 1e-15);
    EXPECT_NEAR(scores[k].f1, f1[k], 1e-15);
    EXPECT_EQ(scores[k].support, support[k]);
  }
}

TEST(ClassScores, HandWorkedTwoClasses) {
  // Class 1: TP 3, FP 1, FN 2 -> precision 3/4, recall 3/5, F1 2 (3/4)(3/5) / (3/4 + 3/5) = 2/3.
  ConfusionMatrix matrix(2);
  matrix.add(1, 1, 3);
  matrix.add(0, 1, 1);
  matrix.add(1, 0, 2);
  matrix.add(0, 0, 4);
  const std::vector<ClassScores> scores = class_scores(matrix);
  EXPECT_DOUBLE_EQ(scores[1].precision, 0.75);
  EXPECT_DOUBLE_EQ(scores[1].recall, 0.6);
  EXPECT_DOUBLE_EQ(scores[1].f1, 2.0 / 3.0);
  EXPECT_EQ(scores[1].support, 5u);
  // Class 0: TP 4, FP 2, FN 1 -> 2/3, 4/5, F1 8/11.
  EXPECT_DOUBLE_EQ(scores[0].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(scores[0].recall, 0.8);
  EXPECT_DOUBLE_EQ(scores[0].f1, 8.0 / 11.0);
  const ClassScores macro = macro_average(matrix);
  EXPECT_DOUBLE_EQ(macro.precision, (0.75 + 2.0 / 3.0) / 2);
  EXPECT_EQ(macro.support, 10u);
}

TEST(ClassScores, MatchScikitLearnOnFiveClasses) {
  // Class 3 is only predicted, class 4 never occurs: scikit-learn leaves 4 out of the average.
  const ConfusionMatrix matrix =
      matrix_of(5, {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 0, 1, 2, 0, 1, 2, 2, 0},
                {0, 0, 1, 2, 1, 1, 0, 2, 2, 3, 2, 1, 0, 1, 2, 3, 2, 2, 0, 0});
  expect_scores(matrix, {0.66666666666666663, 0.59999999999999998, 0.7142857142857143, 0, 0},
                {0.5714285714285714, 0.59999999999999998, 0.625, 0, 0},
                {0.61538461538461531, 0.59999999999999998, 0.66666666666666663, 0, 0},
                {7, 5, 8, 0, 0});
  const ClassScores macro = macro_average(matrix);
  EXPECT_NEAR(macro.precision, 0.49523809523809526, 1e-15);
  EXPECT_NEAR(macro.recall, 0.44910714285714282, 1e-15);
  EXPECT_NEAR(macro.f1, 0.47051282051282051, 1e-15);
  EXPECT_EQ(macro.support, 20u);
}

TEST(ClassScores, MatchScikitLearnOnBinaryLabels) {
  const ConfusionMatrix matrix =
      matrix_of(2, {1, 0, 1, 1, 0, 0, 1, 0, 1, 1}, {1, 0, 0, 1, 1, 0, 1, 0, 1, 0});
  expect_scores(matrix, {0.59999999999999998, 0.80000000000000004}, {0.75, 0.66666666666666663},
                {0.66666666666666652, 0.72727272727272718}, {4, 6});
  const ClassScores macro = macro_average(matrix);
  EXPECT_NEAR(macro.precision, 0.69999999999999996, 1e-15);
  EXPECT_NEAR(macro.recall, 0.70833333333333326, 1e-15);
  EXPECT_NEAR(macro.f1, 0.69696969696969679, 1e-15);
}

TEST(ClassScores, EmptyMatrixScoresZero) {
  const ClassScores macro = macro_average(ConfusionMatrix(3));
  EXPECT_EQ(macro.precision, 0.0);
  EXPECT_EQ(macro.f1, 0.0);
  EXPECT_EQ(macro.support, 0u);
}

}  // namespace
}  // namespace axon
