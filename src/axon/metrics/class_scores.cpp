// Per-class precision, recall and F1 from the counts of a confusion matrix.
#include "axon/metrics/class_scores.hpp"

namespace axon {
namespace {

double ratio(std::size_t numerator, std::size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

std::vector<ClassScores> class_scores(const ConfusionMatrix& matrix) {
  std::vector<ClassScores> scores(matrix.classes());
  for (std::size_t k = 0; k < matrix.classes(); ++k) {
    const std::size_t tp = matrix.count(k, k);
    const std::size_t actual = matrix.actual_total(k), predicted = matrix.predicted_total(k);
    // 2 P R / (P + R) = 2 TP / (2 TP + FP + FN): 0 when TP is, defined whenever either is.
    scores[k] = {.precision = ratio(tp, predicted),
                 .recall = ratio(tp, actual),
                 .f1 = ratio(2 * tp, actual + predicted),
                 .support = actual};
  }
  return scores;
}

ClassScores macro_average(const ConfusionMatrix& matrix) {
  const std::vector<ClassScores> scores = class_scores(matrix);
  ClassScores mean{.support = matrix.total()};
  double present = 0.0;
  for (std::size_t k = 0; k < matrix.classes(); ++k) {
    if (scores[k].support == 0 && matrix.predicted_total(k) == 0) continue;
    mean.precision += scores[k].precision;
    mean.recall += scores[k].recall;
    mean.f1 += scores[k].f1;
    present += 1.0;
  }
  if (present > 0.0) {
    mean.precision /= present;
    mean.recall /= present;
    mean.f1 /= present;
  }
  return mean;
}

}  // namespace axon
