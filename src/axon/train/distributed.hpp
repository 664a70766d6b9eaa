// Data-parallel training over MPI: every rank takes an equal share of each global batch and the
// ranks' gradients are summed with one allreduce on the contiguous gradient block per step.
// Without MPI (AXON_MPI off) this is a stub: one process, rank 0 of 1, and nothing to reduce.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "axon/model/metrics.hpp"
#include "axon/tensor/error.hpp"

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
/// The same in double (statistics of sharded data).
void allreduce_sum(std::span<double> values);

/// Every rank's `value`, in rank order (MPI_Allgather).
std::vector<std::uint64_t> allgather(std::uint64_t value);
/// Gives every rank rank 0's `bytes` (MPI_Bcast of the size, then of the bytes in chunks).
void broadcast_bytes(std::vector<unsigned char>& bytes);
/// Runs `action` on rank 0 alone; an axon::Error it throws is thrown on every rank, with the same
/// message, so that all of them stop together. With one rank it is a plain call.
void run_on_rank0(const std::function<void()>& action);

/// True when every rank passed the same values (an allreduce of their minimum and maximum).
bool same_on_all_ranks(std::span<const double> values);

/// An error that every rank throws alike at the same point (run_on_rank0, checks of data that
/// every rank holds the same), after which the ranks can end MPI together.
class SharedError : public Error {
 public:
  using Error::Error;
};

/// Starts MPI when launched by mpirun or srun and ends it when it goes out of scope.
class Session {
 public:
  Session() {
    if (launched()) init(nullptr, nullptr);
  }
  ~Session() {
    if (!abandoned_) finalize();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  /// After an error of this rank alone: MPI is left unfinished, since the other ranks may wait in
  /// a collective call that MPI_Finalize would wait on forever; when this process exits, mpirun
  /// sees a rank end without MPI_Finalize and stops the job.
  void abandon() { abandoned_ = true; }

 private:
  bool abandoned_ = false;
};

/// The rows [begin, begin + count) of a global batch of `batch_rows` this rank takes: the first
/// batch_rows mod size ranks take one row more than the others.
struct Share {
  std::size_t begin = 0;
  std::size_t count = 0;
};
Share share(std::size_t batch_rows, int rank, int size);

/// The rows [begin, begin + count) of `rows` that rank r holds when the data is sharded: the
/// contiguous block [r * rows / N, (r + 1) * rows / N).
Share block(std::size_t rows, int rank, int size);

/// The seed of rank r's shuffle of its shard, derived from `seed` (one stream per rank).
std::uint64_t shard_seed(std::uint64_t seed, int rank);

/// Metrics of the ranks' parts of one data set, as one process would compute them on the whole:
/// loss, accuracy, mse and mae weighted by samples, samples summed (one allreduce). r2 needs more
/// than these sums and is dropped with several ranks.
Metrics sum_metrics(const Metrics& local);

/// The reduce_gradients hook of TrainStepOptions: a loss averages over this rank's `rows`, so the
/// block is scaled by rows / global_rows and summed over ranks, which gives the gradient of the
/// mean over the global batch, the one a single process computes.
std::function<void(std::span<float>, std::size_t)> gradient_reducer(std::size_t global_rows);

}  // namespace axon::distributed
