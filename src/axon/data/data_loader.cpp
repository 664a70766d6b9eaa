// DataLoader: shuffled index order and batch gathering.
#include "axon/data/data_loader.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <span>
#include <utility>

#include "axon/tensor/error.hpp"
#include "axon/tensor/thread_pool.hpp"

namespace axon {

DataLoader::DataLoader(const Dataset& data, DataLoaderOptions options, Rng& rng)
    : data_(data), options_(options), rng_(&rng), order_(data.size()) {
  check(options.batch_size > 0, "batch_size must be > 0, got {}", options.batch_size);
  check(!data.empty(), "cannot load batches from an empty dataset");
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  if (options_.prefetch) worker_ = std::thread([this] { prefetch_loop(); });
}

DataLoader::~DataLoader() {
  if (!worker_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
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
                            Tensor& destination, bool on_pool) {
  // Two rows ahead hides the memory latency at the start of a row (bench/micro_data.cpp); the
  // hardware prefetcher follows within a row.
  constexpr std::size_t kAhead = 2;
  constexpr std::size_t kCacheLine = 64;
  constexpr std::size_t kGatherRows = 32;
  constexpr std::size_t kParallelGatherBytes = std::size_t{64} << 10;
  const std::size_t cols = source.cols(), bytes = cols * sizeof(float);
  for (const std::size_t index : indices)
    check(index < source.rows(), "row index {} out of range for {} rows", index, source.rows());
  destination.resize(source.shape().with_rows(indices.size()));
  // Runs of kGatherRows rows, on the compute pool if asked: each row starts with a cache miss,
  // and two cores wait on twice as many at once. A copy: the same result on any thread count.
  const std::size_t runs = (indices.size() + kGatherRows - 1) / kGatherRows;
  auto gather_run = [&](std::size_t run) {
    const std::size_t begin = run * kGatherRows;
    const std::size_t end = std::min(indices.size(), begin + kGatherRows);
    for (std::size_t i = begin; i < end; ++i) {
      if (i + kAhead < end) {
        const char* ahead = reinterpret_cast<const char*>(source.row(indices[i + kAhead]));
        for (std::size_t offset = 0; offset < bytes; offset += kCacheLine)
          __builtin_prefetch(ahead + offset);
      }
      std::memcpy(destination.row(i), source.row(indices[i]), bytes);
    }
  };
  if (!on_pool || runs <= 1 || bytes * indices.size() < kParallelGatherBytes) {
    for (std::size_t run = 0; run < runs; ++run) gather_run(run);
  } else {
    compute_pool().run(runs, gather_run);
  }
}

DataLoader::Iterator DataLoader::begin() {
  if (worker_.joinable()) {  // the order is about to change under a gather in flight
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    ready_ = kNone;
  }
  if (options_.shuffle) rng_->shuffle(order_);
  return Iterator(this, 0);
}

void DataLoader::gather(std::size_t b, Buffers& into) const {
  const std::size_t start = b * options_.batch_size;
  const std::size_t count = std::min(options_.batch_size, data_.size() - start);
  std::span<const std::size_t> indices(order_.data() + start, count);
  // Without a prefetching thread the batch is gathered on the compute pool; that thread gathers
  // alone (the pool runs the step meanwhile).
  const bool on_pool = !worker_.joinable();
  gather_rows_prefetched(data_.inputs, indices, into.inputs, on_pool);
  gather_rows_prefetched(data_.targets, indices, into.targets, on_pool);
}

void DataLoader::wait_idle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return requested_ == kNone; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void DataLoader::prefetch_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stop_ || requested_ != kNone; });
    if (stop_) return;
    const std::size_t b = requested_;
    lock.unlock();
    std::exception_ptr error;
    try {
      gather(b, buffers_[b % 2]);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    ready_ = error ? kNone : b;
    error_ = error;
    requested_ = kNone;
    changed_.notify_all();
  }
}

DataLoader::Batch DataLoader::batch(std::size_t b) {
  check(b * options_.batch_size < data_.size(), "batch {} is past the end ({} batches)", b,
        num_batches());
  if (!worker_.joinable()) {
    gather(b, buffers_[0]);
    return {buffers_[0].inputs, buffers_[0].targets};
  }
  Buffers& buffers = buffers_[b % 2];
  std::unique_lock lock(mutex_);
  wait_idle(lock);  // the gather of b, when it was asked for, or one of another batch
  if (ready_ != b) {
    lock.unlock();
    gather(b, buffers);
    lock.lock();
  }
  ready_ = kNone;
  // The caller holds batch b until its next call; b + 1 goes to the other buffers meanwhile.
  if (b + 1 < num_batches()) {
    requested_ = b + 1;
    changed_.notify_all();
  }
  return {buffers.inputs, buffers.targets};
}

DataLoader::Batch DataLoader::Iterator::operator*() const { return loader_->batch(batch_); }

}  // namespace axon
