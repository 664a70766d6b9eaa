// Data-parallel training over MPI: every rank takes an equal share of each global batch and the
// ranks' gradients are summed with one allreduce on the contiguous gradient block per step.
// Without MPI (AXON_MPI off) this is a stub: one process, rank 0 of 1, and nothing to reduce.
#pragma once

#include <cstddef>
#include <functional>
#include <span>

namespace axon::distributed {

/// True when axon was built with MPI (the CMake option AXON_MPI).
bool available();
/// True when a launcher (mpirun, srun) started this process as one of several ranks.
bool launched();
/// Starts MPI once (MPI_Init); a no-op without MPI or when already started.
void init(int* argc, char*** argv);
/// Ends MPI (MPI_Finalize) if init started it.
void finalize();
/// This process's rank (0 without MPI).
int rank();
/// The number of ranks (1 without MPI).
int size();
/// Sums `values` over all ranks in place (MPI_Allreduce, MPI_SUM).
void allreduce_sum(std::span<float> values);

/// True when every rank passed the same values (an allreduce of their minimum and maximum).
bool same_on_all_ranks(std::span<const double> values);

/// Starts MPI when launched by mpirun or srun and ends it when it goes out of scope.
class Session {
 public:
  Session() {
    if (launched()) init(nullptr, nullptr);
  }
  ~Session() { finalize(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

/// The rows [begin, begin + count) of a global batch of `batch_rows` this rank takes: the first
/// batch_rows mod size ranks take one row more than the others.
struct Share {
  std::size_t begin = 0;
  std::size_t count = 0;
};
Share share(std::size_t batch_rows, int rank, int size);

/// The reduce_gradients hook of TrainStepOptions: a loss averages over this rank's `rows`, so the
/// block is scaled by rows / global_rows and summed over ranks, which gives the gradient of the
/// mean over the global batch, the one a single process computes.
std::function<void(std::span<float>, std::size_t)> gradient_reducer(std::size_t global_rows);

}  // namespace axon::distributed
