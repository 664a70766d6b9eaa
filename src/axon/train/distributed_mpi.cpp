// Data-parallel training over MPI. Open MPI's default error handler (MPI_ERRORS_ARE_FATAL) aborts
// the whole job when a rank dies, so the others never wait forever in an allreduce.
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"

namespace axon::distributed {
namespace {
bool started_here = false;

// True between MPI_Init and MPI_Finalize, when MPI may be called.
bool running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

}  // namespace

bool available() { return true; }

void init(int* argc, char*** argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) return;
  MPI_Init(argc, argv);
  started_here = true;
}

void finalize() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (started_here && !finalized) MPI_Finalize();
  started_here = false;
}

int rank() {
  int r = 0;
  if (running()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int n = 1;
  if (running()) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

namespace {

// Sums `values` over the ranks in place, as one MPI call of `type`.
template <typename T>
void allreduce_sum_of(std::span<T> values, MPI_Datatype type) {
  if (size() == 1) return;
  check(values.size() <= static_cast<std::size_t>(INT32_MAX),
        "allreduce_sum: {} values are more than one MPI call takes", values.size());
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), type, MPI_SUM,
                MPI_COMM_WORLD);
}

}  // namespace

void allreduce_sum(std::span<float> values) { allreduce_sum_of(values, MPI_FLOAT); }

void allreduce_sum(std::span<double> values) { allreduce_sum_of(values, MPI_DOUBLE); }

std::vector<std::uint64_t> allgather(std::uint64_t value) {
  std::vector<std::uint64_t> values(static_cast<std::size_t>(size()), value);
  if (values.size() > 1)
    MPI_Allgather(&value, 1, MPI_UINT64_T, values.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
  return values;
}

void broadcast_bytes(std::vector<unsigned char>& bytes) {
  if (size() == 1) return;
  std::uint64_t count = bytes.size();
  MPI_Bcast(&count, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  bytes.resize(count);
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 30;  // one MPI call counts in int
  for (std::uint64_t at = 0; at < count; at += kChunk)
    MPI_Bcast(bytes.data() + at, static_cast<int>(std::min(kChunk, count - at)), MPI_UNSIGNED_CHAR,
              0, MPI_COMM_WORLD);
}

bool same_on_all_ranks(std::span<const double> values) {
  if (size() == 1) return true;
  std::vector<double> low(values.begin(), values.end()), high = low;
  MPI_Allreduce(MPI_IN_PLACE, low.data(), static_cast<int>(low.size()), MPI_DOUBLE, MPI_MIN,
                MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, high.data(), static_cast<int>(high.size()), MPI_DOUBLE, MPI_MAX,
                MPI_COMM_WORLD);
  return low == high;
}

}  // namespace axon::distributed
