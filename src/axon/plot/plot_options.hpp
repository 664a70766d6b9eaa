// PlotOptions: where a plot goes (file and format) and how big it is. Every plot function takes
// one and writes the picture plus a CSV of the plotted data beside it (same name, .csv).
#pragma once

#include <cstddef>
#include <string>

namespace axon::plot {

enum class PlotFormat { kPng, kSvg };

/// Parses "png" or "svg"; throws naming the choices.
PlotFormat parse_plot_format(const std::string& text);
/// "png" or "svg": the file extension of `format`.
std::string to_string(PlotFormat format);

struct PlotOptions {
  std::string path = "plot.png";  ///< the picture; the data goes to the same name with .csv
  PlotFormat format = PlotFormat::kPng;
  std::size_t width = 0;   ///< pixels; 0 takes the plot's own default
  std::size_t height = 0;  ///< pixels; 0 takes the plot's own default
  std::string title = "";  ///< replaces the plot's default title when not empty
};

/// `dir`/`name`.png (or .svg): the path of a named plot in a directory of plots.
std::string plot_path(const std::string& dir, const std::string& name, PlotFormat format);
/// `path` with its extension replaced by .csv.
std::string csv_path(const std::string& path);

}  // namespace axon::plot
