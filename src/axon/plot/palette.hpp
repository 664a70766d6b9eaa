// Colours shared by the plots: one per class (a light shade for filled regions, a strong one for
// points and lines, after ColorBrewer's Paired), and the diverging blue-white-red map for signed
// values.
#pragma once

#include <cstddef>
#include <string>

namespace axon::plot {

/// "#rrggbb" for class `k`; colours repeat after twelve classes.
std::string class_color(std::size_t k);
/// A light shade of class_color(k), for the background regions of a decision boundary.
std::string class_fill_color(std::size_t k);
/// A line colour for series `k` of a line plot (tab10).
std::string series_color(std::size_t k);
/// `set palette defined (...)`: blue for negative, white for zero, red for positive values.
std::string diverging_palette();

}  // namespace axon::plot
