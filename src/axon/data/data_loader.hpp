// DataLoader: mini-batches of a Dataset, reshuffled at the start of every pass, as in the seeds.
// The last batch holds the remainder unless drop_last is set. Batches are gathered into buffers
// the loader owns and reuses, so iterating does not allocate after the first batch. With
// prefetch, a second thread gathers the next batch while the caller trains on this one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/tensor/rng.hpp"

namespace axon {

struct DataLoaderOptions {
  std::size_t batch_size = 32;
  bool shuffle = true;
  bool drop_last = false;
  /// Gather batch b + 1 on a background thread while batch b is in use: the copy of scattered rows
  /// waits on memory, and another core can wait instead. Same batches, same order.
  bool prefetch = false;
};

class DataLoader {
 public:
  struct Batch {
    const Tensor& inputs;
    const Tensor& targets;
  };

  class Iterator {
   public:
    Batch operator*() const;
    Iterator& operator++() {
      ++batch_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return batch_ != other.batch_; }

   private:
    friend class DataLoader;
    Iterator(DataLoader* loader, std::size_t batch) : loader_(loader), batch_(batch) {}
    DataLoader* loader_;
    std::size_t batch_;
  };

  /// `rng` drives the shuffling and must outlive the loader (a model passes its own).
  DataLoader(const Dataset& data, DataLoaderOptions options, Rng& rng);
  /// A loader with its own random source.
  DataLoader(const Dataset& data, DataLoaderOptions options, std::uint64_t seed = 0);
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;
  ~DataLoader();

  /// Starts a pass: reshuffles when shuffling is on.
  Iterator begin();
  Iterator end() { return Iterator(this, num_batches()); }

  std::size_t num_batches() const;
  std::size_t size() const { return data_.size(); }
  std::size_t batch_size() const { return options_.batch_size; }
  /// Gathers batch `b` of the current pass. The batch stays valid until the next call.
  Batch batch(std::size_t b);

 private:
  struct Buffers {
    Tensor inputs;
    Tensor targets;
  };
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  void gather(std::size_t b, Buffers& into) const;
  void wait_idle(std::unique_lock<std::mutex>& lock);
  void prefetch_loop();

  const Dataset& data_;
  DataLoaderOptions options_;
  Rng own_rng_;
  Rng* rng_;
  std::vector<std::size_t> order_;
  Buffers buffers_[2];  // batch b in buffers_[b % 2] with prefetch, else always in buffers_[0]

  // The prefetching thread and what it is asked: gather `requested_` (kNone: nothing); it sets
  // `ready_` to the batch it finished. The mutex guards these three and `error_`.
  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t requested_ = kNone;
  std::size_t ready_ = kNone;
  bool stop_ = false;
  std::exception_ptr error_;
};

/// gather_rows, with the rows a few places ahead prefetched while the current one is copied: the
/// rows of a shuffled batch lie far apart, so a plain copy waits on memory at the start of each.
/// Same result as gather_rows (tested); the loader gathers its batches with it. `on_pool`: a
/// batch of 64 KiB or more is copied in runs of 32 rows on the compute pool (thread_pool.hpp),
/// never from inside a pool job.
void gather_rows_prefetched(const Tensor& source, std::span<const std::size_t> indices,
                            Tensor& destination, bool on_pool = false);

}  // namespace axon
