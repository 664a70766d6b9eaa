// Accuracy by hand: argmax rows against class indices and one-hot rows, a single output against
// a threshold, and the errors for mismatched targets and bad labels.
#include "axon/metrics/accuracy.hpp"

#include <gtest/gtest.h>

#include "support/error_text.hpp"

namespace axon {
namespace {

// Rows predict classes 1, 0, 2 (the first of the tied 0.4s), 2.
const Tensor kPrediction(Shape{4, 3}, {0.1f, 0.7f, 0.2f,  //
                                       0.4f, 0.2f, 0.4f,  //
                                       0.1f, 0.1f, 0.8f,  //
                                       0.3f, 0.3f, 0.4f});

TEST(Accuracy, ArgmaxAgainstClassIndices) {
  const Tensor labels(Shape{4, 1}, {1, 0, 1, 2});  // rows 0, 1, 3 right
  EXPECT_EQ(count_correct(kPrediction, labels, 0.5f), 3u);
  EXPECT_DOUBLE_EQ(accuracy(kPrediction, labels, 0.5f), 0.75);
}

TEST(Accuracy, ArgmaxAgainstOneHotRows) {
  const Tensor one_hot(Shape{4, 3}, {0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0});  // 1, 2, 2, 0
  EXPECT_EQ(count_correct(kPrediction, one_hot, 0.5f), 2u);
}

TEST(Accuracy, SingleOutputAgainstTheThreshold) {
  const Tensor logits(Shape{4, 1}, {-1.0f, 0.2f, 0.7f, 0.0f});
  const Tensor labels(Shape{4, 1}, {0, 1, 1, 1});
  EXPECT_EQ(count_correct(logits, labels, 0.0f), 3u);  // 0 is not above 0
  EXPECT_EQ(count_correct(logits, labels, 0.5f), 2u);  // 0.2 is not above 0.5
  EXPECT_EQ(predicted_class(logits.row(2), 1, 0.5f), 1u);
}

TEST(Accuracy, RejectsMismatchedTargets) {
  EXPECT_EQ(test::error_of([] {
              count_correct(kPrediction, Tensor(Shape{3, 1}), 0.5f);
            }),
            "accuracy: 3 targets of 1 columns for 4 predictions of 3 outputs (expected one column "
            "or 3)");
  EXPECT_THROW(count_correct(kPrediction, Tensor(Shape{4, 2}), 0.5f), Error);
}

TEST(Accuracy, RejectsLabelsThatAreNotClassIndices) {
  EXPECT_EQ(test::error_of([] {
              count_correct(kPrediction, Tensor(Shape{4, 1}, {1, 0, 1.5f, 2}), 0.5f);
            }),
            "row 3: the class label 1.5 is not a class index (0, 1, 2, ...)");
  EXPECT_THROW(count_correct(kPrediction, Tensor(Shape{4, 1}, {1, -1, 1, 2}), 0.5f), Error);
}

TEST(Accuracy, NeedsPredictions) {
  EXPECT_THROW(accuracy(Tensor(Shape{0, 3}), Tensor(Shape{0, 1}), 0.5f), Error);
}

}  // namespace
}  // namespace axon
