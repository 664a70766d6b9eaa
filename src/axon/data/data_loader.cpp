// DataLoader: shuffled index order and batch gathering.
#include "axon/data/data_loader.hpp"

#include <algorithm>
#include <numeric>
#include <span>

#include "axon/tensor/error.hpp"

namespace axon {

DataLoader::DataLoader(const Dataset& data, DataLoaderOptions options, Rng& rng)
    : data_(data), options_(options), rng_(&rng), order_(data.size()) {
  check(options.batch_size > 0, "batch_size must be > 0, got {}", options.batch_size);
  check(!data.empty(), "cannot load batches from an empty dataset");
  std::iota(order_.begin(), order_.end(), std::size_t{0});
}

DataLoader::DataLoader(const Dataset& data, DataLoaderOptions options, std::uint64_t seed)
    : DataLoader(data, options, own_rng_) {
  own_rng_ = Rng(seed);
}

std::size_t DataLoader::num_batches() const {
  const std::size_t n = data_.size(), b = options_.batch_size;
  return options_.drop_last ? n / b : (n + b - 1) / b;
}

DataLoader::Iterator DataLoader::begin() {
  if (options_.shuffle) rng_->shuffle(order_);
  return Iterator(this, 0);
}

DataLoader::Batch DataLoader::batch(std::size_t b) {
  const std::size_t start = b * options_.batch_size;
  check(start < data_.size(), "batch {} is past the end ({} batches)", b, num_batches());
  const std::size_t count = std::min(options_.batch_size, data_.size() - start);
  std::span<const std::size_t> indices(order_.data() + start, count);
  gather_rows(data_.inputs, indices, inputs_);
  gather_rows(data_.targets, indices, targets_);
  return {inputs_, targets_};
}

DataLoader::Batch DataLoader::Iterator::operator*() const { return loader_->batch(batch_); }

}  // namespace axon
