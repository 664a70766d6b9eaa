// Dataset: construction checks, subsets and splits.
#include "axon/data/dataset.hpp"

#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "axon/tensor/error.hpp"

namespace axon {

Dataset::Dataset(Tensor in, Tensor out) : inputs(std::move(in)), targets(std::move(out)) {
  check(inputs.rows() == targets.rows(),
        "dataset: inputs have {} rows {} but targets have {} rows {}", inputs.rows(),
        inputs.shape(), targets.rows(), targets.shape());
}

void gather_rows(const Tensor& source, std::span<const std::size_t> indices, Tensor& destination) {
  const std::size_t cols = source.cols();
  destination.resize(source.shape().with_rows(indices.size()));
  for (std::size_t i = 0; i < indices.size(); ++i) {
    check(indices[i] < source.rows(), "row index {} out of range for {} rows", indices[i],
          source.rows());
    std::memcpy(destination.row(i), source.row(indices[i]), cols * sizeof(float));
  }
}

Dataset Dataset::subset(std::span<const std::size_t> indices) const {
  Dataset out;
  gather_rows(inputs, indices, out.inputs);
  gather_rows(targets, indices, out.targets);
  return out;
}

std::size_t split_size(std::size_t samples, double fraction) {
  return static_cast<std::size_t>(std::round(fraction * static_cast<double>(samples)));
}

std::pair<std::vector<std::size_t>, std::vector<std::size_t>> Dataset::split_indices(
    std::size_t size, double fraction, Rng& rng) {
  check(fraction > 0.0 && fraction < 1.0, "split fraction must be in (0, 1), got {}", fraction);
  const std::size_t second = split_size(size, fraction);
  check(second > 0 && second < size,
        "splitting {} samples by {} leaves one part empty; use more data or another fraction", size,
        fraction);
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(order);
  std::vector<std::size_t> rest(order.begin() + static_cast<std::ptrdiff_t>(size - second),
                                order.end());
  order.resize(size - second);
  return {std::move(order), std::move(rest)};
}

std::pair<Dataset, Dataset> Dataset::split(double fraction, Rng& rng) const {
  const auto [first, second] = split_indices(size(), fraction, rng);
  return {subset(first), subset(second)};
}

}  // namespace axon
