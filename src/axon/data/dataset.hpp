// Dataset: inputs and targets, one sample per row, as in the seeds' MyDataset.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "axon/tensor/rng.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {

struct Dataset {
  Tensor inputs;   ///< (N, features) or (N, channels, height, width)
  Tensor targets;  ///< (N, outputs): values, one-hot rows, or class indices (N, 1)

  Dataset() = default;
  /// Checks that inputs and targets have the same number of rows.
  Dataset(Tensor inputs, Tensor targets);

  std::size_t size() const { return inputs.rows(); }
  bool empty() const { return size() == 0; }
  std::size_t features() const { return inputs.cols(); }

  /// The samples at `indices`, in that order.
  Dataset subset(std::span<const std::size_t> indices) const;
  /// Splits off a random `fraction` of the samples (0 < fraction < 1) as the second part.
  std::pair<Dataset, Dataset> split(double fraction, Rng& rng) const;
  /// The row indices of split()'s two parts for `size` samples: the same draw from `rng`.
  static std::pair<std::vector<std::size_t>, std::vector<std::size_t>> split_indices(
      std::size_t size, double fraction, Rng& rng);
};

/// The samples Dataset::split puts in its second part: `fraction` of `samples`, rounded.
std::size_t split_size(std::size_t samples, double fraction);

/// Copies rows `indices` of `source` into `destination` (resized to (indices.size(), ...)).
void gather_rows(const Tensor& source, std::span<const std::size_t> indices, Tensor& destination);

}  // namespace axon
