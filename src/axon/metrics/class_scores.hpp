// Precision, recall and F1 of each class of a confusion matrix, and their macro averages, as
// scikit-learn's precision_recall_fscore_support gives them (a ratio over zero is 0):
//
//   precision_k = TP_k / (TP_k + FP_k)    (of the samples predicted k, the share that are k)
//   recall_k    = TP_k / (TP_k + FN_k)    (of the samples of class k, the share predicted k)
//   F1_k        = 2 precision_k recall_k / (precision_k + recall_k)
//
// The macro average is the plain mean over the classes that occur, as actual or predicted.
#pragma once

#include <cstddef>
#include <vector>

#include "axon/metrics/confusion_matrix.hpp"

namespace axon {

struct ClassScores {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  std::size_t support = 0;  ///< samples of the class (for an average: of every class)
};

/// One entry per class of `matrix`, in class order.
std::vector<ClassScores> class_scores(const ConfusionMatrix& matrix);

/// The unweighted means of precision, recall and F1 over the classes that have samples or
/// predictions (scikit-learn's average="macro"); support is the total.
ClassScores macro_average(const ConfusionMatrix& matrix);

}  // namespace axon
