// Memory budget: how much memory the process may still allocate, so that a model, a batch or a
// file too large for the machine fails with the numbers before the allocation instead of an
// out-of-memory kill, a raw std::bad_alloc or an allocator that spins.
//
// The budget is the smallest of what applies:
//   MemAvailable        /proc/meminfo (or the available physical pages)
//   cgroup v2           memory.max - memory.current of the process's group
//   cgroup v1           memory.limit_in_bytes - memory.usage_in_bytes
//   address space       RLIMIT_AS (ulimit -v, prlimit --as) - the process's current VmSize
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace axon {

/// The memory the process may still allocate and the limit that decides it.
struct MemoryBudget {
  std::uint64_t bytes = 0;
  std::string limit;  ///< "MemAvailable", "the cgroup memory limit", "the address-space limit"
};

/// The budget now; nullopt when no limit can be read.
std::optional<MemoryBudget> memory_budget();

/// Bytes this process can still allocate (memory_budget().bytes); nullopt when unknown.
std::optional<std::uint64_t> available_memory();

/// RLIMIT_AS minus the current address-space size; nullopt when there is no such limit.
std::optional<std::uint64_t> address_space_headroom();

/// Throws axon::Error "'<source>': <what> needs <bytes> of memory, but only <available> is
/// available (<limit>)" when `bytes` exceeds the budget; does nothing when that is unknown. An
/// empty `source` leaves out the "'<source>': " part.
void check_fits_in_memory(std::uint64_t bytes, const std::string& source, const std::string& what);

/// "1.5 GB", "820 MB", "12 kB", "17 bytes" (up to EB).
std::string memory_text(std::uint64_t bytes);

}  // namespace axon
