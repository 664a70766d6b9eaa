// The indices that sort a list of values, for plots drawn as lines over x.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

namespace axon::plot {

/// Indices i of `values` ordered by values[i] (ties keep their order).
inline std::vector<std::size_t> sorted_order(std::span<const float> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  return order;
}

}  // namespace axon::plot
