// Image tiles: many small images (28x28 digits, weight pictures) laid out on one plot as a grid,
// each drawn with `matrix with image` at its own offset, for the prediction grid and the weight
// pictures.
#pragma once

#include <cstddef>
#include <string>

namespace axon::plot {

struct TileLayout {
  std::size_t columns = 1;
  std::size_t image_width = 28;
  std::size_t image_height = 28;
  std::size_t gap_x = 4;  ///< pixels between tiles across
  std::size_t gap_y = 4;  ///< pixels between tiles down
};

/// Tile k's image as a datablock section (sections separated by two blank lines; gnuplot's
/// `index k`), `pixels` holding image_width * image_height values row by row.
std::string tile_section(const float* pixels, const TileLayout& layout);

/// The plot element drawing section k at its place: column k % columns, row k / columns, row 0 at
/// the top (the plot runs its y axis downwards, `set yrange [bottom:top]` with bottom > top).
std::string tile_plot(const std::string& datablock, std::size_t k, const TileLayout& layout);

/// x and y of tile k's top-left corner in plot units.
double tile_x(std::size_t k, const TileLayout& layout);
double tile_y(std::size_t k, const TileLayout& layout);

}  // namespace axon::plot
