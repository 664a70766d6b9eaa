// Memory budget: how much memory a reader may still allocate, so that a file whose header declares
// more data than fits fails with a message before the allocation instead of an out-of-memory kill.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace axon {

/// Bytes this process can still allocate: MemAvailable from /proc/meminfo (or the available
/// physical pages), lowered by a cgroup memory limit when one is set. nullopt when unknown.
std::optional<std::uint64_t> available_memory();

/// Throws axon::Error "'<source>': <what> needs <bytes> of memory, but only <available> is
/// available" when `bytes` exceeds available_memory(); does nothing when that is unknown.
void check_fits_in_memory(std::uint64_t bytes, const std::string& source, const std::string& what);

/// "1.5 GB", "820 MB", "12 kB", "17 bytes".
std::string memory_text(std::uint64_t bytes);

}  // namespace axon
