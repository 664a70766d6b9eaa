// Actual vs predicted, and the fit at chosen epochs recorded during training.
#include "axon/plot/regression_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "axon/data/generators.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/plot/fit_snapshots.hpp"
#include "axon/train/trainer.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

TEST(RegressionFit, DrawsActualAndPredictedSortedByX) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  std::vector<float> x, actual, predicted;
  for (int i = 100; i > 0; --i) {  // descending, so the plot must sort
    x.push_back(0.1f * i);
    actual.push_back(std::sin(0.1f * i));
    predicted.push_back(0.9f * std::sin(0.1f * i));
  }
  plot::actual_vs_predicted(x, actual, predicted, {.path = dir.file("fit.png")});
  test::expect_png(dir.file("fit.png"), 1000, 500);
  const auto lines = test::read_lines(dir.file("fit.csv"));
  ASSERT_EQ(lines.size(), 101u);
  EXPECT_EQ(lines[0], "x,actual,predicted");
  EXPECT_EQ(lines[1].substr(0, 4), "0.1,");
}

TEST(RegressionFit, RejectsMismatchedLengths) {
  const std::vector<float> x = {1, 2}, y = {1};
  EXPECT_THROW(plot::actual_vs_predicted(x, x, y, {.path = "unused.png"}), Error);
}

TEST(FitSnapshots, DefaultEpochsFollowTheSeed) {
  EXPECT_EQ(plot::default_snapshot_epochs(1000),
            (std::vector<std::size_t>{10, 50, 100, 500, 1000}));
  EXPECT_EQ(plot::default_snapshot_epochs(10), (std::vector<std::size_t>{1, 5, 10}));
}

TEST(FitSnapshots, RecordsDuringFitAndDrawsAGrid) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  Rng rng(5);
  const Dataset data = data::sine(rng, {.samples = 100});
  Sequential model = Sequential::mlp({1, 10, 10, 1}, {.activation = "tanh"});
  model.compile(make_loss("mse"), make_optimizer("adam", 0.01f));
  plot::FitSnapshots snapshots({1, 3, 5, 99}, data.inputs);
  Trainer(model, {.epochs = 5, .batch_size = 10}).add(snapshots).fit(data);
  ASSERT_EQ(snapshots.snapshots().size(), 3u);
  EXPECT_EQ(snapshots.snapshots()[2].epoch, 5u);
  EXPECT_EQ(snapshots.snapshots()[0].predicted.size(), 100u);
  EXPECT_NE(snapshots.snapshots()[0].predicted, snapshots.snapshots()[2].predicted);

  plot::fit_snapshots(data.inputs.values(), data.targets.values(), snapshots.snapshots(),
                      {.path = dir.file("snapshots.png")});
  test::expect_png(dir.file("snapshots.png"), 1500, 420);
  EXPECT_EQ(test::read_lines(dir.file("snapshots.csv"))[0], "x,actual,epoch_1,epoch_3,epoch_5");
}

}  // namespace
}  // namespace axon
