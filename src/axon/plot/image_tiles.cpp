// Image tiles: datablock sections and offsets.
#include "axon/plot/image_tiles.hpp"

#include <fmt/format.h>

namespace axon::plot {

std::string tile_section(const float* pixels, const TileLayout& layout) {
  std::string s;
  for (std::size_t r = 0; r < layout.image_height; ++r) {
    for (std::size_t c = 0; c < layout.image_width; ++c)
      s += fmt::format("{}{:.5g}", c > 0 ? " " : "", pixels[r * layout.image_width + c]);
    s += "\n";
  }
  return s + "\n\n";
}

double tile_x(std::size_t k, const TileLayout& layout) {
  return static_cast<double>((k % layout.columns) * (layout.image_width + layout.gap_x));
}

double tile_y(std::size_t k, const TileLayout& layout) {
  return static_cast<double>((k / layout.columns) * (layout.image_height + layout.gap_y));
}

std::string tile_plot(const std::string& datablock, std::size_t k, const TileLayout& layout) {
  return fmt::format("{} index {} matrix using ($1+{}):($2+{}):3 with image notitle", datablock, k,
                     tile_x(k, layout), tile_y(k, layout));
}

}  // namespace axon::plot
