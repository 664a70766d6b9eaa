// Regression metrics: a hand-worked single output, scikit-learn's values for two outputs
// (tests/reference/metrics.py), batches adding up to the whole, and the edge cases.
#include "axon/metrics/regression_metrics.hpp"

#include <gtest/gtest.h>

#include "support/error_text.hpp"

namespace axon {
namespace {

TEST(RegressionMetrics, HandWorkedSingleOutput) {
  // y = 1, 2, 3 (mean 2, Σ(y - ȳ)² = 2); ŷ = 1, 2, 5: residuals 0, 0, 2.
  RegressionMetrics metrics;
  metrics.add(Tensor(Shape{3, 1}, {1, 2, 5}), Tensor(Shape{3, 1}, {1, 2, 3}));
  EXPECT_EQ(metrics.rows(), 3u);
  EXPECT_DOUBLE_EQ(metrics.mse(), 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(metrics.mae(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(metrics.r2(), 1.0 - 4.0 / 2.0);
}

const Tensor kTarget(Shape{6, 2}, {3.0f, -0.5f, -0.5f, 1.0f, 2.0f, 2.5f,  //
                                   7.0f, 4.0f, 1.5f, 0.0f, 4.0f, 2.0f});
const Tensor kPrediction(Shape{6, 2}, {2.5f, 0.0f, 0.0f, 1.5f, 2.0f, 2.0f,  //
                                       8.0f, 3.0f, 1.0f, 0.5f, 4.5f, 2.5f});

TEST(RegressionMetrics, MatchScikitLearnOnTwoOutputs) {
  RegressionMetrics metrics;
  metrics.add(kPrediction, kTarget);
  EXPECT_NEAR(metrics.mse(), 0.35416666666666663, 1e-15);
  EXPECT_NEAR(metrics.mae(), 0.54166666666666674, 1e-15);
  EXPECT_NEAR(metrics.r2(), 0.8887150220913107, 1e-15);
}

TEST(RegressionMetrics, BatchesGiveTheWholeResult) {
  RegressionMetrics metrics;
  for (std::size_t start = 0; start < 6; start += 4) {
    const std::size_t n = std::min<std::size_t>(4, 6 - start);
    Tensor p(Shape{n, 2}), t(Shape{n, 2});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < 2; ++j) {
        p(i, j) = kPrediction(start + i, j);
        t(i, j) = kTarget(start + i, j);
      }
    metrics.add(p, t);
  }
  EXPECT_NEAR(metrics.mse(), 0.35416666666666663, 1e-15);
  EXPECT_NEAR(metrics.r2(), 0.8887150220913107, 1e-14);
}

TEST(RegressionMetrics, ConstantTargetsScoreOneOnlyWhenExact) {
  RegressionMetrics exact, off;
  exact.add(Tensor(Shape{2, 1}, {5, 5}), Tensor(Shape{2, 1}, {5, 5}));
  off.add(Tensor(Shape{2, 1}, {5, 6}), Tensor(Shape{2, 1}, {5, 5}));
  EXPECT_EQ(exact.r2(), 1.0);
  EXPECT_EQ(off.r2(), 0.0);
}

TEST(RegressionMetrics, RefusesMismatchedShapesAndNoData) {
  RegressionMetrics metrics;
  EXPECT_EQ(test::error_of([&] { metrics.mse(); }), "MSE: no predictions were added");
  EXPECT_EQ(test::error_of([&] {
              metrics.add(Tensor(Shape{2, 1}), Tensor(Shape{2, 2}));
            }),
            "regression metrics: targets of shape (2, 2) for predictions of shape (2, 1)");
  metrics.add(Tensor(Shape{2, 1}), Tensor(Shape{2, 1}));
  EXPECT_EQ(test::error_of([&] {
              metrics.add(Tensor(Shape{2, 2}), Tensor(Shape{2, 2}));
            }),
            "regression metrics: a batch of 2 outputs after batches of 1");
}

}  // namespace
}  // namespace axon
