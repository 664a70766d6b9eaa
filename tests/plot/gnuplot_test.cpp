// The plotting plumbing: format names, paths, quoting, CSV cells, SVG output, and the clear error
// when gnuplot is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/history_plot.hpp"
#include "axon/plot/plot_options.hpp"
#include "plot/picture_checks.hpp"

namespace axon {
namespace {

TEST(PlotOptions, ParsesFormatsAndBuildsPaths) {
  EXPECT_EQ(plot::parse_plot_format("png"), plot::PlotFormat::kPng);
  EXPECT_EQ(plot::parse_plot_format("svg"), plot::PlotFormat::kSvg);
  EXPECT_THROW(plot::parse_plot_format("jpg"), Error);
  EXPECT_EQ(plot::plot_path("out/xor", "history", plot::PlotFormat::kSvg), "out/xor/history.svg");
  EXPECT_EQ(plot::csv_path("out/xor/history.png"), "out/xor/history.csv");
}

TEST(Gnuplot, QuotesTitles) {
  EXPECT_EQ(plot::quote("a \"b\"\\c"), "\"a \\\"b\\\"\\\\c\"");
  EXPECT_EQ(plot::quote("one\ntwo"), "\"one\\ntwo\"");
}

TEST(CsvTable, WritesQuotedCellsAndChecksRowLength) {
  test::TempDir dir;
  plot::CsvTable csv({"name", "value"});
  csv.add_row({"T-shirt/top", plot::CsvTable::number(0.5)});
  csv.add_row({"a,b", plot::CsvTable::number(std::nan(""))});
  EXPECT_THROW(csv.add_row({"one cell"}), Error);
  csv.write(dir.file("sub/table.csv"));
  const auto lines = test::read_lines(dir.file("sub/table.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "name,value");
  EXPECT_EQ(lines[1], "T-shirt/top,0.5");
  EXPECT_EQ(lines[2], "\"a,b\",");
}

TEST(Gnuplot, MissingGnuplotThrowsAClearError) {
  const char* old = std::getenv("PATH");
  const std::string saved = old != nullptr ? old : "";
  setenv("PATH", "/nonexistent", 1);
  EXPECT_FALSE(plot::gnuplot_available());
  try {
    plot::run_gnuplot("plot sin(x)\n");
    ADD_FAILURE() << "run_gnuplot did not throw";
  } catch (const plot::GnuplotMissing& e) {
    EXPECT_NE(std::string(e.what()).find("install gnuplot-nox"), std::string::npos) << e.what();
  }
  setenv("PATH", saved.c_str(), 1);
}

TEST(Gnuplot, ReportsGnuplotErrors) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  EXPECT_THROW(plot::run_gnuplot("plot no_such_function(x)\n"), Error);
}

TEST(Gnuplot, WritesWellFormedSvg) {
  AXON_SKIP_WITHOUT_GNUPLOT();
  test::TempDir dir;
  History history(3);
  for (std::size_t e = 0; e < 3; ++e) {
    history[e].epoch = e + 1;
    history[e].loss = 1.0 / (e + 1);
    history[e].accuracy = 0.5 + 0.1 * e;
  }
  const std::string path = dir.file("history.svg");
  plot::history(history, {.path = path, .format = plot::PlotFormat::kSvg});
  const std::string svg = test::read_text_file(path);
  EXPECT_EQ(test::svg_problem(svg), "");
  EXPECT_NE(svg.find("width=\"1300\""), std::string::npos);
  EXPECT_NE(svg.find("Accuracy over epochs"), std::string::npos);
}

TEST(SvgCheck, RejectsBrokenDocuments) {
  EXPECT_EQ(test::svg_problem("<svg><g></g></svg>\n"), "");
  EXPECT_NE(test::svg_problem("<svg><g></svg>"), "");
  EXPECT_NE(test::svg_problem("<svg><g/>"), "");
  EXPECT_NE(test::svg_problem("<html></html>"), "");
}

}  // namespace
}  // namespace axon
