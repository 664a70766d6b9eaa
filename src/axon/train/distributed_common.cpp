// The parts of data-parallel training that are the same with and without MPI.
#include "axon/train/distributed.hpp"

#include <cstdlib>

namespace axon::distributed {

bool launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_NTASKS"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return available();
  }
  return false;
}

Share share(std::size_t batch_rows, int rank, int size) {
  const auto r = static_cast<std::size_t>(rank);
  const auto n = static_cast<std::size_t>(size);
  const std::size_t base = batch_rows / n, extra = batch_rows % n;
  return {.begin = r * base + (r < extra ? r : extra), .count = base + (r < extra ? 1 : 0)};
}

std::function<void(std::span<float>, std::size_t)> gradient_reducer(std::size_t global_rows) {
  return [global_rows](std::span<float> grads, std::size_t rows) {
    const float scale = static_cast<float>(rows) / static_cast<float>(global_rows);
    for (float& g : grads) g *= scale;
    allreduce_sum(grads);
  };
}

}  // namespace axon::distributed
