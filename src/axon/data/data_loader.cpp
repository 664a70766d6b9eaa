// DataLoader: shuffled index order and batch gathering.
#include "axon/data/data_loader.hpp"

#include <algorithm>
#include <cstring>
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

void gather_rows_prefetched(const Tensor& source, std::span<const std::size_t> indices,
                            Tensor& destination) {
  // Two rows ahead hides the memory latency at the start of a row (bench/micro_data.cpp); the
  // hardware prefetcher follows within a row.
  constexpr std::size_t kAhead = 2;
  constexpr std::size_t kCacheLine = 64;
  const std::size_t cols = source.cols(), bytes = cols * sizeof(float);
  for (const std::size_t index : indices)
    check(index < source.rows(), "row index {} out of range for {} rows", index, source.rows());
  destination.resize(source.shape().with_rows(indices.size()));
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (i + kAhead < indices.size()) {
      const char* ahead = reinterpret_cast<const char*>(source.row(indices[i + kAhead]));
      for (std::size_t offset = 0; offset < bytes; offset += kCacheLine)
        __builtin_prefetch(ahead + offset);
    }
    std::memcpy(destination.row(i), source.row(indices[i]), bytes);
  }
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
  gather_rows_prefetched(data_.inputs, indices, inputs_);
  gather_rows_prefetched(data_.targets, indices, targets_);
  return {inputs_, targets_};
}

DataLoader::Batch DataLoader::Iterator::operator*() const { return loader_->batch(batch_); }

}  // namespace axon
