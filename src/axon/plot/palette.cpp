// The colour tables.
#include "axon/plot/palette.hpp"

#include <array>

namespace axon::plot {
namespace {

constexpr std::array<const char*, 12> kStrong = {"#1f78b4", "#e31a1c", "#33a02c", "#ff7f00",
                                                 "#6a3d9a", "#b15928", "#17becf", "#e377c2",
                                                 "#7f7f7f", "#bcbd22", "#000080", "#008080"};
constexpr std::array<const char*, 12> kLight = {"#a6cee3", "#fb9a99", "#b2df8a", "#fdbf6f",
                                                "#cab2d6", "#e6c8a0", "#9edae5", "#f7b6d2",
                                                "#c7c7c7", "#dbdb8d", "#9999cc", "#80c0c0"};
constexpr std::array<const char*, 10> kSeries = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                 "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                 "#bcbd22", "#17becf"};

}  // namespace

std::string class_color(std::size_t k) { return kStrong[k % kStrong.size()]; }
std::string class_fill_color(std::size_t k) { return kLight[k % kLight.size()]; }
std::string series_color(std::size_t k) { return kSeries[k % kSeries.size()]; }

std::string diverging_palette() {
  return "set palette defined (0 \"#053061\", 1 \"#2166ac\", 2 \"#4393c3\", 3 \"#92c5de\", "
         "4 \"#f7f7f7\", 5 \"#f4a582\", 6 \"#d6604d\", 7 \"#b2182b\", 8 \"#67001f\")\n";
}

}  // namespace axon::plot
