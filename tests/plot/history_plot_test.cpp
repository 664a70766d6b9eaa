// The history plot: two panels with accuracy, one without; the CSV holds every epoch.
#include "axon/plot/history_plot.hpp"

#include <gtest/gtest.h>

#include "plot/picture_checks.hpp"

namespace axon {
namespace {

History make_history(std::size_t epochs, bool classification) {
  History history(epochs);
  for (std::size_t e = 0; e < epochs; ++e) {
    EpochRecord& r = history[e];
    r.epoch = e + 1;
    r.loss = 2.0 / (e + 1);
    r.val_loss = 2.2 / (e + 1);
    if (classification) {
      r.accuracy = 0.5 + 0.04 * e;
      r.val_accuracy = 0.48 + 0.04 * e;
    }
  }
  return history;
}

TEST(HistoryPlot, DrawsLossAndAccuracyPanels) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  plot::history(make_history(8, true), {.path = dir.file("history.png")});
  test::expect_png(dir.file("history.png"), 1300, 520);
  const auto lines = test::read_lines(dir.file("history.csv"));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "epoch,loss,val_loss,accuracy,val_accuracy");
  EXPECT_EQ(lines[1], "1,2,2.2,0.5,0.48");
}

TEST(HistoryPlot, DrawsLossAloneForRegressionAtTheRequestedSize) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  History history = make_history(300, false);
  for (auto& r : history) r.val_loss.reset();
  plot::history(history, {.path = dir.file("loss.png"), .width = 640, .height = 480});
  test::expect_png(dir.file("loss.png"), 640, 480);
  EXPECT_EQ(test::read_lines(dir.file("loss.csv"))[1], "1,2,,,");
}

TEST(HistoryPlot, RejectsAnEmptyHistory) {
  EXPECT_THROW(plot::history({}, {.path = "unused.png"}), Error);
}

}  // namespace
}  // namespace axon
