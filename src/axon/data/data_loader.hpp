// DataLoader: mini-batches of a Dataset, reshuffled at the start of every pass, as in the seeds.
// The last batch holds the remainder unless drop_last is set. Batches are gathered into buffers
// the loader owns and reuses, so iterating does not allocate after the first batch.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/tensor/rng.hpp"

namespace axon {

struct DataLoaderOptions {
  std::size_t batch_size = 32;
  bool shuffle = true;
  bool drop_last = false;
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

  /// Starts a pass: reshuffles when shuffling is on.
  Iterator begin();
  Iterator end() { return Iterator(this, num_batches()); }

  std::size_t num_batches() const;
  std::size_t size() const { return data_.size(); }
  std::size_t batch_size() const { return options_.batch_size; }
  /// Gathers batch `b` of the current pass.
  Batch batch(std::size_t b);

 private:
  const Dataset& data_;
  DataLoaderOptions options_;
  Rng own_rng_;
  Rng* rng_;
  std::vector<std::size_t> order_;
  Tensor inputs_;
  Tensor targets_;
};

/// gather_rows, with the rows a few places ahead prefetched while the current one is copied: the
/// rows of a shuffled batch lie far apart, so a plain copy waits on memory at the start of each.
/// Same result as gather_rows (tested); the loader gathers its batches with it.
void gather_rows_prefetched(const Tensor& source, std::span<const std::size_t> indices,
                            Tensor& destination);

}  // namespace axon
