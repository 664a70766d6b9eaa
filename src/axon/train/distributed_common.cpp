// The parts of data-parallel training that are the same with and without MPI.
#include "axon/train/distributed.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>

#include "axon/tensor/error.hpp"

namespace axon::distributed {

bool launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_NTASKS"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return available();
  }
  return false;
}

void run_on_rank0(const std::function<void()>& action) {
  if (size() == 1) return action();
  std::string failure;
  if (rank() == 0) {
    try {
      action();
    } catch (const std::exception& e) {  // Error, bad_alloc: the others must not wait
      failure = e.what();
      if (failure.empty()) failure = "rank 0 failed";
    }
  }
  std::vector<unsigned char> message(failure.begin(), failure.end());
  broadcast_bytes(message);
  if (!message.empty()) throw SharedError(std::string(message.begin(), message.end()));
}

Share share(std::size_t batch_rows, int rank, int size) {
  const auto r = static_cast<std::size_t>(rank);
  const auto n = static_cast<std::size_t>(size);
  const std::size_t base = batch_rows / n, extra = batch_rows % n;
  return {.begin = r * base + (r < extra ? r : extra), .count = base + (r < extra ? 1 : 0)};
}

Share block(std::size_t rows, int rank, int size) {
  const auto r = static_cast<std::size_t>(rank);
  const auto n = static_cast<std::size_t>(size);
  const std::size_t begin = r * rows / n, end = (r + 1) * rows / n;
  return {.begin = begin, .count = end - begin};
}

std::uint64_t shard_seed(std::uint64_t seed, int rank) {
  // splitmix64 of the seed and the rank: streams far apart for neighbouring ranks.
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(rank) + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Metrics sum_metrics(const Metrics& local) {
  if (size() == 1) return local;
  const auto n = static_cast<double>(local.samples);
  // Float sums, as the training loss's: counts are exact below 2^24 samples.
  float sums[5] = {static_cast<float>(local.loss * n),
                   static_cast<float>(local.accuracy.value_or(0) * n),
                   static_cast<float>(local.mse.value_or(0) * n),
                   static_cast<float>(local.mae.value_or(0) * n), static_cast<float>(n)};
  allreduce_sum(sums);
  Metrics global;
  global.samples = static_cast<std::size_t>(std::llround(sums[4]));
  const double total = std::max(static_cast<double>(sums[4]), 1.0);
  global.loss = sums[0] / total;
  if (local.accuracy) global.accuracy = sums[1] / total;
  if (local.mse) global.mse = sums[2] / total;
  if (local.mae) global.mae = sums[3] / total;
  return global;
}

std::function<void(std::span<float>, std::size_t)> gradient_reducer(std::size_t global_rows) {
  return [global_rows](std::span<float> grads, std::size_t rows) {
    const float scale = static_cast<float>(rows) / static_cast<float>(global_rows);
    for (float& g : grads) g *= scale;
    allreduce_sum(grads);
  };
}

}  // namespace axon::distributed
