// Data-parallel training without MPI: one process, rank 0 of 1.
#include "axon/train/distributed.hpp"

namespace axon::distributed {

bool available() { return false; }
void init(int*, char***) {}
void finalize() {}
int rank() { return 0; }
int size() { return 1; }
void allreduce_sum(std::span<float>) {}
void allreduce_sum(std::span<double>) {}
std::vector<std::uint64_t> allgather(std::uint64_t value) { return {value}; }
void broadcast_bytes(std::vector<unsigned char>&) {}
bool same_on_all_ranks(std::span<const double>) { return true; }

}  // namespace axon::distributed
