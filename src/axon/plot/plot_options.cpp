// PlotOptions: format names and output paths.
#include "axon/plot/plot_options.hpp"

#include <filesystem>

#include "axon/tensor/error.hpp"

namespace axon::plot {

PlotFormat parse_plot_format(const std::string& text) {
  if (text == "png") return PlotFormat::kPng;
  if (text == "svg") return PlotFormat::kSvg;
  throw Error(fmt::format("unknown plot format '{}' (expected png or svg)", text));
}

std::string to_string(PlotFormat format) { return format == PlotFormat::kSvg ? "svg" : "png"; }

std::string plot_path(const std::string& dir, const std::string& name, PlotFormat format) {
  return (std::filesystem::path(dir) / (name + "." + to_string(format))).string();
}

std::string csv_path(const std::string& path) {
  return std::filesystem::path(path).replace_extension(".csv").string();
}

}  // namespace axon::plot
